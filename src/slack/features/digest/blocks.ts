import type { DigestModel } from "../../../domain/digest.js";
import type { Locale } from "../../../domain/locale.js";
import { digestFormat } from "../../../render/digest-format.js";
import type { DigestPreview } from "../../../services/preview-meeting-digest.js";
import { fitBlocks } from "../../kit/block-limits.js";
import {
  type Block,
  button,
  context,
  cut,
  divider,
  escapeMrkdwn,
  header,
  section,
} from "../../kit/blocks.js";
import { followUpBlocks, subjectMenu } from "../follow-ups/blocks.js";
import { DIGEST } from "./ids.js";
import { digestSlackTexts } from "./texts.js";
import { whyValue } from "./values.js";

// The digest as Block Kit: a main message that answers the question at a glance, and thread
// replies with the details. Pure, and within Slack's limits (50 blocks a message, 3 000
// characters a section, 150 characters a header).

const MAX_SEGMENT_LINES = 15;
/** Loss reasons shown one to a block, each with its follow-up menu. */
const MAX_REASON_LINES = 5;
// Names and quotes are people's own text (a voice note, a CSV import): escaped, so "<!channel>"
// in one is shown as written instead of notifying the whole meeting channel.
const esc = escapeMrkdwn;
/** Within a section's 3 000 characters, with room to spare. */
const MAX_TEXT = 2900;
/** The digest's blocks are plain JSON (fitBlocks splits them, follow-ups add to them). */
const json = (block: object) => block as Block;
const clippedSection = (text: string, accessory?: Block) => json(section(cut(text, MAX_TEXT), accessory));
const clippedContext = (text: string) => json(context(cut(text, MAX_TEXT)));

export interface DigestMessages {
  /** Notification fallback: the answer in one line. */
  text: string;
  blocks: Block[];
  /** Thread replies, each a message of its own. */
  thread: Array<{ text: string; blocks: Block[] }>;
}

export { whyValue };

export function digestMessages(model: DigestModel, opts: { withButtons?: boolean } = {}): DigestMessages {
  const f = digestFormat(model);
  const { t } = f;
  const withButtons = opts.withButtons ?? true;
  // The action id tells the buttons of one message apart; the value says what to explain.
  const whyButton = (segmentId: string | null, key: string = segmentId ?? "total") =>
    withButtons
      ? json(button(t.why, `${DIGEST.why}:${key}`, { value: whyValue(segmentId, model) }))
      : undefined;
  const total = model.total;
  const answer = `${t.answer[model.verdict]}: ${t.headline(
    f.signed(total.net.customers),
    f.signedMoney(total.net.value),
    f.signed(total.previousNet.customers),
    f.signedMoney(total.previousNet.value),
  )}`;

  const blocks: Block[] = [
    json(header(cut(`${t.title} · ${model.title}`, 150))),
    clippedContext([f.periodText(), ...(model.demo ? [`*${t.demo}*`] : [])].join(" · ")),
    clippedSection(`*${answer}*\n${f.segmentText(total)}`, whyButton(null)),
    json(divider()),
    ...followUpBlocks(model, withButtons),
  ];
  const shown = model.segments.slice(0, MAX_SEGMENT_LINES);
  for (const s of shown) {
    blocks.push(
      clippedSection(
        `*${esc(s.name)}* — ${t.verdictWord[s.verdict]}\n${f.segmentText(s)}`,
        whyButton(s.segmentId),
      ),
    );
  }
  if (model.segments.length > shown.length)
    blocks.push(clippedContext(t.moreSegments(model.segments.length - shown.length)));
  blocks.push(json(divider()));
  const reasons = (list: typeof model.reasons.lost) =>
    list.length ? list.map((r) => `• ${f.reasonText(r)}`).join("\n") : `_${t.noReasons}_`;
  if (withButtons && model.reasons.lost.length > 0) {
    // One block per top reason, so each carries its menu (mark discussed, open an action).
    blocks.push(clippedSection(`*${t.reasonsLost}*`));
    const top = model.reasons.lost.slice(0, MAX_REASON_LINES);
    for (const r of top)
      blocks.push(clippedSection(`• ${f.reasonText(r)}`, subjectMenu(model, "reason", r.code)));
    const rest = model.reasons.lost.slice(MAX_REASON_LINES);
    if (rest.length) blocks.push(clippedContext(rest.map((r) => f.reasonText(r)).join(" · ")));
  } else {
    blocks.push(clippedSection(`*${t.reasonsLost}*\n${reasons(model.reasons.lost)}`));
  }
  blocks.push(clippedSection(`*${t.reasonsGained}*\n${reasons(model.reasons.gained)}`));
  const { gains, losses } = model.moves;
  if (gains.length || losses.length) {
    // One block per move, each with its "Why did this change?" for the move's segment.
    const moveBlocks = (heading: string, list: typeof gains, way: string) =>
      list.length === 0
        ? []
        : withButtons
          ? [
              clippedSection(`*${t.moves}* · ${heading}`),
              ...list.map((m, i) =>
                clippedSection(`• ${f.moveText(m, esc)}`, whyButton(m.segmentId, `move:${way}:${i}`)),
              ),
            ]
          : [
              clippedSection(
                `*${t.moves}* · ${heading}\n${list.map((m) => `• ${f.moveText(m, esc)}`).join("\n")}`,
              ),
            ];
    blocks.push(...moveBlocks(t.movesGains, gains, "gain"), ...moveBlocks(t.movesLosses, losses, "loss"));
  }
  blocks.push(
    clippedSection(
      `*${t.scores}*\n${[model.scores.nps, model.scores.csat, model.scores.ces].map((s) => f.scoreText(s)).join("\n")}`,
    ),
  );
  blocks.push(clippedSection(`*${t.sayVsDo}*\n${f.sayVersusDoText()}`));
  blocks.push(clippedSection(`*${t.atRisk}*\n${f.valueAtRiskText()}`));
  blocks.push(clippedSection(`*${t.voices}*\n${f.themesText()}`));
  if (model.said.length > 0) {
    // People's own words: escaped, the quote already anonymity-safe (services/find-themes.ts).
    const said = model.said
      .slice(0, MAX_SEGMENT_LINES)
      .map((g) =>
        [
          `*${esc(g.name)}*`,
          ...f.saidLines(g).map((l) => `• ${esc(l)}`),
          ...(g.quote ? [`> ${esc(g.quote.replace(/\n/g, " "))}`] : []),
        ].join("\n"),
      );
    blocks.push(clippedSection(`*${t.said}*\n${said.join("\n")}`));
  }
  blocks.push(clippedContext(t.verdictRule));

  return {
    text: `${t.title} ${answer} (${f.periodText()})`,
    blocks,
    thread: threadMessages(model, withButtons),
  };
}

