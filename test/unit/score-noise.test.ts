import { describe, expect, it } from "vitest";
import { buildStatsReport, type ScoreRow } from "../../src/domain/customer-math.js";
import {
  cesChange,
  cesInterval,
  csatChange,
  csatInterval,
  npsChange,
  npsInterval,
  tQuantile975,
} from "../../src/domain/score-noise.js";
import { cesFromHistogram, csatFromHistogram, npsFromHistogram } from "../../src/domain/scores.js";

// The expected numbers are worked out by hand (shown beside each), not by the code under test.

describe("95% intervals", () => {
  it("NPS by adjusted Wald", () => {
    // n = 10, P = 5, D = 1: n′ = 13, p′ = 5.75/13 = 0.44231, d′ = 1.75/13 = 0.13462,
    // p′ − d′ = 0.30769; SE = √((0.57692 − 0.09467)/13) = √0.037096 = 0.19260;
    // 1.96 SE = 0.37750 → [−0.06981, 0.68519] → [−7.0, 68.5]
    expect(npsInterval(5, 1, 10)).toEqual({ low: -7, high: 68.5 });
    // n = 2, P = 2, D = 0: n′ = 5, p′ = 0.55, d′ = 0.15, SE = √((0.7 − 0.16)/5) = 0.32863,
    // 0.4 ± 0.64412 → [−24.4, 104.4] → clipped to 100
    expect(npsInterval(2, 0, 2)).toEqual({ low: -24.4, high: 100 });
    expect(npsInterval(0, 0, 0)).toBeNull();
  });

  it("CSAT by Wilson", () => {
    // 8 of 10: z² = 3.8416; centre = (0.8 + 0.19208)/1.38416 = 0.71674;
    // half = 1.96/1.38416 × √(0.016 + 0.009604) = 1.41602 × 0.16001 = 0.22658 → [49.0, 94.3]
    expect(csatInterval(8, 10)).toEqual({ low: 49, high: 94.3 });
    // 0 of 5: centre = 0.38416/1.76832 = 0.21724 = half → [0.0, 43.4]
    expect(csatInterval(0, 5)).toEqual({ low: 0, high: 43.4 });
    expect(csatInterval(0, 0)).toBeNull();
  });

  it("CES mean by Student's t", () => {
    // Five 3s and five 5s: mean 4, s² = 10/9, SE = √(1.1111/10) = 0.33333, t(0.975, 9) = 2.2622,
    // half = 0.75407 → [3.2, 4.8]
    expect(cesInterval({ 3: 5, 5: 5 })).toEqual({ low: 3.2, high: 4.8 });
    expect(cesInterval({ 4: 1 })).toBeNull(); // one answer has no spread
    expect(cesInterval({})).toBeNull();
  });

  it("uses the textbook t quantiles", () => {
    // Tables: df 1 → 12.706, 2 → 4.303, 9 → 2.262, 29 → 2.045, 1000 → 1.962
    expect(tQuantile975(1)).toBeCloseTo(12.706, 3);
    expect(tQuantile975(2)).toBeCloseTo(4.303, 3);
    expect(tQuantile975(9)).toBeCloseTo(2.262, 3);
    expect(tQuantile975(29)).toBeCloseTo(2.045, 3);
    expect(tQuantile975(1000)).toBeCloseTo(1.962, 3);
  });

  it("travels with every score result", () => {
    expect(npsFromHistogram({ 10: 5, 8: 4, 3: 1 }).ci).toEqual({ low: -7, high: 68.5 });
    expect(csatFromHistogram({ 5: 8, 2: 2 }).ci).toEqual({ low: 49, high: 94.3 });
    expect(cesFromHistogram({ 3: 5, 5: 5 }).ci).toEqual({ low: 3.2, high: 4.8 });
  });
});

describe("a change is called only beyond noise", () => {
  it("NPS: 38 → 45 from small samples is no clear change; 10 → 40 from 1,000 is up", () => {
    // 40 (P 5, D 1 of 10) vs 30 (P 4, D 1 of 10): the difference's interval spans 0.
    expect(npsChange({ promoters: 5, detractors: 1, n: 10 }, { promoters: 4, detractors: 1, n: 10 })).toBe(
      "unclear",
    );
    // 40 vs 10 from 1,000 each: est 0.39880 − 0.09970 = 0.29910, half = 1.96 × √(0.000439 + 0.000489)
    // = 0.0597 → [0.239, 0.359], above 0.
    expect(
      npsChange({ promoters: 500, detractors: 100, n: 1000 }, { promoters: 300, detractors: 200, n: 1000 }),
    ).toBe("up");
    expect(
      npsChange({ promoters: 300, detractors: 200, n: 1000 }, { promoters: 500, detractors: 100, n: 1000 }),
    ).toBe("down");
  });

  it("CSAT by Agresti–Caffo, CES by Welch", () => {
    expect(csatChange({ satisfied: 90, n: 100 }, { satisfied: 50, n: 100 })).toBe("up");
    expect(csatChange({ satisfied: 6, n: 10 }, { satisfied: 5, n: 10 })).toBe("unclear");
    // means 4 and 6, each s² = 10/9 of 10: SE = 0.4714, df = 18, t = 2.101, half 0.990 → [−2.99, −1.01]
    expect(cesChange({ 3: 5, 5: 5 }, { 5: 5, 7: 5 })).toBe("down");
    expect(cesChange({ 3: 5, 5: 5 }, { 3: 4, 5: 6 })).toBe("unclear");
  });

  it("below the minimum n a score reads too few, and with no answers on a side there is no call", () => {
    const row = (window: ScoreRow["window"], score: number, count: number): ScoreRow => ({
      segmentId: "s1",
      window,
      kind: "nps",
      score,
      count,
    });
    const report = (minAnswers: number, rows: ScoreRow[]) =>
      buildStatsReport({
        from: new Date("2026-03-01T00:00:00Z"),
        to: new Date("2026-03-29T00:00:00Z"),
        currency: "EUR",
        segments: [{ id: "s1", name: "SMB" }],
        reasons: [],
        flows: [],
        scores: rows,
        base: [],
        minAnswers,
      }).total.changes.nps;
    const four = [row("current", 10, 4), row("previous", 0, 20)];
    expect(report(10, four)).toBe("tooFew");
    // 100 from 4 vs −100 from 20, with the minimum lowered to 4: far beyond noise.
    expect(report(4, four)).toBe("up");
    expect(report(10, [row("current", 10, 20)])).toBeNull();
  });
});
