import { createHmac } from "node:crypto";
import Stripe from "stripe";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { type ApiServer, startApiServer } from "../../src/http/server.js";
import { createStripeWebhookRoute, STRIPE_WEBHOOK_PATH } from "../../src/http/stripe-webhook.js";

// Stripe webhook deliveries for tests: events shaped like Stripe's own JSON (the fields the
// mapping reads, and some it does not), signed with the official package as Stripe signs them,
// posted over real HTTP to the route on 127.0.0.1.

/** An obviously fake endpoint secret, in Stripe's format. */
export const STRIPE_TEST_SECRET = "whsec_fake_righttogrow_test_secret";

export const STRIPE_DEFAULTS = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };

/**
 * A Stripe-Signature header for the payload, as Stripe computes it (timestamp in seconds; default
 * now). Bytes (e.g. not valid UTF-8) are signed as they are, the HMAC Stripe's scheme defines.
 */
export function signStripePayload(
  payload: string | Buffer,
  opts: { secret?: string; timestamp?: number } = {},
): string {
  if (Buffer.isBuffer(payload)) {
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const v1 = createHmac("sha256", opts.secret ?? STRIPE_TEST_SECRET)
      .update(Buffer.concat([Buffer.from(`${timestamp}.`), payload]))
      .digest("hex");
    return `t=${timestamp},v1=${v1}`;
  }
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret: opts.secret ?? STRIPE_TEST_SECRET,
    ...(opts.timestamp === undefined ? {} : { timestamp: opts.timestamp }),
  });
}

export interface StripeDelivery {
  status: number;
  json: Record<string, unknown>;
}

/**
 * Posts an event (an object is serialised; a string or Buffer is sent as is) signed with the test
 * secret, unless `signature` replaces the header (null: no header at all).
 */
export async function postStripeEvent(
  baseUrl: string,
  body: unknown,
  opts: {
    secret?: string;
    timestamp?: number;
    signature?: string | null;
    headers?: Record<string, string>;
  } = {},
): Promise<StripeDelivery> {
  const payload = typeof body === "string" || Buffer.isBuffer(body) ? body : JSON.stringify(body);
  const signature = opts.signature === undefined ? signStripePayload(payload, opts) : opts.signature;
  const res = await fetch(`${baseUrl}${STRIPE_WEBHOOK_PATH}`, {
    method: "POST",
    headers: {
      "content-type": "application/json; charset=utf-8",
      "user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
      ...(signature === null ? {} : { "stripe-signature": signature }),
      ...opts.headers,
    },
    body: typeof payload === "string" ? payload : new Uint8Array(payload),
  });
  const text = await res.text();
  return { status: res.status, json: text ? (JSON.parse(text) as Record<string, unknown>) : {} };
}

export interface StripeWebhookServer {
  url: string;
  workspaceId: string;
  logs: string[];
  close(): Promise<void>;
}

/** The route on its own server on 127.0.0.1, feeding the database's only workspace. */
export async function startStripeWebhook(
  db: Database,
  opts: { maxBodyBytes?: number; defaultSegment?: string; reportingCurrency?: string } = {},
): Promise<StripeWebhookServer> {
  const workspace = await resolveWorkspace(db.prisma, {
    ...STRIPE_DEFAULTS,
    reportingCurrency: opts.reportingCurrency ?? STRIPE_DEFAULTS.reportingCurrency,
  });
  const logs: string[] = [];
  const route = createStripeWebhookRoute({
    db,
    webhookSecret: STRIPE_TEST_SECRET,
    maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
    defaultSegment: opts.defaultSegment ?? "Stripe",
    workspace: async () => workspace,
    log: (line) => logs.push(line),
    logError: (message, error) => logs.push(`${message} ${String(error)}`),
  });
  const server: ApiServer = await startApiServer([route], 0, "127.0.0.1");
  return {
    url: `http://127.0.0.1:${server.port}`,
    workspaceId: workspace.id,
    logs,
    close: () => server.close(),
  };
}

// --- Event builders ---------------------------------------------------------------------------

export interface PriceSpec {
  /** Per unit, in the currency's minor unit (cents; yen for JPY). */
  unitAmount: number;
  interval?: "day" | "week" | "month" | "year";
  intervalCount?: number;
  quantity?: number;
  currency?: string;
  id?: string;
  metadata?: Record<string, string>;
}

