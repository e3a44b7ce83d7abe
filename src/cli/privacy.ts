import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { WebClient } from "@slack/web-api";
import type { Config } from "../config/env.js";
import type { Database } from "../data/database.js";
import type { ExportFilter } from "../domain/export-filter.js";
import { parseInstant } from "../domain/time.js";
import { deleteSlackMessages } from "../services/delete-slack-messages.js";
import { writeExport } from "../services/export-csv.js";
import { findSegment } from "../services/find-segment.js";
import { forgetPerson } from "../services/forget-person.js";
import { UsageError } from "./args.js";
import type { ExportCommand, ForgetCommand } from "./privacy-args.js";
import { createProgress } from "./progress.js";
import { renderForgetReport } from "./render-forget.js";

// npm run cli -- export ledger|responses, forget --user: an admin's data requests, on the
// command line. The CSV goes to stdout (or --out); everything said about it goes to stderr.

/** The workspace the command runs in: only its id is read here, so no Prisma row type is needed. */
type WorkspaceRef = { id: string };

async function exportFilter(command: ExportCommand, db: Database, workspace: WorkspaceRef, tz: string) {
  const filter: ExportFilter = { workspaceId: workspace.id };
  for (const [flag, text] of [
    ["--from", command.from],
    ["--to", command.to],
  ] as const) {
    if (text === undefined) continue;
    const at = parseInstant(text, tz);
    if (!at)
      throw new UsageError(`${flag} "${text}" is not a date (2026-03-02) or an ISO 8601 time with offset`);
    if (flag === "--from") filter.from = at;
    else filter.to = at;
  }
  if (filter.from && filter.to && filter.to <= filter.from)
    throw new UsageError("--to must be after --from (the window is [from, to))");
  if (command.segment !== undefined) {
    const segment = await findSegment(db.prisma, workspace.id, command.segment);
    if (!segment) throw new UsageError(`No segment is named "${command.segment}" in this workspace.`);
    filter.segmentId = segment.id;
  }
  return filter;
}

export async function runExportCommand(
  command: ExportCommand,
  db: Database,
  workspace: WorkspaceRef,
  config: Config,
): Promise<number> {
  const filter = await exportFilter(command, db, workspace, command.tz ?? config.defaultTimezone);
  const progress = createProgress(process.stderr, `Exporting ${command.kind}`);
  const run = { kind: command.kind, filter, actor: "cli" };
  if (!command.out) {
    const rows = await writeExport(db.prisma, run, process.stdout, progress.update);
    progress.done();
    console.error(`Exported ${rows} ${command.kind === "ledger" ? "movements" : "answers"}.`);
    return 0;
  }
  // Written beside the target and renamed at the end: a failed export never leaves a file that
  // looks complete.
  const partial = `${command.out}.partial`;
  const out = createWriteStream(partial);
  try {
    const rows = await writeExport(db.prisma, run, out, progress.update);
    out.end();
    await finished(out);
    await rename(partial, command.out);
    progress.done();
    console.error(
      `Exported ${rows} ${command.kind === "ledger" ? "movements" : "answers"} to ${command.out}.`,
    );
    return 0;
  } catch (error) {
    out.destroy();
    await rm(partial, { force: true });
    throw error;
  }
}

/**
 * No table stores e-mail addresses (customer contacts are Slack users), so an address is turned
 * into the Slack user it belongs to, through Slack.
 */
async function slackUserByEmail(config: Config, email: string): Promise<string> {
  if (!config.slack.botToken)
    throw new UsageError(
      `--email needs SLACK_BOT_TOKEN: the database stores no e-mail addresses, so ${email} is looked up in Slack. Give --user U123 instead.`,
    );
  const client = new WebClient(config.slack.botToken, {
    slackApiUrl: config.slack.apiUrl,
    retryConfig: { retries: 2 },
  });
  try {
    const found = await client.users.lookupByEmail({ email });
    if (found.user?.id) return found.user.id;
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === "missing_scope")
      throw new UsageError(
        "Slack refused the e-mail lookup: the app needs the users:read.email scope (reinstall it after adding the scope).",
      );
    if (code !== "users_not_found") throw error;
  }
  throw new UsageError(`No Slack user in this workspace has the e-mail address ${email}.`);
}

export async function runForgetCommand(
  command: ForgetCommand,
  db: Database,
  workspace: WorkspaceRef,
  config: Config,
): Promise<number> {
  const byEmail = command.email ? await slackUserByEmail(config, command.email) : undefined;
  if (command.user && byEmail && byEmail !== command.user)
    throw new UsageError(
      `--user ${command.user} and --email ${command.email} name different people (${byEmail}).`,
    );
  const userId = (command.user ?? byEmail) as string;
  const counts = await forgetPerson(db.prisma, {
    workspaceId: workspace.id,
    userId,
    actor: "cli",
    dryRun: !command.yes,
  });
  // The app's own Slack messages about them (alerts, survey DMs) go too when Slack is configured;
  // otherwise they are listed, since after this run nothing in the database points at them.
  const slack =
    command.yes && counts.slackMessages.length && config.slack.botToken
      ? await deleteSlackMessages(
          new WebClient(config.slack.botToken, {
            slackApiUrl: config.slack.apiUrl,
            retryConfig: { retries: 2 },
          }),
          counts.slackMessages,
        )
      : null;
  console.log(
    renderForgetReport(counts, {
      userId,
      dryRun: !command.yes,
      slackLeft: slack ? slack.failed : counts.slackMessages,
    }),
  );
  return 0;
}
