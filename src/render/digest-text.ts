import type { DigestModel } from "../domain/digest.js";
import { digestFormat } from "./digest-format.js";

/** The digest for a terminal: the same words as the Slack message, as plain lines. */
export function renderDigestText(model: DigestModel): string {
  const f = digestFormat(model);
  const { t } = f;
  const total = model.total;
  const lines = [
    `${t.title} · ${model.title}`,
    f.periodText(),
    ...(model.demo ? [t.demo] : []),
    "",
    `${t.answer[model.verdict]}: ${t.headline(
      f.signed(total.net.customers),
      f.signedMoney(total.net.value),
      f.signed(total.previousNet.customers),
      f.signedMoney(total.previousNet.value),
    )}`,
    `    ${f.segmentText(total).replace(/\n/g, "\n    ")}`,
    "",
    ...model.segments.map(
      (s) => `  ${s.name} — ${t.verdictWord[s.verdict]}:\n    ${f.segmentText(s).replace(/\n/g, "\n    ")}`,
    ),
    "",
    `${t.reasonsLost}:`,
    ...(model.reasons.lost.length
      ? model.reasons.lost.map((r) => `  • ${f.reasonText(r)}`)
      : [`  ${t.noReasons}`]),
    `${t.reasonsGained}:`,
    ...(model.reasons.gained.length
      ? model.reasons.gained.map((r) => `  • ${f.reasonText(r)}`)
      : [`  ${t.noReasons}`]),
    "",
    `${t.scores}:`,
    ...[model.scores.nps, model.scores.csat, model.scores.ces].map(
      (s) => `  ${f.scoreText(s).replace(/\*/g, "")}   ${t.trend}: ${f.trendText(s)}`,
    ),
    "",
    `${t.sayVsDo}: ${f.sayVersusDoText()}`,
    `${t.atRisk}: ${f.valueAtRiskText().replace(/\n/g, "\n  ")}`,
    `${t.voices}: ${f.themesText()}`,
    ...model.themes.quotes.map((q) => `  “${q.text.replace(/\n/g, " ").slice(0, 200)}”`),
    ...(model.moves.gains.length || model.moves.losses.length
      ? [
          "",
          `${t.moves}:`,
          ...(model.moves.gains.length
            ? [`  ${t.movesGains}:`, ...model.moves.gains.map((m) => `    • ${f.moveText(m)}`)]
            : []),
          ...(model.moves.losses.length
            ? [`  ${t.movesLosses}:`, ...model.moves.losses.map((m) => `    • ${f.moveText(m)}`)]
            : []),
        ]
      : []),
    ...(model.said.length
      ? [
          "",
          `${t.said}:`,
          ...model.said.flatMap((g) => [
            `  ${g.name}:`,
            ...f.saidLines(g).map((l) => `    • ${l}`),
            ...(g.quote ? [`    “${g.quote.replace(/\n/g, " ")}”`] : []),
          ]),
        ]
      : []),
    "",
    t.verdictRule,
  ];
  return lines.join("\n");
}
