import { describe, expect, it } from "vitest";
import { buildStatsReport, type ScoreRow } from "../../src/domain/customer-math.js";
import { buildDigestModel } from "../../src/domain/digest.js";
import { digestFormat } from "../../src/render/digest-format.js";

// How the digest reads a score: its n, its 95% interval, and a change only beyond noise.
const row = (window: ScoreRow["window"], kind: ScoreRow["kind"], score: number, count: number): ScoreRow => ({
  segmentId: "s1",
  window,
  kind,
  score,
  count,
});

function model(locale: "en" | "es", scores: ScoreRow[], minAnswers = 10) {
  const stats = buildStatsReport({
    from: new Date("2026-03-01T00:00:00Z"),
    to: new Date("2026-03-29T00:00:00Z"),
    currency: "EUR",
    segments: [{ id: "s1", name: "SMB" }],
    reasons: [],
    flows: [],
    scores,
    base: [],
    minAnswers,
  });
  return buildDigestModel({
    title: "Board",
    locale,
    timeZone: "UTC",
    demo: false,
    stats,
    trends: [],
    trendPeriods: 1,
    sayVersusDo: [],
    risks: [],
    themes: [],
    quotes: [],
  });
}

describe("a digest score", () => {
  // Now 5 promoters, 4 passives, 1 detractor (40); before 4, 5, 1 (30).
  const nps = [
    row("current", "nps", 10, 5),
    row("current", "nps", 8, 4),
    row("current", "nps", 2, 1),
    row("previous", "nps", 10, 4),
    row("previous", "nps", 8, 5),
    row("previous", "nps", 2, 1),
  ];

  it("shows its n and interval, and calls +10 from ten answers no clear change", () => {
    const m = model("en", nps);
    const f = digestFormat(m);
    // Adjusted Wald by hand for P 5, D 1 of 10: −7.0 to 68.5.
    expect(f.scoreText(m.scores.nps)).toBe(
      "*NPS* 40.0 (n=10, +10.0 vs before) · 95% interval −7.0 to 68.5 · no clear change ⚠️ small sample",
    );
    const es = model("es", nps);
    expect(digestFormat(es).scoreText(es.scores.nps)).toBe(
      "*NPS* 40,0 (n=10, +10,0 respecto al anterior) · intervalo del 95 %: −7,0 a 68,5 · sin cambio claro ⚠️ muestra pequeña",
    );
  });

  it("calls a change beyond noise up, with a CES scale", () => {
    // CES: five 5s and five 7s now (mean 6) against five 3s and five 5s (mean 4): Welch t, df 18,
    // difference 2 ± 0.99 → up. Interval now: 6 ± 2.2622 × 0.33333 → 5.2 to 6.8.
    const ces = [
      row("current", "ces", 5, 5),
      row("current", "ces", 7, 5),
      row("previous", "ces", 3, 5),
    ].concat(row("previous", "ces", 5, 5));
    const m = model("en", ces);
    expect(digestFormat(m).scoreText(m.scores.ces)).toBe(
      "*CES* 6.00 (n=10, +2.00 vs before) · 95% interval 5.2 to 6.8 · up, beyond noise · 1–7, higher is easier ⚠️ small sample",
    );
  });

  it("reads too few answers below the minimum, in both languages", () => {
    const few = [row("current", "csat", 5, 4)];
    const en = model("en", few);
    expect(digestFormat(en).scoreText(en.scores.csat)).toBe("*CSAT* too few answers (n = 4)");
    const es = model("es", few);
    expect(digestFormat(es).scoreText(es.scores.csat)).toBe("*CSAT* muy pocas respuestas (n = 4)");
    // With the minimum lowered to 4, the same answers are read: Wilson for 4 of 4 → 51.0% to 100.0%.
    const low = model("en", few, 4);
    expect(digestFormat(low).scoreText(low.scores.csat)).toBe(
      "*CSAT* 100.0% (n=4) · 95% interval 51.0% to 100.0% ⚠️ small sample",
    );
  });
});
