import { describe, expect, it } from "vitest";
import {
  cesFromHistogram,
  classifyNps,
  csatFromHistogram,
  isValidScore,
  npsFromHistogram,
  scoreDelta,
} from "../../src/domain/scores.js";

describe("NPS", () => {
  it("classifies the boundaries 6/7/8/9", () => {
    expect([0, 6, 7, 8, 9, 10].map(classifyNps)).toEqual([
      "detractor",
      "detractor",
      "passive",
      "passive",
      "promoter",
      "promoter",
    ]);
  });

  it("is 100 when everyone is a promoter and −100 when everyone is a detractor", () => {
    expect(npsFromHistogram({ 9: 3, 10: 7 }).score).toBe(100);
    expect(npsFromHistogram({ 0: 2, 6: 1 }).score).toBe(-100);
  });

  it("says n = 0 and a null score for no answers, never NaN", () => {
    expect(npsFromHistogram({})).toEqual({
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      score: null,
      ci: null,
    });
  });

  it("rounds to one decimal, half away from zero", () => {
    // 1 promoter, 1 passive, 1 detractor → 0; 2 promoters of 3 → 66.666… → 66.7
    expect(npsFromHistogram({ 10: 1, 7: 1, 3: 1 }).score).toBe(0);
    expect(npsFromHistogram({ 10: 2, 8: 1 }).score).toBe(66.7);
    // 1 of 8 promoters (12.5) exactly; 1 detractor of 8 → −12.5
    expect(npsFromHistogram({ 9: 1, 7: 7 }).score).toBe(12.5);
    expect(npsFromHistogram({ 6: 1, 7: 7 }).score).toBe(-12.5);
  });

  it("counts promoters, passives and detractors", () => {
    expect(npsFromHistogram({ 10: 5, 9: 1, 8: 2, 7: 1, 6: 3, 0: 1 })).toEqual({
      n: 13,
      promoters: 6,
      passives: 3,
      detractors: 4,
      score: 15.4,
      // adjusted Wald: n′ 16, p′ 6.75/16, d′ 4.75/16, SE √(0.703125/16) = 0.20963 → 12.5 ± 41.09 (by hand)
      ci: { low: -28.6, high: 53.6 },
    });
  });
});

describe("CSAT and CES", () => {
  it("CSAT is the share of 4–5 answers", () => {
    expect(csatFromHistogram({ 5: 2, 4: 1, 3: 1, 1: 2 })).toEqual({
      n: 6,
      satisfied: 3,
      score: 50,
      // Wilson, 3 of 6: centre 0.5, half 1.96/1.64027 × √(0.041667 + 0.026677) = 0.31238
      ci: { low: 18.8, high: 81.2 },
    });
    expect(csatFromHistogram({ 4: 2, 3: 1 }).score).toBe(66.7);
    expect(csatFromHistogram({}).score).toBeNull();
  });

  it("CES is the mean of 1–7 with two decimals", () => {
    expect(cesFromHistogram({ 7: 1, 6: 1, 1: 1 })).toEqual({
      n: 3,
      score: 4.67,
      // s = 3.2146, t(2) = 4.303: 4.67 ± 7.99, within the 1–7 scale
      ci: { low: 1, high: 7 },
    });
    expect(cesFromHistogram({ 5: 4 }).score).toBe(5);
    expect(cesFromHistogram({}).score).toBeNull();
  });

  it("knows each kind's range", () => {
    expect(isValidScore("nps", 0)).toBe(true);
    expect(isValidScore("nps", 11)).toBe(false);
    expect(isValidScore("csat", 0)).toBe(false);
    expect(isValidScore("ces", 7)).toBe(true);
    expect(isValidScore("ces", 4.5)).toBe(false);
  });

  it("deltas are null unless both sides have a score", () => {
    expect(scoreDelta(10.1, 20.3, 1)).toBe(-10.2);
    expect(scoreDelta(null, 20, 1)).toBeNull();
  });
});
