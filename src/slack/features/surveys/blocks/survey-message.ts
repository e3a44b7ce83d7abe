import type { Locale } from "../../../../domain/locale.js";
import { SCORE_RANGE, type SurveyKind } from "../../../../domain/scores.js";
import {
  type Button,
  button,
  context,
  cut,
  escapeMrkdwn,
  type KnownBlock,
  section,
} from "../../../kit/blocks.js";
import { SURVEY, SURVEY_BLOCK } from "../ids.js";
import { surveyTexts } from "../texts.js";
import { type AnswerValue, encodeValue } from "../values.js";

// The survey as people receive it: the question, one button per score, and once answered a
// thank-you with "Tell us why". In a DM the message itself changes; in a channel each person
// gets their own private thank-you, so the shared message stays the same for everyone.

export interface SurveyMessageModel {
  surveyId: string;
  kind: SurveyKind;
  /** Already in the reader's language when it was a default question. */
  question: string;
  locale: Locale;
  mode: "dm" | "channel";
  anonymous: { nonce: string; signature: string } | null;
  /** The score this reader chose (DM messages after a click). */
  chosen?: number | null;
}

export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

function valueFor(m: SurveyMessageModel, score: number): AnswerValue {
  const v: AnswerValue = { v: 1, s: m.surveyId, k: m.kind, n: score, m: m.mode === "dm" ? "d" : "c" };
  if (m.anonymous) {
    v.t = m.anonymous.nonce;
    v.g = m.anonymous.signature;
  }
  return v;
}

function scoreButton(m: SurveyMessageModel, score: number): Button {
  const t = surveyTexts[m.locale];
  const { min, max } = SCORE_RANGE[m.kind];
  // CES is agreement on a 1–7 scale: the ends are labelled on the buttons themselves.
  const label =
    m.kind === "ces" && score === min
      ? `${score} · ${t.scale.ces.low}`
      : m.kind === "ces" && score === max
        ? `${score} · ${t.scale.ces.high}`
        : String(score);
  return button(label, `${SURVEY.answerPrefix}${score}`, {
    value: encodeValue(valueFor(m, score)),
    ...(m.chosen === score ? { style: "primary" as const } : {}),
  });
}

export function surveyMessage(m: SurveyMessageModel): SlackMessage {
  const t = surveyTexts[m.locale];
  const { min, max } = SCORE_RANGE[m.kind];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i);
  // NPS has eleven buttons: two rows read better than one that wraps unevenly.
  const rows = m.kind === "nps" ? [scores.slice(0, 6), scores.slice(6)] : [scores];
  const blocks: KnownBlock[] = [
    context(t.header(m.kind)),
    section(`*${escapeMrkdwn(cut(m.question, 2900))}*`),
    ...rows.map(
      (row, i): KnownBlock => ({
        type: "actions",
        block_id: i === 0 ? SURVEY_BLOCK.scoresLow : SURVEY_BLOCK.scoresHigh,
        elements: row.map((s) => scoreButton(m, s)),
      }),
    ),
  ];
  if (m.kind !== "ces")
    blocks.push(context(`${min} = ${t.scale[m.kind].low} · ${max} = ${t.scale[m.kind].high}`));
  if (m.anonymous) blocks.push(context(t.anonymousNote));
  if (m.chosen !== undefined && m.chosen !== null) {
    blocks.push(section(t.thanks(m.chosen)), whyActions(m, m.chosen));
  }
  return { text: `${t.header(m.kind)}: ${m.question}`, blocks };
}

function whyActions(m: SurveyMessageModel, score: number): KnownBlock {
  const t = surveyTexts[m.locale];
  return {
    type: "actions",
    block_id: SURVEY_BLOCK.whyActions,
    elements: [button(t.tellUsWhy, SURVEY.why, { value: encodeValue(valueFor(m, score)) })],
  };
}

/** The private thank-you a person gets after answering a survey posted in a channel. */
export function channelThanks(m: SurveyMessageModel & { chosen: number }): SlackMessage {
  const t = surveyTexts[m.locale];
  return {
    text: t.thanksChannel(m.chosen),
    blocks: [section(t.thanksChannel(m.chosen)), whyActions(m, m.chosen)],
  };
}
