import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { SLACK_USER_ID, totalDeleted, totalPseudonymised } from "../../../domain/forgetting.js";
import { forgetPerson } from "../../../services/forget-person.js";
import { forgetPersonEverywhere } from "../../../services/forget-person-everywhere.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { AnsweredFailure, expiredForm } from "../../kit/guards.js";
import { onViewClosed, subcommand } from "../../kit/listen.js";
import { resolvePersonArg } from "../../kit/person-arg.js";
import {
  forgetCountingModal,
  forgetFailedModal,
  forgetModal,
  forgetNoticeModal,
  forgetResultText,
} from "./blocks.js";
import { FORGET_MODAL } from "./ids.js";
import { privacyTexts } from "./texts.js";

// `/cx forget @person`: a modal that shows what would go, then forgets on confirmation. Admins
// only, checked at the command and again at the confirmation.

const ZForgetMetadata = z.object({ v: z.literal(1), userId: z.string().regex(SLACK_USER_ID) });

function readForgetMetadata(text: string) {
  try {
    const parsed = ZForgetMetadata.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * What the confirmation modal should show: the counts, or why there is nothing to confirm.
 * Finding a typed @handle lists the workspace's members and counting runs the whole deletion
 * (rolled back), so both happen after the modal is open, not within Slack's 3 s.
 */
async function forgetView(deps: SlackDeps, client: WebClient, ctx: RequestContext, words: string) {
  const t = privacyTexts[ctx.locale];
  const person = await resolvePersonArg(client, words);
  if (!person.ok)
    return forgetNoticeModal(
      ctx.locale,
      person.reason === "ambiguous" ? t.forgetAmbiguous(words) : t.forgetWho(words),
    );
  // The same work as the real run, rolled back: the modal shows exactly what confirming does.
  const counts = await forgetPerson(deps.db.prisma, {
    workspaceId: ctx.workspace.id,
    userId: person.userId,
    actor: ctx.userId,
    dryRun: true,
  });
  return totalDeleted(counts) + totalPseudonymised(counts) === 0
    ? forgetNoticeModal(ctx.locale, t.nothingFound(person.userId))
    : forgetModal(ctx.locale, person.userId, counts);
}

/** Replaces the "counting…" modal with the counts; a failure says so in the modal itself. */
async function showForgetView(
  deps: SlackDeps,
  client: WebClient,
  ctx: RequestContext,
  viewId: string,
  words: string,
) {
  const show = (view: ReturnType<typeof forgetNoticeModal>) => client.views.update({ view_id: viewId, view });
  const view = await forgetView(deps, client, ctx, words).catch(async (error: unknown) => {
    await show(forgetFailedModal(ctx.locale));
    throw new AnsweredFailure(error, null);
  });
  await show(view);
}

export const forgetCommand = subcommand(
  { allow: "data.forget" },
  async ({ args, ack, ctx, deps, client, command, reply }) => {
    const words = args.join(" ").trim();
    if (!words) return void (await reply(privacyTexts[ctx.locale].forgetUsage));
    await ack();
    const opened = await client.views.open({
      trigger_id: command.trigger_id,
      view: forgetCountingModal(ctx.locale),
    });
    const viewId = opened.view?.id;
    if (!viewId) throw new Error("views.open returned no view id");
    await showForgetView(deps, client, ctx, viewId, words);
  },
);

export function registerForget(app: App, deps: SlackDeps): void {
  // The modal closes at once; the deletion may take longer than Slack's 3 s, and its result
  // arrives as a DM.
  onViewClosed(app, deps, FORGET_MODAL, { allow: "data.forget" }, async ({ view, client, ctx, reply }) => {
    const metadata = readForgetMetadata(view.private_metadata);
    if (!metadata) throw expiredForm();
    const { counts, slackFailed } = await forgetPersonEverywhere(deps.db.prisma, client, {
      workspaceId: ctx.workspace.id,
      userId: metadata.userId,
      actor: ctx.userId,
    });
    await reply(forgetResultText(ctx.locale, metadata.userId, counts, slackFailed));
  });
}