function threadMessages(model: DigestModel, withButtons: boolean): DigestMessages["thread"] {
  const f = digestFormat(model);
  const { t } = f;
  const w = digestSlackTexts[model.locale];
  const out: DigestMessages["thread"] = [];
  // Every segment, 20 to a message.
  for (let i = 0; i < model.segments.length; i += 20) {
    const chunk = model.segments.slice(i, i + 20);
    out.push({
      text: `${t.segments} (${i + 1}–${i + chunk.length})`,
      blocks: [
        clippedSection(`*${t.segments}*`),
        ...chunk.map((s) =>
          clippedSection(
            `*${esc(s.name)}* — ${t.verdictWord[s.verdict]} · ${w.base} ${s.base.start} → ${s.base.end}\n${f.segmentText(s)}`,
          ),
        ),
      ],
    });
  }
  const trend = [model.scores.nps, model.scores.csat, model.scores.ces]
    .map((s) => `*${s.kind.toUpperCase()}* ${f.trendText(s)}`)
    .join("\n");
  const quote = (q: (typeof model.themes.quotes)[number]) =>
    `> ${esc(q.text.replace(/\n/g, " ").slice(0, 280))}`;
  const quotes = withButtons ? "" : model.themes.quotes.map(quote).join("\n");
  // With buttons, each quoted note is a block of its own with its follow-up menu.
  const quoteBlocks = withButtons
    ? model.themes.quotes.map((q) => clippedSection(quote(q), subjectMenu(model, "note", q.id)))
    : [];
  const risky = model.valueAtRisk.customers
    .map(
      (c) =>
        `• ${esc(c.name)} (${esc(c.segment)}) — ${f.money(c.value)} · ${c.kind.toUpperCase()} ${c.score}`,
    )
    .join("\n");
  out.push({
    text: t.details,
    blocks: [
      clippedSection(`*${t.trend}*\n${trend}`),
      ...(risky ? [clippedSection(`*${t.atRisk}*\n${risky}`)] : []),
      ...(quotes ? [clippedSection(`*${t.voices}*\n${quotes}`)] : []),
      ...(quoteBlocks.length ? [clippedSection(`*${t.voices}*`), ...quoteBlocks] : []),
    ],
  });
  return out;
}

/** The answer to `/cx digest preview`: the digest, or the meetings there are to preview. */
export function digestPreviewMessage(
  preview: DigestPreview,
  locale: Locale,
): { text: string; blocks?: Block[] } {
  if (preview.kind === "noSuchMeeting")
    return { text: digestSlackTexts[locale].noSuchMeeting(preview.name, preview.meetings) };
  // An ephemeral answer is one message: the first 50 blocks (the posted digest splits instead).
  const m = digestMessages(preview.model);
  return { text: m.text, blocks: fitBlocks(m.blocks)[0] ?? [] };
}
