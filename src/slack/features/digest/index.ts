import type { App } from "@slack/bolt";
import { explainChange } from "../../../services/explain-change.js";
import { previewMeetingDigest } from "../../../services/preview-meeting-digest.js";
import type { Feature, RequestContext, SlackDeps } from "../../kit/deps.js";
import { expiredForm } from "../../kit/guards.js";
import { onAction, subcommand } from "../../kit/listen.js";
import { digestPreviewMessage } from "./blocks.js";
import { DIGEST } from "./ids.js";
import { digestSlackTexts } from "./texts.js";
import { readWhyValue } from "./values.js";
import { whyMessage } from "./why-blocks.js";

// The leadership digest in Slack: `/cx digest preview [meeting]` shows the next one privately
// (services/preview-meeting-digest.ts, through the one digest builder), and each figure's
// "Why did this change?" button answers privately with the entries and answers behind it.

function register(app: App, deps: SlackDeps): void {
  onAction(
    app,
    deps,
    new RegExp(`^${DIGEST.why}:`),
    { allow: "stats.view" },
    async ({ body, ctx, respond }) => {
      const value = readWhyValue((body.actions[0] as { value?: string } | undefined)?.value);
      if (!value) throw expiredForm();
      const explanation = await explainChange(deps.db.prisma, { workspaceId: ctx.workspace.id, ...value });
      const ws = ctx.workspace;
      const view = { locale: ctx.locale, currency: ws.reportingCurrency, timeZone: ws.timezone };
      await respond({
        response_type: "ephemeral",
        replace_original: false,
        ...whyMessage(explanation, view),
      });
    },
  );
}

/**
 * The private preview of a meeting's digest (by name, any case), or of a default one for the
 * last seven days when no name is given. Shared by `/cx digest preview` and the meetings list.
 */
export async function digestPreview(
  deps: SlackDeps,
  ctx: RequestContext,
  name: string,
): Promise<{ text: string; blocks?: unknown[] }> {
  const request = {
    workspaceId: ctx.workspace.id,
    name,
    now: deps.clock(),
    locale: ctx.locale,
    minAnswers: deps.config.minScoreAnswers,
    anonymityMin: deps.config.anonymityMin,
  };
  return digestPreviewMessage(await previewMeetingDigest(deps.db, request), ctx.locale);
}

const digest = subcommand({ allow: "digest.view" }, async ({ args, ack, ctx, deps, reply }) => {
  const [verb = "preview", ...rest] = args;
  if (verb.toLowerCase() !== "preview") return void (await reply(digestSlackTexts[ctx.locale].previewUsage));
  const message = await digestPreview(deps, ctx, rest.join(" ").trim());
  await ack({ response_type: "ephemeral", text: message.text, blocks: message.blocks as never });
});

export const digestFeature: Feature = { name: "digest", register, subcommands: { digest } };
