import type { Config } from "../config/env.js";
import type { Database } from "../data/database.js";
import { parseInstant } from "../domain/time.js";
import { createStripeSource } from "../import/stripe-api.js";
import { backfillStripe } from "../services/backfill-stripe.js";
import { UsageError } from "./args.js";
import { createEtaProgress } from "./progress.js";

// npm run cli -- import stripe [--since DATE]: the Stripe backfill (src/services/backfill-stripe.ts).

type WorkspaceRef = { id: string; reportingCurrency: string };

export async function runStripeBackfill(
  command: { since?: string; tz?: string },
  db: Database,
  workspace: WorkspaceRef,
  config: Config,
): Promise<number> {
  const apiKey = config.stripe.apiKey;
  if (!apiKey) {
    throw new UsageError(
      "import stripe needs STRIPE_API_KEY: a secret key (sk_…) or a restricted key (rk_…) with read access to Customers, Subscriptions, Invoices and Events",
    );
  }
  let since: Date | undefined;
  if (command.since !== undefined) {
    const parsed = parseInstant(command.since, command.tz ?? config.defaultTimezone);
    if (!parsed)
      throw new UsageError(
        `--since "${command.since}" is not a date (2025-01-01) or an ISO 8601 time with offset`,
      );
    since = parsed;
  }
  const progress = createEtaProgress(process.stderr, "Reading Stripe", "customers");
  const source = createStripeSource({ apiKey, apiBase: config.stripe.apiBase });
  const report = await backfillStripe(db.prisma, source, {
    workspaceId: workspace.id,
    reportingCurrency: workspace.reportingCurrency,
    defaultSegment: config.stripe.defaultSegment,
    since,
    onProgress: progress.update,
  });
  progress.done();
  const lines = [
    `Stripe backfill: ${report.customers} customers, ${report.subscriptions} subscriptions, ${report.invoices} paid invoices.`,
    `History before ${report.horizon.toISOString()} rebuilt from subscriptions and invoices (${report.rebuiltEvents} changes); ${report.heldEvents} events Stripe still holds replayed.`,
    `Recorded ${report.recorded} movements; ${report.duplicates} already stored; ${report.skipped} changed nothing.`,
  ];
  if (report.refused.length) {
    lines.push(`Refused ${report.refused.length}:`);
    for (const r of report.refused.slice(0, 20)) lines.push(`  ${r.eventId}: ${r.message}`);
    if (report.refused.length > 20) lines.push(`  … and ${report.refused.length - 20} more`);
  }
  console.log(lines.join("\n"));
  return report.refused.length ? 1 : 0;
}
