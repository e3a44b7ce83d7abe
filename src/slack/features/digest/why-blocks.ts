import type { Locale } from "../../../domain/locale.js";
import { formatMoney } from "../../../domain/money.js";
import { digestTexts } from "../../../i18n/digest.js";
import type { ChangeExplanation } from "../../../services/explain-change.js";
import { type KnownBlock, section } from "../../kit/blocks.js";
import { digestSlackTexts } from "./texts.js";

/** The private answer to "Why did this change?": the entries and answers behind the figures. */
export function whyBlocks(
  e: ChangeExplanation,
  o: { locale: Locale; currency: string; timeZone: string },
): KnownBlock[] {
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
  const hidden = e.movementCount - e.movements.length;
  const more = hidden > 0 ? `\n${digestSlackTexts[o.locale].moreMovements(hidden)}` : "";
  return [
    section(`*${t.whyTitle(whySubject(e, o.locale))}*`),
    section(
      `*${t.whyMovements}* (${e.movementCount})\n${lines.length ? lines.join("\n").slice(0, 2800) : t.whyNone}${more}`,
    ),
    section(`*${t.whyResponses}*\n${scores}`),
  ];
}

/** What the answer is about: the segment's name, or the total. */
export const whySubject = (e: ChangeExplanation, locale: Locale): string =>
  e.segmentName ?? digestSlackTexts[locale].total;

/** The "why" as a private message: the blocks, and the subject as the notification text. */
export function whyMessage(e: ChangeExplanation, o: { locale: Locale; currency: string; timeZone: string }) {
  return { text: whySubject(e, o.locale), blocks: whyBlocks(e, o) };
}
