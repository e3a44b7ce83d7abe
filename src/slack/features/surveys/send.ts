import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { Config } from "../../../config/env.js";
import { DEFAULT_TOUCHPOINT, defaultQuestion } from "../../../domain/survey-questions.js";
import { sendSurveyByHand } from "../../../services/send-survey-by-hand.js";
import type { SlackDeps } from "../../kit/deps.js";
import { expiredForm, notSaved } from "../../kit/guards.js";
import { onView, subcommand } from "../../kit/listen.js";
import { sendFormErrors, sendModal } from "./blocks/send-modal.js";
import { sendReport } from "./blocks/send-report.js";
import { draftFrom, parseSendForm } from "./form.js";
import { SURVEY, SURVEY_BLOCK } from "./ids.js";
import { slackOutbox } from "./slack-outbox.js";
import { surveyTexts } from "./texts.js";
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

const deliverOptions = (config: Config) => ({
  throttleDays: config.surveyThrottleDays,
  defaultLocale: config.defaultLocale,
  anonymousSecret: anonymousSecret(config),
});

export const surveyCommand = subcommand({ allow: "survey.send" }, async (a) => {
  const { args, ack, command, ctx, client, reply } = a;
  const kind = ZKind.safeParse(args[0]?.toLowerCase());
  if (!kind.success) return void (await reply(surveyTexts[ctx.locale].usage));
  await ack();
  const view = sendModal({
    kind: kind.data,
    locale: ctx.locale,
    question: defaultQuestion(kind.data, ctx.locale),
    touchpoint: DEFAULT_TOUCHPOINT[kind.data],
    usergroups: await listUsergroups(client),
    privateMetadata: JSON.stringify({ v: 1, kind: kind.data }),
  });
  await client.views.open({ trigger_id: command.trigger_id, view });
});

export function registerSend(app: App, deps: SlackDeps): void {
  const guard = {
    allow: "survey.send",
    errorBlock: SURVEY_BLOCK.question,
    fallback: "somethingWrong",
  } as const;
  onView(app, deps, SURVEY.sendModal, guard, async ({ ack, view, client, context, ctx, logger }) => {
    const t = surveyTexts[ctx.locale];
    const meta = parseSendMetadata(view.private_metadata);
    if (!meta) throw expiredForm();
    const parsed = parseSendForm(view.state.values);
    if (!parsed.ok)
      return ack({ response_action: "errors", errors: sendFormErrors(parsed.errors, ctx.locale) });
    const { form } = parsed;
    const id = surveyIdForView(ctx.teamId, view.id);
    const draft = draftFrom(form, {
      id,
      workspaceId: ctx.workspace.id,
      kind: meta.kind,
      createdBy: ctx.userId,
    });
    const outbox = slackOutbox(client, deps, context.botUserId);
    // Acknowledged once recorded: the same form submitted twice is already sending.
    const result = await sendSurveyByHand(
      deps.db.prisma,
      draft,
      outbox,
      deliverOptions(deps.config),
      deps.clock(),
      () => ack(),
    ).catch(notSaved);
    if (result.status === "unknown_subject")
      return ack({ response_action: "errors", errors: { [SURVEY_BLOCK.subject]: t.errors.unknownSubject } });
    if (result.status === "duplicate") return;
    if (result.status === "stopped") logger.error("Sending a survey stopped part-way", result.error);
    const { question, anonymous } = form;
    const options = { locale: ctx.locale, question, throttleDays: deps.config.surveyThrottleDays, anonymous };
    const text = result.status === "sent" ? sendReport(result.report, options) : t.sendFailed;
    await client.chat.postMessage({ channel: ctx.userId, text, unfurl_links: false });
  });
}
