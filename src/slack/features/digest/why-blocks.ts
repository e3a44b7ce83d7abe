import type { Locale } from "../../../domain/locale.js";
import { formatMoney } from "../../../domain/money.js";
import { digestTexts } from "../../../i18n/digest.js";
import type { ChangeExplanation } from "../../../services/explain-change.js";

type Block = Record<string, unknown>;

/** The private answer to "Why did this change?": the entries and answers behind the figures. */
export function whyBlocks(
  e: ChangeExplanation,
  o: { locale: Locale; currency: string; timeZone: string },
): Block[] {
  const t = digestTexts[o.locale];
  const date = (d: Date) =>
    d.toLocaleDateString(o.locale === "es" ? "es-ES" : "en-GB", {
      timeZone: o.timeZone,
      day: "numeric",
      month: "short",
    });
  const lines = e.movements.map(
    (m) =>
      `• ${date(m.occurredAt)} · *${m.type}* · ${m.customer} (${m.segment}) · ${formatMoney(m.value, o.currency, o.locale)}` +
      `${m.reason ? ` · ${m.reason}` : ""}${m.note ? ` — _${m.note.replace(/\n/g, " ").slice(0, 120)}_` : ""}`,
  );
  const s = e.scores;
  const scores = [
    `NPS ${s.nps.score ?? "–"} (n=${s.nps.n}: ${s.nps.promoters}/${s.nps.passives}/${s.nps.detractors})`,
    `CSAT ${s.csat.score ?? "–"}% (n=${s.csat.n})`,
    `CES ${s.ces.score ?? "–"} (n=${s.ces.n})`,
  ].join(" · ");
  const more = e.movementCount > e.movements.length ? `\n…${e.movementCount - e.movements.length} more` : "";
  return [
    { type: "section", text: { type: "mrkdwn", text: `*${t.whyTitle(e.segmentName ?? "Total")}*` } },
    {
      type: "section",
      text: {
        type: "mrkdwn",
        text: `*${t.whyMovements}* (${e.movementCount})\n${lines.length ? lines.join("\n").slice(0, 2800) : t.whyNone}${more}`,
      },
    },
    { type: "section", text: { type: "mrkdwn", text: `*${t.whyResponses}*\n${scores}` } },
  ];
}
