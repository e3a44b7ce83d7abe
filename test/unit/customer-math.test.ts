import { describe, expect, it } from "vitest";
import { buildStatsReport, type StatsInput } from "../../src/domain/customer-math.js";

const input = (over: Partial<StatsInput>): StatsInput => ({
  from: new Date("2026-03-01T00:00:00Z"),
  to: new Date("2026-03-29T00:00:00Z"),
  currency: "EUR",
  segments: [
    { id: "s1", name: "SMB" },
    { id: "s2", name: "Enterprise" },
  ],
  reasons: [{ id: "r1", code: "price", stage: "sales", labelEn: "Price", labelEs: "Precio" }],
  flows: [],
  scores: [],
  base: [],
  ...over,
});

describe("buildStatsReport sums", () => {
  it("adds money exactly whatever the number of decimals the database returns", () => {
    const report = buildStatsReport(
      input({
        flows: [
          { segmentId: "s1", window: "current", type: "lost", reasonCodeId: "r1", count: 1, value: "0.1" },
          { segmentId: "s1", window: "current", type: "lost", reasonCodeId: null, count: 2, value: "0.20" },
          {
            segmentId: "s2",
            window: "current",
            type: "lost",
            reasonCodeId: "r1",
            count: 1,
            value: "99999999999999.99",
          },
          { segmentId: "other", window: "current", type: "gained", reasonCodeId: null, count: 1, value: "7" },
        ],
        base: [
          { segmentId: "s1", instant: "start", count: 3, value: "1000" },
          { segmentId: "s2", instant: "start", count: 1, value: "0.05" },
        ],
      }),
    );
    const smb = report.segments.find((s) => s.segment === "SMB");
    expect(smb?.lost).toEqual({ count: 3, value: "0.30" });
    expect(smb?.lostReasons.map((r) => [r.code, r.count, r.value])).toEqual([
      ["unspecified", 2, "0.20"],
      ["price", 1, "0.10"],
    ]);
    expect(report.total.lost).toEqual({ count: 4, value: "100000000000000.29" });
    expect(report.total.lostReasons[0]).toMatchObject({
      code: "price",
      count: 2,
      value: "100000000000000.09",
    });
    // A segment outside the list counts in the total only.
    expect(report.total.gained).toEqual({ count: 1, value: "7.00" });
    expect(report.total.base.start).toEqual({ count: 4, value: "1000.05" });
    expect(report.total.base.end).toEqual({ count: 0, value: "0.00" });
    expect(smb?.net.value).toBe("-0.30");
  });
});
