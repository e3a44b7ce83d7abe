import type { ForgetCounts, SlackMessageRef } from "../domain/forgetting.js";
import { totalDeleted, totalPseudonymised } from "../domain/forgetting.js";

// What `forget` found (dry run) or did, table by table, for the terminal.

const DELETED_LABELS: Record<keyof ForgetCounts["deleted"], string> = {
  survey_response: "survey answers (non-anonymous)",
  alert: "alerts raised by those answers",
  voice_note: "voice notes (non-anonymous)",
  follow_up: "follow-ups about those notes",
  survey_delivery: "survey deliveries (pending or not)",
  customer_contact: "customer contact links",
};

export function renderForgetReport(
  counts: ForgetCounts,
  opts: { userId: string; dryRun: boolean; slackLeft: SlackMessageRef[] },
): string {
  const lines = [
    opts.dryRun ? `Would forget ${opts.userId} (nothing has changed yet):` : `Forgot ${opts.userId}:`,
    `  ${opts.dryRun ? "would delete" : "deleted"} ${totalDeleted(counts)} rows`,
    ...Object.entries(DELETED_LABELS).map(
      ([table, label]) =>
        `    ${String(counts.deleted[table as keyof ForgetCounts["deleted"]]).padStart(6)}  ${table} — ${label}`,
    ),
    `  ${opts.dryRun ? "would replace" : "replaced"} the id in ${totalPseudonymised(counts)} rows kept for customers and the audit trail`,
    ...Object.entries(counts.pseudonymised)
      .filter(([, n]) => n > 0)
      .map(([column, n]) => `    ${String(n).padStart(6)}  ${column}`),
    "Anonymous answers and notes store no identity, so they cannot be linked to anyone and stay.",
  ];
  const posted = counts.slackMessages.length;
  if (opts.dryRun && posted)
    lines.push(
      `  ${posted} Slack messages the app posted about them (alerts, survey DMs) would be deleted too (with SLACK_BOT_TOKEN set; otherwise listed).`,
    );
  else if (!opts.dryRun && posted) {
    lines.push(
      `  deleted ${posted - opts.slackLeft.length} of the ${posted} Slack messages the app posted about them`,
    );
    if (opts.slackLeft.length)
      lines.push(
        "  still in Slack (delete them there; nothing in the database points at them any more):",
        ...opts.slackLeft.map((m) => `    channel ${m.channelId}, message ts ${m.messageTs}`),
      );
  }
  if (opts.dryRun)
    lines.push(`Run again with --yes to do it: npm run cli -- forget --user ${opts.userId} --yes`);
  return lines.join("\n");
}
