import { Decimal } from "decimal.js";
import { z } from "zod";
import type { MovementFacts } from "./ledger-inputs.js";
import type { MovementType } from "./ledger-rules.js";
import type { Money } from "./money.js";
import { annualisedTotal, type RecurringAmount } from "./stripe-amounts.js";

// What a Stripe event means for the ledger. Only subscription events move customers: created →
// gained, deleted → lost, updated → expanded or contracted by the change in yearly value (or
// gained, for a subscription created before its first payment that has just become active). Trials
// count from their start and past_due / unpaid changes nothing until Stripe cancels. Only the
// fields used are parsed, and both the price-based items (current API versions) and the older
// single `plan` are understood, so events from accounts pinned to old API versions still map.

export interface StripeMappingContext {
  /** The ledger's currency; a subscription billed in another is refused, never converted. */
  reportingCurrency: string;
  /** The segment when no metadata names one. */
  defaultSegment: string;
}

/** The movement an event means; the write path adds its key, content hash and provenance. */
export type StripeMovement = MovementFacts;

export type StripeEventPlan =
  | { outcome: "recorded"; movement: StripeMovement; detail: string }
  | { outcome: "ignored" | "skipped"; detail: string }
  /** invalid: the payload lacks what a subscription event must hold; unsupported: valid, but not mappable. */
  | { outcome: "refused"; kind: "invalid" | "unsupported"; message: string };

export const HANDLED_EVENT_TYPES = [
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
] as const;

const ZUnix = z.number().int().nonnegative();
const ZMetadata = z.record(z.string(), z.string()).nullish();
const ZInterval = z.enum(["day", "week", "month", "year"]);

const ZProduct = z.union([
  z.string(),
  z.object({ id: z.string(), metadata: ZMetadata, name: z.string().nullish() }),
]);

const ZPrice = z.object({
  id: z.string(),
  currency: z.string().length(3),
  unit_amount: z.number().int().nonnegative().nullish(),
  unit_amount_decimal: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .nullish(),
  recurring: z
    .object({
      interval: ZInterval,
      interval_count: z.number().int().positive().nullish(),
      usage_type: z.string().nullish(),
    })
    .nullish(),
  metadata: ZMetadata,
  product: ZProduct.nullish(),
});

// The pre-2018 shape, still sent as `plan` beside `price` and alone by old API versions.
const ZPlan = z.object({
  id: z.string(),
  currency: z.string().length(3),
  amount: z.number().int().nonnegative().nullish(),
  amount_decimal: z
    .string()
    .regex(/^\d+(\.\d+)?$/)
    .nullish(),
  interval: ZInterval,
  interval_count: z.number().int().positive().nullish(),
  usage_type: z.string().nullish(),
  metadata: ZMetadata,
  product: ZProduct.nullish(),
});

const ZItem = z.object({
  price: ZPrice.nullish(),
  plan: ZPlan.nullish(),
  quantity: z.number().int().nonnegative().nullish(),
});

const ZItems = z.object({ data: z.array(ZItem) });

const ZSubscription = z.object({
  id: z.string().min(1),
  object: z.literal("subscription", "is not a subscription"),
  customer: z.union([
    z.string().min(1),
    z.object({ id: z.string().min(1), name: z.string().nullish(), deleted: z.boolean().optional() }),
  ]),
  currency: z.string().length(3),
  status: z.string(),
  created: ZUnix,
  start_date: ZUnix.nullish(),
  canceled_at: ZUnix.nullish(),
  ended_at: ZUnix.nullish(),
  cancellation_details: z
    .object({
      reason: z.string().nullish(),
      feedback: z.string().nullish(),
      comment: z.string().nullish(),
    })
    .nullish(),
  items: ZItems.nullish(),
  plan: ZPlan.nullish(),
  quantity: z.number().int().nonnegative().nullish(),
  metadata: ZMetadata,
});
type Subscription = z.infer<typeof ZSubscription>;

// Only the keys that change the value; their presence (even as null) says they changed.
const ZPreviousAttributes = z.object({
  items: ZItems.optional(),
  plan: ZPlan.nullish(),
  quantity: z.number().int().nonnegative().nullish(),
});

export const ZStripeEvent = z.object({
  id: z.string().min(1, "an event id is required"),
  type: z.string().min(1, "an event type is required"),
  created: ZUnix,
  data: z.object({
    object: z.unknown(),
    previous_attributes: z.record(z.string(), z.unknown()).nullish(),
  }),
});
export type StripeEvent = z.infer<typeof ZStripeEvent>;

