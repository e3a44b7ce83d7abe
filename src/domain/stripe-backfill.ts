import { z } from "zod";
import type { StripeEvent } from "./stripe-mapping.js";

// The history of a subscription older than the events Stripe still holds, rebuilt as the
// customer.subscription.* events the webhook would have received, so that the backfill records it
// through the same mapping and write path (src/services/record-stripe-event.ts):
//
//   created  at the subscription's creation, with the items its first paid invoice billed;
//   updated  at the start of each paid period whose billed items differ from the period before
//            (previous_attributes holds the former ones, so the mapping computes the change);
//   deleted  at its end, with the items it had and its cancellation_details.
//
// Only changes before the horizon (the oldest event Stripe or the webhook has seen) are rebuilt:
// from the horizon on, the real events say what happened, with their own ids. Rebuilt events get
// ids derived from Stripe's (`backfill_<sub>_created`, `backfill_<invoice>_updated`,
// `backfill_<sub>_deleted`), so a re-run stores each once.

const ZUnix = z.number().int().nonnegative();

/** The fields of an invoice line the backfill reads: current API versions and older ones. */
const ZInvoiceLine = z.object({
  amount: z.number().int(),
  currency: z.string().length(3),
  quantity: z.number().int().nonnegative().nullish(),
  period: z.object({ start: ZUnix, end: ZUnix }),
  proration: z.boolean().nullish(),
  price: z.object({ id: z.string() }).nullish(),
  pricing: z.object({ price_details: z.object({ price: z.string() }).nullish() }).nullish(),
  parent: z
    .object({
      type: z.string().nullish(),
      subscription_item_details: z.object({ proration: z.boolean().nullish() }).nullish(),
    })
    .nullish(),
});

export const ZStripeInvoice = z.object({
  id: z.string().min(1),
  object: z.literal("invoice", "is not an invoice"),
  status: z.string().nullish(),
  created: ZUnix,
  period_start: ZUnix,
  lines: z.object({ data: z.array(ZInvoiceLine), has_more: z.boolean().optional() }),
});
export type StripeInvoice = z.infer<typeof ZStripeInvoice>;

/** The subscription fields the backfill reads itself; the whole object goes on to the mapping. */
export const ZBackfillSubscription = z
  .object({
    id: z.string().min(1),
    object: z.literal("subscription", "is not a subscription"),
    customer: z.union([z.string().min(1), z.object({ id: z.string().min(1) }).passthrough()]),
    status: z.string(),
    created: ZUnix,
    ended_at: ZUnix.nullish(),
    canceled_at: ZUnix.nullish(),
  })
  .passthrough();
export type BackfillSubscription = z.infer<typeof ZBackfillSubscription>;

const DAY = 24 * 60 * 60;

/** The billing interval a period's length means (Stripe's months are 28 to 31 days). */
export function intervalOfPeriod(
  seconds: number,
): { interval: "day" | "week" | "month" | "year"; intervalCount: number } | null {
  const days = Math.round(seconds / DAY);
  if (days <= 0) return null;
  if (days >= 365 && days <= 366) return { interval: "year", intervalCount: 1 };
  if (days % 7 === 0 && days < 28) return { interval: "week", intervalCount: days / 7 };
  if (days < 28) return { interval: "day", intervalCount: days };
  const months = Math.round(days / 30.44);
  if (Math.abs(days - months * 30.44) <= 3.5 && months >= 1 && months < 12) {
    return { interval: "month", intervalCount: months };
  }
  if (days % 365 === 0 || days % 366 === 0)
    return { interval: "year", intervalCount: Math.round(days / 365) };
  return null;
}

const isProration = (line: z.infer<typeof ZInvoiceLine>) =>
  Boolean(line.proration ?? line.parent?.subscription_item_details?.proration);

/**
 * The subscription items a paid invoice billed, as the mapping reads them: one price per full
 * (non-proration) line, with the line's amount per unit and the interval its period spans. Null
 * when the invoice bills no full period (only prorations, or one-off items).
 */
export function itemsOfInvoice(invoice: StripeInvoice): Record<string, unknown> | null {
  const data: Record<string, unknown>[] = [];
  for (const line of invoice.lines.data) {
    if (isProration(line) || line.amount < 0) continue;
    const interval = intervalOfPeriod(line.period.end - line.period.start);
    if (!interval) continue;
    const quantity = line.quantity ?? 1;
    const priceId =
      line.pricing?.price_details?.price ?? line.price?.id ?? `${invoice.id}_line${data.length}`;
    const unit = quantity > 0 ? line.amount / quantity : line.amount;
    data.push({
      price: {
        id: priceId,
        currency: line.currency,
        unit_amount_decimal: String(unit),
        recurring: {
          interval: interval.interval,
          interval_count: interval.intervalCount,
          usage_type: "licensed",
        },
      },
      quantity: quantity > 0 ? quantity : 1,
    });
  }
  return data.length ? { object: "list", data, has_more: false } : null;
}

const signature = (items: Record<string, unknown> | null) => JSON.stringify(items);

/**
 * The events that tell a subscription's history before `horizon` (Unix seconds), oldest first.
 * `customer` replaces the subscription's customer id with the customer object (for its name).
 */
export function rebuildSubscriptionEvents(
  sub: BackfillSubscription,
  paidInvoices: StripeInvoice[],
  horizon: number,
  customer?: { id: string; object: "customer"; name: string | null },
): StripeEvent[] {
  // Never paid and never trialled into a customer: the webhook never gains these either.
  if (sub.status === "incomplete" || sub.status === "incomplete_expired") return [];
  const base = { ...sub, ...(customer ? { customer } : {}) };
  const periods = [...paidInvoices]
    .sort((a, b) => a.period_start - b.period_start || a.created - b.created)
    .map((invoice) => ({ invoice, items: itemsOfInvoice(invoice) }))
    .filter((p) => p.items !== null);
  const events: StripeEvent[] = [];
  const firstItems = periods[0]?.items ?? (sub.items as Record<string, unknown> | undefined) ?? null;
  if (sub.created < horizon) {
    events.push({
      id: `backfill_${sub.id}_created`,
      type: "customer.subscription.created",
      created: sub.created,
      data: {
        object: { ...base, status: "active", items: firstItems, canceled_at: null, ended_at: null },
      },
    });
  }
  for (let i = 1; i < periods.length; i++) {
    const before = periods[i - 1];
    const now = periods[i];
    if (!before || !now || now.invoice.period_start >= horizon) break;
    if (signature(before.items) === signature(now.items)) continue;
    events.push({
      id: `backfill_${now.invoice.id}_updated`,
      type: "customer.subscription.updated",
      created: now.invoice.period_start,
      data: {
        object: { ...base, status: "active", items: now.items, canceled_at: null, ended_at: null },
        previous_attributes: { items: before.items },
      },
    });
  }
  const endedAt = sub.ended_at ?? (sub.status === "canceled" ? sub.canceled_at : null);
  if (sub.status === "canceled" && endedAt !== null && endedAt !== undefined && endedAt < horizon) {
    const lastItems = periods.at(-1)?.items ?? firstItems;
    events.push({
      id: `backfill_${sub.id}_deleted`,
      type: "customer.subscription.deleted",
      created: endedAt,
      data: { object: { ...base, items: sub.items ?? lastItems } },
    });
  }
  return events;
}
