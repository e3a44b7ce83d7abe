import { describe, expect, it } from "vitest";
import { buildStatsReport, type FlowRow, type StatsInput } from "../../src/domain/customer-math.js";
import { quickRatioOf, retentionOf } from "../../src/domain/retention.js";

// Every figure below is worked out by hand in the comment beside it.

describe("retention of the cohort active at `from`", () => {
  it("follows the stated convention", () => {
    // Cohort: A 1000, B 500, C 500 (count 3, value 2000). At `to`: A expanded to 1200,
    // B contracted to 300, C lost. Σ at to = 1200 + 300 + 0 = 1500 → NRR 75.0;
    // Σ min = 1000 + 300 + 0 = 1300 → GRR 65.0; still active 2 of 3 → logo 66.7.
    expect(
      retentionOf({ count: 3, value: "2000", activeAtTo: 2, valueAtTo: "1500", keptValue: "1300" }),
    ).toEqual({ nrr: 75, grr: 65, logo: 66.7 });
  });

  it("says none, not 0 or NaN, for an empty cohort", () => {
    expect(retentionOf({ count: 0, value: "0", activeAtTo: 0, valueAtTo: "0", keptValue: "0" })).toEqual({
      nrr: null,
      grr: null,
      logo: null,
    });
  });

  it("gives NRR above 100 when expansion outgrows losses", () => {
    // Cohort 1000 + 1000; one expands by 600, the other contracts by 100: 1600 + 900 = 2500 → 125.0;
    // Σ min = 1000 + 900 = 1900 → 95.0; both still active → 100.0.
    expect(
      retentionOf({ count: 2, value: "2000", activeAtTo: 2, valueAtTo: "2500", keptValue: "1900" }),
    ).toEqual({ nrr: 125, grr: 95, logo: 100 });
  });
});

describe("quick ratio", () => {
  it("is (new + reactivation + expansion) / (churned + contraction), two decimals", () => {
    // (3000 + 800 + 200) / (2500 + 500) = 4000 / 3000 = 1.333… → 1.33
    expect(
      quickRatioOf({
        new: "3000",
        reactivation: "800",
        expansion: "200",
        churned: "2500",
        contraction: "500",
      }),
    ).toBe(1.33);
    // 2 / 3 = 0.666… → 0.67 (half up)
    expect(
      quickRatioOf({ new: "2", reactivation: "0", expansion: "0", churned: "3", contraction: "0" }),
    ).toBe(0.67);
  });

  it("is none when nothing was lost or contracted", () => {
    expect(
      quickRatioOf({ new: "5000", reactivation: "0", expansion: "100", churned: "0", contraction: "0.00" }),
    ).toBeNull();
  });
});

const flow = (segmentId: string, type: FlowRow["type"], count: number, value: string): FlowRow => ({
  segmentId,
  window: "current",
  type,
  reasonCodeId: null,
  count,
  value,
});

const input = (over: Partial<StatsInput>): StatsInput => ({
  from: new Date("2026-03-01T00:00:00Z"),
  to: new Date("2026-03-29T00:00:00Z"),
  currency: "EUR",
  segments: [
    { id: "s1", name: "SMB" },
    { id: "s2", name: "Public Sector" },
  ],
  reasons: [],
  flows: [],
  scores: [],
  base: [],
  ...over,
});

describe("the stats report carries retention and the quick ratio", () => {
  it("with every loss in one segment, expansion and contraction, and a reactivation", () => {
    const report = buildStatsReport(
      input({
        flows: [
          flow("s1", "lost", 2, "3000"), // both of SMB's losses
          flow("s1", "contracted", 1, "500"),
          flow("s1", "expanded", 1, "1000"),
          flow("s2", "gained", 1, "4000"),
          flow("s2", "reactivated", 1, "2000"),
        ],
        base: [
          { segmentId: "s1", instant: "start", count: 4, value: "10000" },
          { segmentId: "s2", instant: "start", count: 2, value: "6000" },
        ],
        retention: [
          // SMB: two cohort customers lost (−3000), one contracted (−500), one expanded (+1000):
          // value change −3000 − 500 + 1000 = −2500; kept change −3000 − 500 = −3500.
          { segmentId: "s1", lostLogos: 2, valueChange: "-2500", keptChange: "-3500" },
        ],
      }),
    );
    const [ps, smb] = report.segments; // sorted by name: Public Sector, SMB
    // SMB: NRR (10000 − 2500)/10000 = 75.0; GRR (10000 − 3500)/10000 = 65.0; logo 2/4 = 50.0
    expect(smb?.retention).toEqual({ nrr: 75, grr: 65, logo: 50 });
    // quick ratio (0 + 0 + 1000) / (3000 + 500) = 0.2857… → 0.29
    expect(smb?.quickRatio).toBe(0.29);
    // Public Sector: nothing of its cohort moved → 100 / 100 / 100; no losses → none.
    expect(ps?.retention).toEqual({ nrr: 100, grr: 100, logo: 100 });
    expect(ps?.quickRatio).toBeNull();
    // Public Sector's line adds up: gained 1 + reactivated 1 − lost 0 = +2; 4000 + 2000 = 6000
    expect(ps?.net).toEqual({ customers: 2, value: "6000.00" });
    // Total: cohort 6, 16000; NRR (16000 − 2500)/16000 = 84.375 → 84.4; GRR 12500/16000 = 78.125
    // → 78.1; logo 4/6 = 66.7; quick ratio (4000 + 2000 + 1000)/(3000 + 500) = 2.00
    expect(report.total.retention).toEqual({ nrr: 84.4, grr: 78.1, logo: 66.7 });
    expect(report.total.quickRatio).toBe(2);
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
  });

  it("says none for an empty cohort", () => {
    const report = buildStatsReport(input({ flows: [flow("s1", "gained", 1, "100")] }));
    expect(report.total.retention).toEqual({ nrr: null, grr: null, logo: null });
    expect(report.total.quickRatio).toBeNull();
    expect(report.minAnswers).toBe(10);
  });
});
