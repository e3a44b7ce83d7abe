import type { App } from "@slack/bolt";
import { verifyNonce } from "../../../domain/anonymous-token.js";
import { questionFor } from "../../../domain/survey-questions.js";
import type { SurveyRecord } from "../../../domain/survey-record.js";
import {
  answerSurvey,
  batchedAnswerStore,
  commentOnAnswer,
  MAX_COMMENT_LENGTH,
  type Respondent,
} from "../../../services/answer-survey.js";
import { findSurvey } from "../../../services/find-survey.js";
import { taskQueue } from "../../../services/task-queue.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { postAlert, refreshAlertFor } from "./alerts.js";
import { commentModal, commentThanks } from "./blocks/comment-modal.js";
import { channelThanks, surveyMessage } from "./blocks/survey-message.js";
import { parseClick, replyPrivately } from "./click.js";
import { parseCommentForm } from "./form.js";
import { SURVEY, SURVEY_BLOCK } from "./ids.js";
import { surveyTexts } from "./texts.js";
import { type AnswerValue, anonymousSecret, parseAnswerClick, parseWhyValue } from "./values.js";

// One click answers: the answer is stored before Slack is acknowledged, so an acknowledged
// click is a stored answer; if the database does not answer, the person is told it was not
// saved. Then the message thanks them and offers "Tell us why".