/** A subscription item as Stripe sends it: the price, and the legacy plan mirroring it. */
export function stripeItem(spec: PriceSpec, n = 1): Record<string, unknown> {
  const currency = (spec.currency ?? "eur").toLowerCase();
  const interval = spec.interval ?? "month";
  const intervalCount = spec.intervalCount ?? 1;
  const priceId = spec.id ?? `price_${spec.unitAmount}_${interval}${intervalCount}`;
  return {
    id: `si_test${n}`,
    object: "subscription_item",
    created: 1772445600,
    metadata: {},
    plan: {
      id: priceId,
      object: "plan",
      active: true,
      amount: spec.unitAmount,
      amount_decimal: String(spec.unitAmount),
      billing_scheme: "per_unit",
      currency,
      interval,
      interval_count: intervalCount,
      livemode: false,
      metadata: spec.metadata ?? {},
      product: "prod_RightToGrow",
      usage_type: "licensed",
    },
    price: {
      id: priceId,
      object: "price",
      active: true,
      billing_scheme: "per_unit",
      currency,
      livemode: false,
      metadata: spec.metadata ?? {},
      product: "prod_RightToGrow",
      recurring: { interval, interval_count: intervalCount, usage_type: "licensed" },
      tax_behavior: "unspecified",
      type: "recurring",
      unit_amount: spec.unitAmount,
      unit_amount_decimal: String(spec.unitAmount),
    },
    quantity: spec.quantity ?? 1,
    subscription: "sub_test",
    tax_rates: [],
  };
}

export interface SubscriptionSpec {
  id?: string;
  customer?: string | { id: string; object: "customer"; name: string | null };
  items?: PriceSpec[];
  currency?: string;
  status?: string;
  /** Unix seconds. */
  startDate?: number;
  canceledAt?: number | null;
  endedAt?: number | null;
  cancellation?: { reason?: string | null; feedback?: string | null; comment?: string | null };
  metadata?: Record<string, string>;
}

/** A subscription object in the shape of Stripe's API (version 2025-era, with `items.data[].price`). */
export function stripeSubscription(spec: SubscriptionSpec = {}): Record<string, unknown> {
  const id = spec.id ?? "sub_test";
  const items = (spec.items ?? [{ unitAmount: 10000 }]).map((p, i) =>
    stripeItem({ currency: spec.currency, ...p }, i + 1),
  );
  const start = spec.startDate ?? 1772445600;
  return {
    id,
    object: "subscription",
    application: null,
    automatic_tax: { enabled: false, liability: null },
    billing_cycle_anchor: start,
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: spec.canceledAt ?? null,
    cancellation_details: {
      comment: spec.cancellation?.comment ?? null,
      feedback: spec.cancellation?.feedback ?? null,
      reason: spec.cancellation?.reason ?? null,
    },
    collection_method: "charge_automatically",
    created: start,
    currency: (spec.currency ?? "eur").toLowerCase(),
    customer: spec.customer ?? "cus_test",
    days_until_due: null,
    default_payment_method: "pm_fake",
    description: null,
    discounts: [],
    ended_at: spec.endedAt ?? null,
    items: {
      object: "list",
      data: items,
      has_more: false,
      total_count: items.length,
      url: `/v1/subscription_items?subscription=${id}`,
    },
    latest_invoice: "in_fake",
    livemode: false,
    metadata: spec.metadata ?? {},
    start_date: start,
    status: spec.status ?? "active",
    trial_end: null,
    trial_start: null,
  };
}

/** An event envelope as Stripe delivers it. */
export function stripeEvent(
  type: string,
  object: Record<string, unknown>,
  opts: { id?: string; created?: number; previousAttributes?: Record<string, unknown> } = {},
): Record<string, unknown> {
  return {
    id: opts.id ?? `evt_${Math.random().toString(36).slice(2, 14)}`,
    object: "event",
    api_version: "2025-06-30.basil",
    created: opts.created ?? 1772445600,
    data: {
      object,
      ...(opts.previousAttributes ? { previous_attributes: opts.previousAttributes } : {}),
    },
    livemode: false,
    pending_webhooks: 1,
    request: { id: "req_fake", idempotency_key: null },
    type,
  };
}

/** previous_attributes for a change of items (Stripe sends the whole former list). */
export function previousItems(items: PriceSpec[], currency = "eur"): Record<string, unknown> {
  const data = items.map((p, i) => stripeItem({ currency, ...p }, i + 1));
  return { items: { object: "list", data, has_more: false, total_count: data.length } };
}
