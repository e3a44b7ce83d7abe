import type { DigestChartData } from "../charts/digest-chart-data.js";
import type { DigestModel } from "../domain/digest.js";
import { digestTexts } from "../i18n/digest.js";

/** What the digest chart shows, taken from the digest model. */
export function digestChartData(model: DigestModel): DigestChartData {
  const kinds = { nps: "NPS", csat: "CSAT", ces: "CES" } as const;
  return {
    locale: model.locale,
    title: digestTexts[model.locale].chartTitle,
    segments: model.segments.map((s) => ({
      name: s.name,
      gained: s.gained.count,
      lost: s.lost.count,
      gainedValue: s.gained.value,
      lostValue: s.lost.value,
    })),
    trends: [model.scores.nps, model.scores.csat, model.scores.ces].flatMap((s) =>
      s.trend.map((p) => ({ kind: kinds[s.kind], periodStart: p.periodStart, score: p.score, n: p.n })),
    ),
  };
}