/** Stripe's cancellation feedback, as the ledger's default lost reasons (src/domain/taxonomy.ts). */
export const FEEDBACK_REASONS: Record<string, string> = {
  too_expensive: "price",
  missing_features: "product_gap",
  low_quality: "product_gap",
  too_complex: "onboarding_failure",
  unused: "onboarding_failure",
  customer_service: "poor_service",
  switched_service: "competitor",
  other: "other",
};

/**
 * The lost reason: the customer's own feedback first; without it, a payment failure or dispute is
 * "other" (the default taxonomy has no billing reason), and a plain cancellation has no reason.
 */
export function lostReasonFor(details: Subscription["cancellation_details"]): string | null {
  const feedback = details?.feedback;
  if (feedback) return FEEDBACK_REASONS[feedback] ?? "other";
  if (details?.reason === "payment_failed" || details?.reason === "payment_disputed") return "other";
  return null;
}

const fromUnix = (seconds: number) => new Date(seconds * 1000);

// numeric(16, 2), the ledger's money columns.
const MAX_VALUE = "99999999999999.99";

// Paying, or about to: trials count from their start, and past_due is still a customer.
const ACTIVE = new Set(["active", "trialing", "past_due"]);

function describeIssues(error: z.ZodError, prefix: string): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${[prefix, ...i.path].join(".")}: ${i.message}`)
    .join("; ");
}

type Amounts = { ok: true; amounts: RecurringAmount[]; metered: number } | { ok: false; message: string };

/** Each item's recurring amount; metered items count as nothing, since their usage is not known yet. */
function amountsOf(sub: Pick<Subscription, "id" | "items" | "plan" | "quantity">, currency: string): Amounts {
  const lines = sub.items?.data.length
    ? sub.items.data.map((item) => ({ price: item.price, plan: item.plan, quantity: item.quantity }))
    : sub.plan
      ? [{ price: null, plan: sub.plan, quantity: sub.quantity }]
      : [];
  if (lines.length === 0) return { ok: false, message: `subscription ${sub.id} has no items and no plan` };
  const amounts: RecurringAmount[] = [];
  let metered = 0;
  for (const line of lines) {
    const { price, plan } = line;
    const unit = price
      ? (price.unit_amount ?? price.unit_amount_decimal)
      : (plan?.amount ?? plan?.amount_decimal);
    const interval = price ? price.recurring?.interval : plan?.interval;
    const intervalCount = (price ? price.recurring?.interval_count : plan?.interval_count) ?? 1;
    const usage = price ? price.recurring?.usage_type : plan?.usage_type;
    const id = price?.id ?? plan?.id ?? "?";
    const lineCurrency = (price?.currency ?? plan?.currency ?? currency).toUpperCase();
    if (!price && !plan)
      return { ok: false, message: `an item of subscription ${sub.id} has no price or plan` };
    if (lineCurrency !== currency) {
      return { ok: false, message: `price ${id} is in ${lineCurrency}, the subscription in ${currency}` };
    }
    if (!interval) return { ok: false, message: `price ${id} is not recurring` };
    if (usage === "metered") {
      metered += 1;
      continue;
    }
    if (unit === null || unit === undefined) {
      return {
        ok: false,
        message: `price ${id} has no unit amount (tiered or custom pricing), so its yearly value is unknown`,
      };
    }
    amounts.push({ unitAmountMinor: unit, quantity: line.quantity ?? 1, currency, interval, intervalCount });
  }
  return { ok: true, amounts, metered };
}

function segmentOf(sub: Subscription, ctx: StripeMappingContext): string {
  const first = sub.items?.data[0];
  const priceLike = first?.price ?? first?.plan ?? sub.plan;
  const product = priceLike?.product;
  const candidates = [
    sub.metadata?.segment,
    priceLike?.metadata?.segment,
    typeof product === "object" && product ? product.metadata?.segment : undefined,
  ];
  return candidates.map((s) => s?.trim()).find((s) => s) ?? ctx.defaultSegment;
}

function customerOf(sub: Subscription): { id: string; name: string | null } {
  const expanded = typeof sub.customer === "object" ? sub.customer : null;
  const id = expanded ? expanded.id : (sub.customer as string);
  const name = sub.metadata?.customer_name?.trim() || expanded?.name?.trim() || null;
  return { id, name };
}

/** Turns a verified Stripe event into what the ledger should record, if anything. */
export function planStripeEvent(event: StripeEvent, ctx: StripeMappingContext): StripeEventPlan {
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(event.type)) {
    return { outcome: "ignored", detail: `${event.type} does not move customers` };
  }
  const parsed = ZSubscription.safeParse(event.data.object);
  if (!parsed.success) {
    return { outcome: "refused", kind: "invalid", message: describeIssues(parsed.error, "data.object") };
  }
  const sub = parsed.data;
  const currency = sub.currency.toUpperCase();
  const reporting = ctx.reportingCurrency.toUpperCase();
  if (currency !== reporting) {
    return {
      outcome: "refused",
      kind: "unsupported",
      message: `subscription ${sub.id} is billed in ${currency} but the ledger reports in ${reporting}; values are never converted`,
    };
  }
  const current = amountsOf(sub, currency);
  if (!current.ok) return { outcome: "refused", kind: "unsupported", message: current.message };
  const value = annualisedTotal(current.amounts);
  if (new Decimal(value).greaterThan(MAX_VALUE)) {
    return {
      outcome: "refused",
      kind: "unsupported",
      message: `subscription ${sub.id} is worth ${value} ${currency} a year, more than the ledger holds (${MAX_VALUE})`,
    };
  }
  const customer = customerOf(sub);
  const base = {
    customerExternalId: customer.id,
    customerName: customer.name,
    segment: segmentOf(sub, ctx),
    currency,
    reasonCode: null,
    note: null,
  };

  const gained: StripeEventPlan = {
    outcome: "recorded",
    movement: { ...base, type: "gained", occurredAt: fromUnix(sub.start_date ?? event.created), value },
    detail: `gained ${customer.id} (${sub.id}) at ${value} ${currency} a year`,
  };
  if (event.type === "customer.subscription.created") {
    // Created before its first payment (payment_behavior=default_incomplete): the customer is
    // gained when it becomes active, from customer.subscription.updated.
    if (sub.status === "incomplete") {
      return { outcome: "skipped", detail: `${sub.id} awaits its first payment; gained once it is active` };
    }
    return gained;
  }
  if (event.type === "customer.subscription.deleted") {
    if (sub.status === "incomplete_expired") {
      return {
        outcome: "skipped",
        detail: `${sub.id} expired before its first payment; it was never gained`,
      };
    }
    const occurredAt = fromUnix(sub.ended_at ?? sub.canceled_at ?? event.created);
    const comment = sub.cancellation_details?.comment?.trim();
    return {
      outcome: "recorded",
      movement: {
        ...base,
        type: "lost",
        occurredAt,
        value,
        reasonCode: lostReasonFor(sub.cancellation_details),
        note: comment ? comment : null,
      },
      detail: `lost ${customer.id} (${sub.id}) worth ${value} ${currency} a year`,
    };
  }
  if (event.data.previous_attributes?.status === "incomplete" && ACTIVE.has(sub.status)) return gained;
  return planUpdate(event, sub, { base, value, currency });
}

function planUpdate(
  event: StripeEvent,
  sub: Subscription,
  now: { base: Omit<StripeMovement, "type" | "occurredAt" | "value">; value: Money; currency: string },
): StripeEventPlan {
  // A subscription ending is recorded once, from customer.subscription.deleted.
  if (sub.status === "canceled" || sub.status === "incomplete_expired") {
    return {
      outcome: "skipped",
      detail: `${sub.id} is ${sub.status}; customer.subscription.deleted records the loss`,
    };
  }
  const raw = event.data.previous_attributes ?? {};
  const prev = ZPreviousAttributes.safeParse(raw);
  if (!prev.success) {
    return {
      outcome: "refused",
      kind: "invalid",
      message: describeIssues(prev.error, "data.previous_attributes"),
    };
  }
  const changed = ["items", "plan", "quantity"].filter((k) => k in raw);
  if (changed.length === 0) {
    return { outcome: "skipped", detail: `${sub.id} changed no price or quantity` };
  }
  // The subscription before the change, rebuilt from the event alone, so that a redelivery or a
  // late delivery computes the same difference whatever happened since.
  const before = {
    id: sub.id,
    items: "items" in raw ? prev.data.items : sub.items,
    plan: "plan" in raw ? prev.data.plan : sub.plan,
    quantity: "quantity" in raw ? prev.data.quantity : sub.quantity,
  };
  const old = amountsOf(before, now.currency);
  if (!old.ok)
    return { outcome: "refused", kind: "unsupported", message: `before the change, ${old.message}` };
  const oldValue = annualisedTotal(old.amounts);
  const delta = new Decimal(now.value).minus(oldValue);
  if (delta.isZero()) {
    return { outcome: "skipped", detail: `${sub.id} changed ${changed.join(", ")} but not its yearly value` };
  }
  const type: MovementType = delta.isPositive() ? "expanded" : "contracted";
  const value = delta.abs().toFixed(2);
  return {
    outcome: "recorded",
    movement: { ...now.base, type, occurredAt: fromUnix(event.created), value },
    detail: `${type} ${now.base.customerExternalId} (${sub.id}) by ${value} ${now.currency} a year (${oldValue} → ${now.value})`,
  };
}
