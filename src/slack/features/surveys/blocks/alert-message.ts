import type { AlertStatus } from "../../../../domain/closing-the-loop.js";
import type { Locale } from "../../../../domain/locale.js";
import type { SurveyKind } from "../../../../domain/scores.js";
import type { Touchpoint } from "../../../../domain/survey-questions.js";
import {
  button,
  context,
  cut,
  escapeMrkdwn,
  header,
  type KnownBlock,
  mrkdwn,
  section,
  slackDate,
} from "../../../kit/blocks.js";
import { SURVEY, SURVEY_BLOCK } from "../ids.js";
import { surveyTexts } from "../texts.js";
import type { SlackMessage } from "./survey-message.js";

// Closing the loop: the alert a worrying answer raises, with what was said and, while it is
// open, the buttons to acknowledge it or mark it actioned.

export interface AlertMessageModel {
  alertId: string;
  locale: Locale;
  kind: SurveyKind;
  score: number;
  customerName: string;
  segmentName: string | null;
  touchpoint: string | null;
  question: string | null;
  /** Null for anonymous answers: the alert shows no identity either. */
  respondentSlackId: string | null;
  comment: string | null;
  status: AlertStatus;
  handledBy: string | null;
  handledAt: Date | null;
  /** The alert went to the survey's sender because nobody else could take it. */
  toSender: boolean;
}

export function alertMessage(m: AlertMessageModel): SlackMessage {
  const t = surveyTexts[m.locale];
  const a = t.alert;
  const touchpoint =
    m.touchpoint && m.touchpoint in t.touchpoints ? t.touchpoints[m.touchpoint as Touchpoint] : m.touchpoint;
  const fields = [
    `*${a.score}:* ${t.kindName[m.kind]} ${m.score} — ${a.meaning[m.kind]}`,
    `*${a.customer}:* ${escapeMrkdwn(m.customerName)}`,
    ...(m.segmentName ? [`*${a.segment}:* ${escapeMrkdwn(m.segmentName)}`] : []),
    ...(touchpoint ? [`*${a.touchpoint}:* ${escapeMrkdwn(touchpoint)}`] : []),
    `*${a.who}:* ${m.respondentSlackId ? `<@${m.respondentSlackId}>` : a.anonymous}`,
  ];
  const title = a.title(m.kind, m.score, m.customerName);
  const blocks: KnownBlock[] = [header(cut(title, 150)), { type: "section", fields: fields.map(mrkdwn) }];
  if (m.question) blocks.push(section(`*${a.question}:* ${escapeMrkdwn(cut(m.question, 500))}`));
  blocks.push(
    section(
      `*${a.why}:* ${m.comment ? `>${escapeMrkdwn(cut(m.comment, 2500)).replace(/\n/g, "\n>")}` : a.noComment}`,
    ),
  );
  if (m.toSender) blocks.push(context(a.toSender));
  const when = m.handledAt ? slackDate(m.handledAt) : "";
  const by = m.handledBy ?? "";
  blocks.push(
    context(
      m.status === "open"
        ? a.open
        : m.status === "acknowledged"
          ? a.acknowledged(by, when)
          : a.actioned(by, when),
    ),
  );
  if (m.status !== "actioned") {
    blocks.push({
      type: "actions",
      block_id: SURVEY_BLOCK.alertActions,
      elements: [
        ...(m.status === "open"
          ? [button(a.acknowledge, SURVEY.alertAcknowledge, { value: m.alertId })]
          : []),
        button(a.markActioned, SURVEY.alertActioned, { value: m.alertId, style: "primary" }),
      ],
    });
  }
  return { text: title, blocks };
}