/** Surveys never change once sent (closing is rare): a small cache keeps clicks to one query. */
function surveyCache(deps: SlackDeps) {
  const cache = new Map<string, SurveyRecord>();
  return async (workspaceId: string, id: string): Promise<SurveyRecord | null> => {
    const key = `${workspaceId}:${id}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const survey = await findSurvey(deps.db.prisma, workspaceId, id);
    if (survey) {
      if (cache.size >= 1000) cache.delete(cache.keys().next().value as string);
      cache.set(key, survey);
    }
    return survey;
  };
}

/** Who is answering: anonymous surveys take only a validly signed nonce, signed ones only a person. */
function respondentFor(
  survey: SurveyRecord,
  value: AnswerValue,
  userId: string,
  secret: string,
): Respondent | null {
  if (survey.kind !== value.k) return null;
  if (!survey.anonymous) return value.t === undefined ? { kind: "signed", userId } : null;
  if (value.t === undefined || value.g === undefined || value.m !== "d") return null;
  return verifyNonce(survey.id, value.t, value.g, secret) ? { kind: "anonymous", nonce: value.t } : null;
}

export function registerAnswers(app: App, deps: SlackDeps): void {
  const surveyById = surveyCache(deps);
  const secret = anonymousSecret(deps.config);
  const store = batchedAnswerStore(deps.db.prisma);
  const afterAck = taskQueue({
    concurrency: 8,
    quietMs: 25,
    name: "survey_after_ack",
    maxWaitMs: 1000,
    onError: (error) => app.logger.error("Work after a survey answer failed", error),
  });

  app.action(SURVEY.answerPattern, async ({ ack, body, client, respond }) => {
    const click = parseClick(body);
    if (!click) {
      await ack();
      return;
    }
    const io = { client, respond };
    const fail = async (text: string) => {
      await ack();
      await replyPrivately(click, io, text);
    };
    let ctx: RequestContext;
    try {
      ctx = await requestContext(deps, client, click.teamId, click.userId);
    } catch (error) {
      await fail(commonTexts[deps.config.defaultLocale].notSaved);
      throw error;
    }
    const t = surveyTexts[ctx.locale];
    if (!ctx.can("survey.answer")) return fail(deniedText(ctx, "survey.answer"));
    const value = parseAnswerClick(click.actionId, click.value);
    if (!value) return fail(t.invalidAnswer);

    let survey: SurveyRecord | null;
    let result: Awaited<ReturnType<typeof answerSurvey>>;
    try {
      survey = await surveyById(ctx.workspace.id, value.s);
      if (!survey) return fail(t.unknownSurvey);
      if (survey.closedAt) return fail(t.closedSurvey);
      const respondent = respondentFor(survey, value, ctx.userId, secret);
      if (!respondent) return fail(t.invalidAnswer);
      result = await answerSurvey(
        deps.db.prisma,
        { survey, score: value.n, respondent },
        deps.clock(),
        store,
      );
    } catch (error) {
      app.logger.error("Could not store a survey answer", error);
      return fail(commonTexts[ctx.locale].notSaved);
    }
    if (result.status === "invalid") return fail(t.invalidAnswer);
    await ack();

    const shown = {
      surveyId: survey.id,
      kind: survey.kind,
      question: questionFor(survey.question, survey.kind, ctx.locale),
      locale: ctx.locale,
      mode: value.m === "d" ? ("dm" as const) : ("channel" as const),
      anonymous: value.t && value.g ? { nonce: value.t, signature: value.g } : null,
      chosen: value.n,
    };
    const { workspace } = ctx;
    const alertId = result.alertId;
    afterAck.push(async () => {
      // A DM is the person's own message: it changes. A channel post is everyone's: the thanks is private.
      try {
        if (shown.mode === "dm") await respond({ replace_original: true, ...surveyMessage(shown) });
        else await respond({ response_type: "ephemeral", replace_original: false, ...channelThanks(shown) });
      } catch (error) {
        // The answer is stored; a thank-you that did not arrive must not keep the alert from going out.
        app.logger.warn("Could not thank a survey respondent", error);
      }
      if (alertId) await postAlert(deps, client, app.logger, workspace.id, alertId);
    });
  });

  app.action(SURVEY.why, async ({ ack, body, client, respond }) => {
    await ack();
    const click = parseClick(body);
    if (!click) return;
    const ctx = await requestContext(deps, client, click.teamId, click.userId);
    const t = surveyTexts[ctx.locale];
    const value = parseWhyValue(click.value);
    if (!value || !click.triggerId) {
      await replyPrivately(click, { client, respond }, t.invalidAnswer);
      return;
    }
    await client.views.open({
      trigger_id: click.triggerId,
      view: commentModal({
        locale: ctx.locale,
        score: value.n,
        anonymous: value.t !== undefined,
        privateMetadata: JSON.stringify(value),
      }),
    });
  });

  app.view(SURVEY.whyModal, async ({ ack, body, view, client }) => {
    const errors = (text: string) =>
      ack({ response_action: "errors", errors: { [SURVEY_BLOCK.comment]: text } });
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    let ctx: RequestContext;
    try {
      ctx = await requestContext(deps, client, teamId, body.user.id);
    } catch (error) {
      await errors(commonTexts[deps.config.defaultLocale].notSaved);
      throw error;
    }
    const t = surveyTexts[ctx.locale];
    if (!ctx.can("survey.answer")) return errors(deniedText(ctx, "survey.answer"));
    const value = parseWhyValue(view.private_metadata);
    if (!value) return errors(commonTexts[ctx.locale].expired);
    const form = parseCommentForm(view.state.values);
    if (!form.ok) {
      const e = form.errors[SURVEY_BLOCK.comment];
      return errors(
        e?.key === "tooLong"
          ? t.commentErrors.tooLong(MAX_COMMENT_LENGTH, e.length)
          : t.commentErrors.required,
      );
    }
    let stored: Awaited<ReturnType<typeof commentOnAnswer>>;
    try {
      const survey = await surveyById(ctx.workspace.id, value.s);
      const respondent = survey && respondentFor(survey, value, ctx.userId, secret);
      if (!survey || !respondent) return errors(t.invalidAnswer);
      stored = await commentOnAnswer(
        deps.db.prisma,
        { survey, respondent, comment: form.form.comment },
        deps.clock(),
      );
    } catch (error) {
      app.logger.error("Could not store a survey comment", error);
      return errors(commonTexts[ctx.locale].notSaved);
    }
    if (!stored) return errors(t.commentErrors.noAnswer);
    await ack({ response_action: "update", view: commentThanks(ctx.locale) });
    await refreshAlertFor(deps, client, ctx.workspace.id, stored.responseId);
  });
}
