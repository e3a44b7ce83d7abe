import { createReadStream, createWriteStream } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { finished } from "node:stream/promises";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { ExportFilter } from "../../../domain/export-filter.js";
import { type ExportKind, writeExport } from "../../../services/export-csv.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { failingWith } from "../../kit/guards.js";
import { subcommand } from "../../kit/listen.js";
import { exportScope } from "./export-filter.js";
import { privacyTexts } from "./texts.js";

// `/cx export ledger|responses [segment] [period]`: an admin's export, as a CSV file in their DM.

const ZKind = z.enum(["ledger", "responses"]);

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

export const exportCommand = subcommand(
  { allow: "data.export" },
  async ({ args, ctx, deps, client, reply }) => {
    const t = privacyTexts[ctx.locale];
    const kind = ZKind.safeParse((args[0] ?? "").toLowerCase());
    if (!kind.success) return void (await reply(t.exportUsage));
    const scope = await exportScope(deps, ctx, args.slice(1));
    if (!scope.ok) return void (await reply(scope.text));
    await reply(t.exportStarted(kind.data));
    const exportFailed = (locale: RequestContext["locale"]) => privacyTexts[locale].exportFailed;
    await failingWith(sendExport(deps, client, ctx, kind.data, scope), exportFailed);
  },
);
