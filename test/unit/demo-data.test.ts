import { describe, expect, it } from "vitest";
import { generateDemoData } from "../../src/domain/demo-data.js";
import { replayTimeline } from "../../src/domain/ledger-rules.js";
import { classifyNps, isValidScore } from "../../src/domain/scores.js";
import { DEFAULT_REASONS, reasonDirectionFor } from "../../src/domain/taxonomy.js";

const DAY = 86_400_000;
const WEEK = 7 * DAY;
const end = new Date("2026-11-23T09:30:00Z");
const windowStart = end.getTime() - 12 * WEEK;
const data = generateDemoData({ end, seed: 1, currency: "EUR" });

function timelines(movements: typeof data.movements) {
  const byCustomer = new Map<string, typeof data.movements>();
  for (const m of movements) {
    const list = byCustomer.get(m.customerExternalId) ?? [];
    list.push(m);
    byCustomer.set(m.customerExternalId, list);
  }
  return byCustomer;
}

describe("generateDemoData", () => {
  it("is deterministic for the same seed and end", () => {
    const again = generateDemoData({ end: new Date(end.getTime()), seed: 1, currency: "EUR" });
    expect(again).toEqual(data);
    const other = generateDemoData({ end, seed: 2, currency: "EUR" });
    expect(other.movements.map((m) => m.contentHash)).not.toEqual(data.movements.map((m) => m.contentHash));
  });

  it("produces a demo-sized data set, clearly labelled", () => {
    expect(data.movements.length).toBeGreaterThanOrEqual(150);
    expect(data.movements.length).toBeLessThanOrEqual(400);
    expect(data.responses.length).toBeGreaterThanOrEqual(600);
    expect(data.responses.length).toBeLessThanOrEqual(1200);
    for (const m of data.movements) {
      expect(m.source).toBe("demo");
      expect(m.customerExternalId).toMatch(/^demo-cus-\d{4}$/);
      expect(m.idempotencyKey).toMatch(/^demo:/);
      expect(m.value).toMatch(/^\d+\.\d{2}$/);
      expect(m.currency).toBe("EUR");
      expect(m.customerName).toBeTruthy();
    }
    for (const r of data.responses) {
      expect(r.source).toBe("demo");
      expect(r.idempotencyKey).toMatch(/^demo:/);
    }
  });

  it("replays every customer's timeline without violations", () => {
    for (const seed of [1, 2, 3, 42]) {
      const { movements } = seed === 1 ? data : generateDemoData({ end, seed, currency: "EUR" });
      for (const [customer, list] of timelines(movements)) {
        const replay = replayTimeline(
          list.map((m, i) => ({
            key: m.idempotencyKey,
            type: m.type,
            occurredAt: m.occurredAt,
            value: m.value,
            seq: i,
          })),
        );
        expect(replay.violations, `${customer} (seed ${seed})`).toEqual([]);
        expect(replay.openingActive).toBe(false);
      }
    }
  });

  it("keeps every score within the range of its kind", () => {
    const kinds = new Set(data.responses.map((r) => r.kind));
    expect([...kinds].sort()).toEqual(["ces", "csat", "nps"]);
    for (const r of data.responses) expect(isValidScore(r.kind, r.score), `${r.kind} ${r.score}`).toBe(true);
  });

  it("dates everything before end, inside the window except the opening base", () => {
    for (const m of data.movements) {
      expect(m.occurredAt.getTime()).toBeLessThan(end.getTime());
      if (m.occurredAt.getTime() < windowStart) expect(m.type).toBe("gained");
    }
    for (const r of data.responses) {
      expect(r.respondedAt.getTime()).toBeLessThan(end.getTime());
      expect(r.respondedAt.getTime()).toBeGreaterThanOrEqual(windowStart);
    }
    const base = data.movements.filter((m) => m.occurredAt.getTime() < windowStart);
    expect(base.length).toBeGreaterThan(50);
  });

  it("honours a shorter window", () => {
    const short = generateDemoData({ end, weeks: 4, seed: 5, currency: "USD" });
    const start = end.getTime() - 4 * WEEK;
    for (const r of short.responses) expect(r.respondedAt.getTime()).toBeGreaterThanOrEqual(start);
    for (const m of short.movements) {
      expect(m.occurredAt.getTime()).toBeLessThan(end.getTime());
      if (m.occurredAt.getTime() < start) expect(m.type).toBe("gained");
    }
    for (const [, list] of timelines(short.movements)) {
      const replay = replayTimeline(
        list.map((m, i) => ({
          key: m.idempotencyKey,
          type: m.type,
          occurredAt: m.occurredAt,
          value: m.value,
          seq: i,
        })),
      );
      expect(replay.violations).toEqual([]);
    }
  });

  it("covers at least 4 segments, each gaining and losing customers in the window", () => {
    const segments = new Set(data.movements.map((m) => m.segment));
    expect(segments.size).toBeGreaterThanOrEqual(4);
    for (const segment of segments) {
      const inWindow = data.movements.filter(
        (m) => m.segment === segment && m.occurredAt.getTime() >= windowStart,
      );
      expect(
        inWindow.some((m) => m.type === "gained"),
        `${segment} gained`,
      ).toBe(true);
      expect(
        inWindow.some((m) => m.type === "lost"),
        `${segment} lost`,
      ).toBe(true);
    }
  });

  it("uses reason codes from the default taxonomy, by direction", () => {
    const known = new Set(DEFAULT_REASONS.map((r) => `${r.direction}:${r.code}`));
    for (const m of data.movements) {
      if (m.reasonCode !== null)
        expect(known.has(`${reasonDirectionFor(m.type)}:${m.reasonCode}`), m.reasonCode).toBe(true);
    }
  });

  it("ties answers to known customers and their segment, with some anonymous ones", () => {
    const segmentOf = new Map(data.movements.map((m) => [m.customerExternalId, m.segment]));
    const anonymous = data.responses.filter((r) => r.customerExternalId === null);
    expect(anonymous.length).toBeGreaterThan(0);
    expect(anonymous.length).toBeLessThan(data.responses.length / 2);
    for (const r of data.responses) {
      expect(r.segment).toBeTruthy();
      if (r.customerExternalId !== null) expect(r.segment).toBe(segmentOf.get(r.customerExternalId));
    }
  });

  it("has customers who later leave answering as detractors first", () => {
    const losses = data.movements.filter((m) => m.type === "lost");
    const doomed = (customer: string | null, at: Date) =>
      losses.some(
        (l) =>
          l.customerExternalId === customer &&
          l.occurredAt.getTime() > at.getTime() &&
          l.occurredAt.getTime() - at.getTime() <= 90 * DAY,
      );
    const nps = data.responses.filter((r) => r.kind === "nps" && r.customerExternalId !== null);
    const share = (list: typeof nps) =>
      list.filter((r) => classifyNps(r.score) === "detractor").length / list.length;
    const before = nps.filter((r) => doomed(r.customerExternalId, r.respondedAt));
    const rest = nps.filter((r) => !doomed(r.customerExternalId, r.respondedAt));
    expect(before.length).toBeGreaterThan(10);
    expect(share(before)).toBeGreaterThan(share(rest) + 0.2);
  });

  it("uses unique idempotency keys", () => {
    const keys = [...data.movements, ...data.responses].map((r) => r.idempotencyKey);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
