import { describe, expect, it } from "vitest";
import { planThrottling, throttleVerdict, throttleWindowStart } from "../../src/domain/throttling.js";

// Survey fatigue: nobody is asked the same kind of survey more than once per N days.

const at = (iso: string) => new Date(iso);

describe("throttling", () => {
  const now = at("2026-03-31T12:00:00Z");

  it("asks someone never asked", () => {
    expect(throttleVerdict(null, now, 30)).toEqual({ ask: true });
    expect(throttleVerdict(undefined, now, 30)).toEqual({ ask: true });
  });

  it("spares someone asked within the window, saying since when and until when", () => {
    expect(throttleVerdict(at("2026-03-20T09:00:00Z"), now, 30)).toEqual({
      ask: false,
      lastAskedAt: at("2026-03-20T09:00:00Z"),
      nextAllowedAt: at("2026-04-19T09:00:00Z"),
    });
  });

  it("asks again exactly N days later, not a moment before", () => {
    expect(throttleVerdict(at("2026-03-01T12:00:00Z"), now, 30).ask).toBe(true);
    expect(throttleVerdict(at("2026-03-01T12:00:00.001Z"), now, 30).ask).toBe(false);
  });

  it("treats a delivery stamped in the future (clock skew) as recent", () => {
    expect(throttleVerdict(at("2026-04-01T00:00:00Z"), now, 30).ask).toBe(false);
  });

  it("turns off with zero days", () => {
    expect(throttleVerdict(at("2026-03-31T11:59:00Z"), now, 0)).toEqual({ ask: true });
  });

  it("reads deliveries from exactly N days back", () => {
    expect(throttleWindowStart(now, 30)).toEqual(at("2026-03-01T12:00:00Z"));
    expect(throttleWindowStart(now, 0)).toEqual(now);
  });

  it("splits a list once per recipient, in order", () => {
    const plan = planThrottling(
      ["U1", "U2", "C1", "U1", "U3"],
      new Map([
        ["U2", at("2026-03-30T00:00:00Z")],
        ["C1", at("2026-01-01T00:00:00Z")],
      ]),
      now,
      30,
    );
    expect(plan.ask).toEqual(["U1", "C1", "U3"]);
    expect(plan.throttled).toEqual([
      { recipient: "U2", lastAskedAt: at("2026-03-30T00:00:00Z"), nextAllowedAt: at("2026-04-29T00:00:00Z") },
    ]);
  });
});
