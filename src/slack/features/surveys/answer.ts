import type { App, Logger, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { Locale } from "../../../domain/locale.js";
import { questionFor } from "../../../domain/survey-questions.js";
import type { SurveyRecord } from "../../../domain/survey-record.js";
import { batchedAnswerStore } from "../../../services/answer-survey.js";
import { answerSurveyButton } from "../../../services/answer-survey-button.js";
import { commentSurveyAnswer } from "../../../services/comment-survey-answer.js";
import { cachedSurveys } from "../../../services/survey-cache.js";
import { taskQueue } from "../../../services/task-queue.js";
import type { SlackDeps } from "../../kit/deps.js";
import { expiredForm } from "../../kit/guards.js";
import { onAction, onActionAckedLate, onView } from "../../kit/listen.js";
import { postAlert, refreshAlertFor } from "./alerts.js";
import { commentErrorText, commentModal, commentThanks } from "./blocks/comment-modal.js";
import { channelThanks, type SurveyMessageModel, surveyMessage } from "./blocks/survey-message.js";
import { clickedValue } from "./click.js";
import { parseCommentForm } from "./form.js";
import { SURVEY, SURVEY_BLOCK } from "./ids.js";
import { surveyTexts } from "./texts.js";
import {
  type AnswerValue,
  anonymousSecret,
  parseAnswerClick,
  parseWhyValue,
  surveyButton,
} from "./values.js";

// One click answers: the answer is stored before Slack is acknowledged, so an acknowledged
// click is a stored answer; if the database does not answer, the person is told it was not
// saved. Then the message thanks them and offers "Tell us why".

/** The survey as the person sees it once answered, in their language. */
function answered(survey: SurveyRecord, value: AnswerValue, locale: Locale) {
  return {
    surveyId: survey.id,
    kind: survey.kind,
    question: questionFor(survey.question, survey.kind, locale),
    locale,
    mode: value.m === "d" ? "dm" : "channel",
    anonymous: value.t && value.g ? { nonce: value.t, signature: value.g } : null,
    chosen: value.n,
  } satisfies SurveyMessageModel;
}

/** After the ack: the thank-you, then the alert the answer raised (if any). */
function thankThenAlert(
  deps: SlackDeps,
  io: { client: WebClient; respond: RespondFn; logger: Logger },
  shown: ReturnType<typeof answered>,
  alert: { workspaceId: string; alertId: string | null },
) {
  return async () => {
    // A DM is the person's own message: it changes. A channel post is everyone's: the thanks is private.
    try {
      if (shown.mode === "dm") await io.respond({ replace_original: true, ...surveyMessage(shown) });
      else await io.respond({ response_type: "ephemeral", replace_original: false, ...channelThanks(shown) });
    } catch (error) {
      // The answer is stored; a thank-you that did not arrive must not keep the alert from going out.
      io.logger.warn("Could not thank a survey respondent", error);
    }
    if (alert.alertId) await postAlert(deps, io.client, io.logger, alert.workspaceId, alert.alertId);
  };
}

export function registerAnswers(app: App, deps: SlackDeps): void {
  const tools = { surveys: cachedSurveys(deps.db.prisma), secret: anonymousSecret(deps.config) };
  const store = batchedAnswerStore(deps.db.prisma, { metrics: deps.metrics });
  const afterAck = taskQueue({
    concurrency: 8,
    quietMs: 25,
    name: "survey_after_ack",
    metrics: deps.metrics,
    maxWaitMs: 1000,
    onError: (error) => app.logger.error("Work after a survey answer failed", error),
  });

  // The fast path: context, one cached look-up, one batched write, then the ack.
  const answerGuard = { allow: "survey.answer", fallback: "notSaved" } as const;
  onActionAckedLate(app, deps, SURVEY.answerPattern, answerGuard, async (a) => {
    const { ack, action, client, respond, ctx, reply } = a;
    const t = surveyTexts[ctx.locale];
    const value = parseAnswerClick(action.action_id, clickedValue(action));
    if (!value) return void (await reply(t.invalidAnswer));
    const input = { workspaceId: ctx.workspace.id, userId: ctx.userId, button: surveyButton(value) };
    const result = await answerSurveyButton(deps.db.prisma, { ...tools, store }, input, deps.clock());
    if (result.status !== "stored") {
      const refusal = { unknown_survey: t.unknownSurvey, closed: t.closedSurvey, invalid: t.invalidAnswer };
      return void (await reply(refusal[result.status]));
    }
    await ack();
    const io = { client, respond, logger: app.logger };
    const alert = { workspaceId: ctx.workspace.id, alertId: result.alertId };
    afterAck.push(thankThenAlert(deps, io, answered(result.survey, value, ctx.locale), alert));
  });

  onAction(app, deps, SURVEY.why, {}, async ({ action, body, client, ctx, reply }) => {
    const value = parseWhyValue(clickedValue(action));
    if (!value || !body.trigger_id) return void (await reply(surveyTexts[ctx.locale].invalidAnswer));
    const privateMetadata = JSON.stringify(value);
    const anonymous = value.t !== undefined;
    const view = commentModal({ locale: ctx.locale, score: value.n, anonymous, privateMetadata });
    await client.views.open({ trigger_id: body.trigger_id, view });
  });

  const whyGuard = { allow: "survey.answer", errorBlock: SURVEY_BLOCK.comment } as const;
  onView(app, deps, SURVEY.whyModal, whyGuard, async ({ ack, view, client, ctx }) => {
    const t = surveyTexts[ctx.locale];
    const errors = (text: string) =>
      ack({ response_action: "errors", errors: { [SURVEY_BLOCK.comment]: text } });
    const value = parseWhyValue(view.private_metadata);
    if (!value) throw expiredForm();
    const form = parseCommentForm(view.state.values);
    if (!form.ok) return errors(commentErrorText(form.errors, ctx.locale));
    const comment = form.form.comment;
    const input = { workspaceId: ctx.workspace.id, userId: ctx.userId, button: surveyButton(value), comment };
    const stored = await commentSurveyAnswer(deps.db.prisma, tools, input, deps.clock());
    if (stored.status !== "stored")
      return errors(stored.status === "invalid" ? t.invalidAnswer : t.commentErrors.noAnswer);
    await ack({ response_action: "update", view: commentThanks(ctx.locale) });
    await refreshAlertFor(deps, client, ctx.workspace.id, stored.responseId);
  });
}
