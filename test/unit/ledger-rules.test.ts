import { describe, expect, it } from "vitest";
import {
  admitEntries,
  appendEntries,
  appendsInOrder,
  replayTimeline,
  type TimelineEntry,
  tailOf,
} from "../../src/domain/ledger-rules.js";

let seq = 0;
const e = (type: TimelineEntry["type"], date: string, value = "0.00"): TimelineEntry => ({
  key: `${type}@${date}#${++seq}`,
  type,
  occurredAt: new Date(`${date}T12:00:00Z`),
  value,
  seq,
});

describe("ledger rules", () => {
  it("follows a customer through gained, expanded, contracted, lost and reactivated", () => {
    const r = replayTimeline([
      e("gained", "2026-01-01", "1000.00"),
      e("expanded", "2026-02-01", "250.00"),
      e("contracted", "2026-03-01", "100.00"),
      e("lost", "2026-04-01", "1150.00"),
      e("reactivated", "2026-05-01", "900.00"),
    ]);
    expect(r.violations).toEqual([]);
    expect(r.entries.map((x) => [x.statusAfter, x.valueAfter])).toEqual([
      ["active", "1000.00"],
      ["active", "1250.00"],
      ["active", "1150.00"],
      ["lost", "0.00"],
      ["active", "900.00"],
    ]);
    expect(r.openingActive).toBe(false);
  });

  it("refuses a second loss without a regain", () => {
    const r = replayTimeline([
      e("gained", "2026-01-01", "10"),
      e("lost", "2026-02-01", "10"),
      e("lost", "2026-03-01", "10"),
    ]);
    expect(r.violations.map((v) => v.code)).toEqual(["already_lost"]);
    expect(r.violations[0]?.message).toContain("2026-02-01");
  });

  it("refuses gained twice, reactivated while active, and changes to a lost customer", () => {
    expect(replayTimeline([e("gained", "2026-01-01"), e("gained", "2026-01-02")]).violations[0]?.code).toBe(
      "already_active",
    );
    expect(
      replayTimeline([e("gained", "2026-01-01"), e("reactivated", "2026-01-02")]).violations[0]?.code,
    ).toBe("not_lost");
    expect(
      replayTimeline([e("gained", "2026-01-01"), e("lost", "2026-01-02"), e("expanded", "2026-01-03")])
        .violations[0]?.code,
    ).toBe("lost_customer_changed");
    expect(
      replayTimeline([e("gained", "2026-01-01"), e("lost", "2026-01-02"), e("gained", "2026-01-03")])
        .violations[0]?.code,
    ).toBe("regain_after_loss");
  });

  it("treats a customer first seen lost as active since the ledger began, with the lost value", () => {
    const r = replayTimeline([e("expanded", "2026-01-01", "200.00"), e("lost", "2026-02-01", "1200.00")]);
    expect(r.violations).toEqual([]);
    expect(r.openingActive).toBe(true);
    expect(r.openingValue).toBe("1000.00");
    expect(r.status).toBe("lost");
  });

  it("gives a customer first seen contracting the least opening value that keeps it non-negative", () => {
    const r = replayTimeline([e("contracted", "2026-01-01", "300.00"), e("expanded", "2026-02-01", "50.00")]);
    expect(r.openingActive).toBe(true);
    expect(r.openingValue).toBe("300.00");
    expect(r.currentValue).toBe("50.00");
  });

  it("a referral changes nothing", () => {
    const r = replayTimeline([e("referred", "2026-01-01"), e("gained", "2026-01-02", "5.00")]);
    expect(r.violations).toEqual([]);
    expect(r.openingActive).toBe(false);
    expect(r.status).toBe("active");
  });

  it("admits appended entries and refuses a back-dated one that breaks later history", () => {
    const stored = [e("gained", "2026-01-01", "10.00"), e("lost", "2026-03-01", "10.00")];
    const good = e("expanded", "2026-02-01", "5.00");
    const bad = e("lost", "2026-02-15", "10.00"); // would make the stored March loss a second loss
    const after = e("reactivated", "2026-04-01", "8.00");
    const { accepted, rejected, replay } = admitEntries(stored, [good, bad, after]);
    expect(accepted.map((a) => a.key)).toEqual([good.key, after.key]);
    expect(rejected.map((r) => [r.key, r.code])).toEqual([[bad.key, "already_lost"]]);
    expect(replay.entries.find((x) => x.key === good.key)?.valueAfter).toBe("15.00");
    expect(replay.status).toBe("active");
    expect(replay.currentValue).toBe("8.00");
  });

  it("orders entries at the same instant by arrival", () => {
    const t = "2026-01-01";
    const { rejected } = admitEntries(
      [],
      [e("gained", t, "1.00"), e("lost", t, "1.00"), e("reactivated", t, "1.00")],
    );
    expect(rejected).toEqual([]);
  });

  it("appends to a remembered tail exactly as admitting to the whole timeline would", () => {
    const stored = [e("gained", "2026-01-01", "1000.00"), e("expanded", "2026-02-01", "250.00")];
    const first = admitEntries([], stored);
    const tail = tailOf(first.replay);
    expect(tail).not.toBeNull();
    if (!tail) return;
    const more = [
      e("lost", "2026-03-01", "1250.00"),
      e("expanded", "2026-03-02", "5.00"),
      e("lost", "2026-03-03", "1.00"),
      e("reactivated", "2026-03-03", "700.00"),
      e("contracted", "2026-04-01", "900.00"),
    ];
    expect(appendsInOrder(tail, more)).toBe(true);
    const whole = admitEntries(stored, more);
    const appended = appendEntries(tail, more);
    expect(appended.accepted).toEqual(whole.accepted);
    expect(appended.rejected).toEqual(whole.rejected);
    expect(appended.replay.entries).toEqual(whole.replay.entries.slice(stored.length));
    expect([appended.replay.status, appended.replay.currentValue]).toEqual([
      whole.replay.status,
      whole.replay.currentValue,
    ]);
    expect(appended.tail).toEqual(tailOf(whole.replay));
  });

  it("keeps no tail while a later movement could still change the opening value", () => {
    expect(tailOf(replayTimeline([e("expanded", "2026-01-01", "10.00")]))).toBeNull();
    const tail = tailOf(replayTimeline([e("gained", "2026-01-01", "10.00")]));
    expect(tail && appendsInOrder(tail, [e("expanded", "2025-12-31", "1.00")])).toBe(false);
  });
});
