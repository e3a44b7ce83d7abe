import type { PrismaClient } from "../data/client.js";
import { findOldestWebhookEventTime, findWebhookEvent, insertWebhookEvent } from "../data/webhook-events.js";
import { rebuildSubscriptionEvents } from "../domain/stripe-backfill.js";
import type { StripeEvent } from "../domain/stripe-mapping.js";
import type { StripeCustomerSummary, StripeSource } from "../import/stripe-api.js";
import { recordStripeEvent, STRIPE_PROVIDER, type StripeEventContext } from "./record-stripe-event.js";

// The Stripe backfill: the ledger the webhook would have written, from what Stripe still has.
//
// Events Stripe holds (about the last 30 days) are recorded as they are, through the webhook's own
// write path, so an event seen by both is stored once under its id. Older history is rebuilt from
// each customer's subscriptions and paid invoices as the events the webhook would have received
// (src/domain/stripe-backfill.ts), up to the horizon: the oldest event Stripe holds or the webhook
// received. The horizon is stored the first time, so a later run (when Stripe has let older
// events go) rebuilds exactly what the first did; every write is keyed, so an interrupted run,
// run again, stores nothing twice.

const HORIZON_KEY = "backfill_horizon";
const REBUILT_PREFIX = "backfill_";

export interface BackfillContext extends StripeEventContext {
  /** Subscriptions that had ended before this are not read. */
  since?: Date;
  onProgress?: (done: number, total: number) => void;
}

export interface BackfillReport {
  horizon: Date;
  customers: number;
  subscriptions: number;
  invoices: number;
  heldEvents: number;
  rebuiltEvents: number;
  recorded: number;
  duplicates: number;
  /** Events that change nothing (other currencies are refused, not skipped). */
  skipped: number;
  refused: Array<{ eventId: string; message: string }>;
}

export async function backfillStripe(
  db: PrismaClient,
  source: StripeSource,
  ctx: BackfillContext,
): Promise<BackfillReport> {
  const now = ctx.now ?? new Date();
  const held: StripeEvent[] = [];
  for await (const event of source.subscriptionEvents()) held.push(event);
  held.sort((a, b) => a.created - b.created || a.id.localeCompare(b.id));

  const horizon = await settleHorizon(db, ctx.workspaceId, held, now);
  const horizonSeconds = Math.floor(horizon.getTime() / 1000);
  const report: BackfillReport = {
    horizon,
    customers: 0,
    subscriptions: 0,
    invoices: 0,
    heldEvents: held.length,
    rebuiltEvents: 0,
    recorded: 0,
    duplicates: 0,
    skipped: 0,
    refused: [],
  };
  const record = async (event: StripeEvent) => {
    const result = await recordStripeEvent(db, { ...ctx, now }, event);
    if (result.status === "duplicate") report.duplicates += 1;
    else if (result.status === "handled") {
      if (result.outcome === "recorded") report.recorded += 1;
      else report.skipped += 1;
    } else report.refused.push({ eventId: event.id, message: result.message });
  };

  const customers: StripeCustomerSummary[] = [];
  for await (const customer of source.customers()) customers.push(customer);
  const since = ctx.since ? ctx.since.getTime() / 1000 : null;
  for (const customer of customers) {
    const rebuilt: StripeEvent[] = [];
    for await (const sub of source.subscriptions(customer.id)) {
      const ended = sub.ended_at ?? null;
      if (since !== null && ended !== null && ended < since) continue;
      report.subscriptions += 1;
      const invoices = [];
      for await (const invoice of source.paidInvoices(sub.id)) invoices.push(invoice);
      report.invoices += invoices.length;
      rebuilt.push(...rebuildSubscriptionEvents(sub, invoices, horizonSeconds, customer));
    }
    rebuilt.sort((a, b) => a.created - b.created);
    report.rebuiltEvents += rebuilt.length;
    for (const event of rebuilt) await record(event);
    report.customers += 1;
    ctx.onProgress?.(report.customers, customers.length);
  }
  // After the rebuilt history, which is all older than them.
  for (const event of held) await record(event);
  return report;
}

/**
 * The horizon: stored by the first run; otherwise the oldest of the events Stripe holds, the
 * events the webhook received, and now.
 */
async function settleHorizon(
  db: PrismaClient,
  workspaceId: string,
  held: StripeEvent[],
  now: Date,
): Promise<Date> {
  const key = { workspaceId, provider: STRIPE_PROVIDER, eventId: HORIZON_KEY };
  const stored = await findWebhookEvent(db, key);
  const storedAt = stored?.detail ? new Date(stored.detail) : null;
  if (storedAt && !Number.isNaN(storedAt.getTime())) return storedAt;
  const received = await findOldestWebhookEventTime(db, workspaceId, STRIPE_PROVIDER, REBUILT_PREFIX);
  const candidates = [now.getTime(), ...(received ? [received.getTime()] : [])];
  const oldestHeld = held[0];
  if (oldestHeld) candidates.push(oldestHeld.created * 1000);
  const horizon = new Date(Math.min(...candidates));
  try {
    await insertWebhookEvent(db, {
      ...key,
      type: "righttogrow.backfill.horizon",
      outcome: "skipped",
      detail: horizon.toISOString(),
    });
  } catch (error) {
    // A concurrent first run stored its own: use that one.
    const won = await findWebhookEvent(db, key);
    if (won?.detail) return new Date(won.detail);
    throw error;
  }
  return horizon;
}
