import { describe, expect, it } from "vitest";
import { addLocalDays, parseInstant, zonedTimeToUtc } from "../../src/domain/time.js";

describe("time zones", () => {
  it("reads a date without a time as midnight in the given zone", () => {
    expect(parseInstant("2026-01-05", "UTC")?.toISOString()).toBe("2026-01-05T00:00:00.000Z");
    expect(parseInstant("2026-01-05", "Europe/Madrid")?.toISOString()).toBe("2026-01-04T23:00:00.000Z");
    expect(parseInstant("2026-07-05", "Europe/Madrid")?.toISOString()).toBe("2026-07-04T22:00:00.000Z");
  });

  it("keeps the offset of a full ISO 8601 time", () => {
    expect(parseInstant("2026-01-05T10:00:00+02:00", "America/New_York")?.toISOString()).toBe(
      "2026-01-05T08:00:00.000Z",
    );
  });

  it("rejects impossible dates and times without an offset", () => {
    expect(parseInstant("2026-02-30", "UTC")).toBeNull();
    expect(parseInstant("2026-01-05T10:00:00", "UTC")).toBeNull();
    expect(parseInstant("05/01/2026", "UTC")).toBeNull();
  });

  it("handles daylight-saving gaps and overlaps", () => {
    // Madrid springs forward at 02:00 on 2026-03-29: 02:30 does not exist, 03:30 CEST is used.
    expect(
      zonedTimeToUtc({ year: 2026, month: 3, day: 29, hour: 2, minute: 30 }, "Europe/Madrid").toISOString(),
    ).toBe("2026-03-29T01:30:00.000Z");
    // It falls back at 03:00 on 2026-10-25: 02:30 happens twice, the first is used.
    expect(
      zonedTimeToUtc({ year: 2026, month: 10, day: 25, hour: 2, minute: 30 }, "Europe/Madrid").toISOString(),
    ).toBe("2026-10-25T00:30:00.000Z");
  });

  it("a week across a DST change is seven local days, not 168 hours", () => {
    const monday9 = new Date("2026-03-23T08:00:00Z"); // 09:00 CET
    expect(addLocalDays(monday9, 7, "Europe/Madrid").toISOString()).toBe("2026-03-30T07:00:00.000Z"); // 09:00 CEST
  });
});
