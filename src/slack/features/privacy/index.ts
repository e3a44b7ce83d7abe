import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { ExportFilter } from "../../../domain/export-filter.js";
import { SLACK_USER_ID, totalDeleted, totalPseudonymised } from "../../../domain/forgetting.js";
import { deleteSlackMessages } from "../../../services/delete-slack-messages.js";
import { type ExportKind, writeExport } from "../../../services/export-csv.js";
import { forgetPerson } from "../../../services/forget-person.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { Feature, RequestContext, SlackDeps, Subcommand } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { forgetModal, forgetNoticeModal, forgetResultText } from "./blocks.js";
import { exportScope } from "./export-filter.js";
import { FORGET_MODAL } from "./ids.js";
import { resolvePersonArg } from "./person-arg.js";
import { privacyTexts } from "./texts.js";

// `/cx export ledger|responses` and `/cx forget @person`: an admin's data requests. Both are
// checked for the admin role on the server, at the command and again at the confirmation.

const ZKind = z.enum(["ledger", "responses"]);
const ZForgetMetadata = z.object({ v: z.literal(1), userId: z.string().regex(SLACK_USER_ID) });

/**
 * Builds the CSV into a temporary file (streamed from the database page by page, so the process
 * never holds the whole export) and uploads it to the admin's DM: an ephemeral reply cannot carry
 * a file.
 */
async function sendExport(
  deps: SlackDeps,
  client: WebClient,
  ctx: RequestContext,
  kind: ExportKind,
  { filter, scope }: { filter: ExportFilter; scope: string | null },
) {
  const t = privacyTexts[ctx.locale];
  const dir = await mkdtemp(join(tmpdir(), "rtg-export-"));
  const path = join(dir, `${kind}.csv`);
  try {
    const out = createWriteStream(path);
    const rows = await writeExport(deps.db.prisma, { kind, filter, actor: ctx.userId }, out);
    out.end();
    await finished(out);
    const dm = await client.conversations.open({ users: ctx.userId });
    const channel = dm.channel?.id;
    if (!channel) throw new Error("conversations.open returned no DM channel");
    await client.files.uploadV2({
      channel_id: channel,
      file: createReadStream(path),
      filename: `righttogrow-${kind}-${deps.clock().toISOString().slice(0, 10)}.csv`,
      title: t.exportTitle(kind),
      initial_comment: t.exportDone(kind, rows, scope),
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const exportCommand: Subcommand = async ({ args, ack, ctx, deps, client, respond }) => {
  if (!ctx.can("data.export")) {
    await ack({ response_type: "ephemeral", text: deniedText(ctx, "data.export") });
    return;
  }
  const t = privacyTexts[ctx.locale];
  const kind = ZKind.safeParse((args[0] ?? "").toLowerCase());
  if (!kind.success) {
    await ack({ response_type: "ephemeral", text: t.exportUsage });
    return;
  }
  let scope: Awaited<ReturnType<typeof exportScope>>;
  try {
    scope = await exportScope(deps, ctx, args.slice(1));
  } catch (error) {
    await ack({ response_type: "ephemeral", text: commonTexts[ctx.locale].somethingWrong });
    throw error;
  }
  if (!scope.ok) {
    await ack({ response_type: "ephemeral", text: scope.text });
    return;
  }
  await ack({ response_type: "ephemeral", text: t.exportStarted(kind.data) });
  try {
    await sendExport(deps, client, ctx, kind.data, scope);
  } catch (error) {
    await respond({ response_type: "ephemeral", replace_original: false, text: t.exportFailed });
    throw error;
  }
};

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

const forgetCommand: Subcommand = async ({ args, ack, ctx, deps, client, command }) => {
  if (!ctx.can("data.forget")) {
    await ack({ response_type: "ephemeral", text: deniedText(ctx, "data.forget") });
    return;
  }
  const t = privacyTexts[ctx.locale];
  const words = args.join(" ").trim();
  if (!words) {
    await ack({ response_type: "ephemeral", text: t.forgetUsage });
    return;
  }
  await ack();
  const opened = await client.views.open({
    trigger_id: command.trigger_id,
    view: forgetNoticeModal(ctx.locale, t.counting),
  });
  const viewId = opened.view?.id;
  if (!viewId) throw new Error("views.open returned no view id");
  let view: Awaited<ReturnType<typeof forgetView>>;
  try {
    view = await forgetView(deps, client, ctx, words);
  } catch (error) {
    await client.views.update({
      view_id: viewId,
      view: forgetNoticeModal(ctx.locale, commonTexts[ctx.locale].somethingWrong),
    });
    throw error;
  }
  await client.views.update({ view_id: viewId, view });
};

function readMetadata(text: string) {
  try {
    const parsed = ZForgetMetadata.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const privacyFeature: Feature = {
  name: "privacy",
  subcommands: {
    export: exportCommand,
    exportar: exportCommand,
    forget: forgetCommand,
    olvidar: forgetCommand,
  },
  register(app: App, deps: SlackDeps) {
    app.view(FORGET_MODAL, async ({ ack, body, view, client }) => {
      // The modal closes at once; the deletion may take longer than Slack's 3 s, and its result
      // arrives as a DM.
      await ack();
      const ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
      const tell = (text: string) => client.chat.postMessage({ channel: ctx.userId, text });
      if (!ctx.can("data.forget")) return void (await tell(deniedText(ctx, "data.forget")));
      const metadata = readMetadata(view.private_metadata);
      if (!metadata) return void (await tell(commonTexts[ctx.locale].expired));
      try {
        const counts = await forgetPerson(deps.db.prisma, {
          workspaceId: ctx.workspace.id,
          userId: metadata.userId,
          actor: ctx.userId,
          dryRun: false,
        });
        const messages = await deleteSlackMessages(client, counts.slackMessages);
        await tell(forgetResultText(ctx.locale, metadata.userId, counts, messages.failed.length));
      } catch (error) {
        await tell(commonTexts[ctx.locale].somethingWrong);
        throw error;
      }
    });
  },
};
