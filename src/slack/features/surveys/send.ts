import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { DEFAULT_TOUCHPOINT, defaultQuestion, QUESTION_LENGTH } from "../../../domain/survey-questions.js";
import { createSurvey, deliverSurvey } from "../../../services/send-survey.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { RequestContext, SlackDeps, Subcommand } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { sendModal } from "./blocks/send-modal.js";
import { sendReport } from "./blocks/send-report.js";
import { parseSendForm, type SendFieldError } from "./form.js";
import { SURVEY, SURVEY_BLOCK } from "./ids.js";
import { slackOutbox } from "./slack-outbox.js";
import { type SurveyTexts, surveyTexts } from "./texts.js";
import { anonymousSecret, parseSendMetadata, surveyIdForView } from "./values.js";

// `/cx survey nps|csat|ces` opens the send modal; its submission records the survey, then
// sends it and tells the sender, privately, who got it and who was skipped.

const ZKind = z.enum(["nps", "csat", "ces"]);

async function listUsergroups(client: WebClient) {
  try {
    const res = await client.usergroups.list({});
    return (res.usergroups ?? [])
      .filter((g) => g.id && g.handle && !g.date_delete)
      .map((g) => ({ id: g.id as string, handle: g.handle as string, name: g.name ?? (g.handle as string) }));
  } catch {
    // Without usergroups:read (or with none), the modal simply offers no user groups.
    return [];
  }
}

export const surveyCommand: Subcommand = async ({ args, ack, command, ctx, client, respond }) => {
  const t = surveyTexts[ctx.locale];
  if (!ctx.can("survey.send")) {
    await ack({ response_type: "ephemeral", text: deniedText(ctx, "survey.send") });
    return;
  }
  const kind = ZKind.safeParse(args[0]?.toLowerCase());
  if (!kind.success) {
    await ack({ response_type: "ephemeral", text: t.usage });
    return;
  }
  await ack();
  const view = sendModal({
    kind: kind.data,
    locale: ctx.locale,
    question: defaultQuestion(kind.data, ctx.locale),
    touchpoint: DEFAULT_TOUCHPOINT[kind.data],
    usergroups: await listUsergroups(client),
    privateMetadata: JSON.stringify({ v: 1, kind: kind.data }),
  });
  try {
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    await respond({ response_type: "ephemeral", text: commonTexts[ctx.locale].somethingWrong });
    throw error;
  }
};

function errorText(t: SurveyTexts, e: SendFieldError): string {
  switch (e.key) {
    case "questionTooShort":
      return t.errors.questionTooShort(QUESTION_LENGTH.min);
    case "questionTooLong":
      return t.errors.questionTooLong(QUESTION_LENGTH.max, e.length);
    default:
      return t.errors[e.key];
  }
}

export function registerSend(app: App, deps: SlackDeps): void {
  app.view(SURVEY.sendModal, async ({ ack, body, view, client, context }) => {
    const errors = (errs: Record<string, string>) => ack({ response_action: "errors", errors: errs });
    const teamId = body.team?.id ?? body.user.team_id ?? "";
    let ctx: RequestContext;
    try {
      ctx = await requestContext(deps, client, teamId, body.user.id);
    } catch (error) {
      await errors({ [SURVEY_BLOCK.question]: commonTexts[deps.config.defaultLocale].somethingWrong });
      throw error;
    }
    const t = surveyTexts[ctx.locale];
    if (!ctx.can("survey.send")) {
      await errors({ [SURVEY_BLOCK.question]: deniedText(ctx, "survey.send") });
      return;
    }
    const meta = parseSendMetadata(view.private_metadata);
    if (!meta) {
      await errors({ [SURVEY_BLOCK.question]: commonTexts[ctx.locale].expired });
      return;
    }
    const parsed = parseSendForm(view.state.values);
    if (!parsed.ok) {
      await errors(
        Object.fromEntries(
          Object.entries(parsed.errors).map(([block, e]) => [block, errorText(t, e as SendFieldError)]),
        ),
      );
      return;
    }
    const form = parsed.form;
    const audience = {
      channels: form.channels,
      users: form.users,
      usergroup: form.usergroup,
      mode: form.mode,
    };
    let created: Awaited<ReturnType<typeof createSurvey>>;
    try {
      created = await createSurvey(
        deps.db.prisma,
        {
          id: surveyIdForView(teamId, view.id),
          workspaceId: ctx.workspace.id,
          kind: meta.kind,
          question: form.question,
          touchpoint: form.touchpoint,
          anonymous: form.anonymous,
          subject: form.subject,
          audience,
          createdBy: ctx.userId,
        },
        deps.clock(),
      );
    } catch (error) {
      await errors({ [SURVEY_BLOCK.question]: commonTexts[ctx.locale].notSaved });
      app.logger.error("Could not save a survey", error);
      return;
    }
    if (created.status === "unknown_subject") {
      await errors({ [SURVEY_BLOCK.subject]: t.errors.unknownSubject });
      return;
    }
    await ack();
    // The same form submitted twice: the first submission is already sending it.
    if (created.status === "duplicate") return;

    let text: string;
    try {
      const report = await deliverSurvey(
        deps.db.prisma,
        created.survey,
        audience,
        slackOutbox(client, deps, context.botUserId),
        {
          throttleDays: deps.config.surveyThrottleDays,
          defaultLocale: deps.config.defaultLocale,
          anonymousSecret: anonymousSecret(deps.config),
        },
        deps.clock(),
      );
      text = sendReport(report, {
        locale: ctx.locale,
        question: form.question,
        throttleDays: deps.config.surveyThrottleDays,
        anonymous: form.anonymous,
      });
    } catch (error) {
      app.logger.error("Sending a survey stopped part-way", error);
      text = t.sendFailed;
    }
    await client.chat.postMessage({ channel: ctx.userId, text, unfurl_links: false });
  });
}
