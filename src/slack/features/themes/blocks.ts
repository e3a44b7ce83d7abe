import type { Locale } from "../../../domain/locale.js";
import type { ThemesAnswer } from "../../../services/find-themes.js";
import { context, cut, escapeMrkdwn, header, type KnownBlock, section } from "../../kit/blocks.js";
import { themesTexts } from "./texts.js";

// `/cx themes` as Block Kit: per group, its top themes with mentions, change, scores and a quote.
// Pure. Within Slack's limits: at most 1 + 2 × 20 groups of blocks, sections ≤ 3000 characters.

const MAX_GROUPS = 20;
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${Math.abs(n)}` : "±0");
const day = (d: Date, timeZone: string, locale: Locale) =>
  d.toLocaleDateString(locale === "es" ? "es-ES" : "en-GB", { timeZone, dateStyle: "medium" });

export function themesReply(answer: ThemesAnswer, locale: Locale): { text: string; blocks: KnownBlock[] } {
  const t = themesTexts[locale];
  if (answer.kind === "badPeriod") return { text: t.badPeriod(answer.text), blocks: [] };
  if (answer.kind === "unknownSegment")
    return { text: t.unknownSegment(answer.segment, answer.valid), blocks: [] };
  const blocks: KnownBlock[] = [
    header(t.title),
    context(
      t.period(
        day(answer.from, answer.timeZone, locale),
        day(new Date(answer.to.getTime() - 1), answer.timeZone, locale),
      ),
    ),
  ];
  for (const g of answer.groups.slice(0, MAX_GROUPS)) {
    const lines = g.themes.map((th) => {
      const scores = th.scores.map((s) => `${s.kind.toUpperCase()} ${s.average} (n=${s.n})`).join(" · ");
      return [
        t.theme(escapeMrkdwn(th.label), th.mentions, signed(th.change)),
        ...(scores ? [`   ${t.scores(scores)}`] : []),
        ...(th.quote ? [`   > _${escapeMrkdwn(th.quote)}_`] : []),
      ].join("\n");
    });
    const title = t.group(escapeMrkdwn(g.name ?? t.all), g.texts);
    blocks.push(section(cut([title, ...(lines.length ? lines : [t.none])].join("\n"), 3000)));
  }
  blocks.push(context(t.rule));
  return { text: t.summary(answer.kind === "themes" ? answer.groups.length : 0), blocks };
}
