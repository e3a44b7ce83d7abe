import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

// A local HTTP fake of the Stripe API on 127.0.0.1, for the backfill: GET /v1/customers,
// /v1/subscriptions?customer=…&status=all, /v1/invoices?subscription=…&status=paid and
// /v1/events?types[]=…, each a list paged with has_more / starting_after (pages of `pageSize`,
// whatever limit the client asks for, as Stripe may return fewer). The objects are Stripe's own
// published API fixtures (test/fixtures/stripe/api/fixtures3-objects.json, copied from
// github.com/stripe/openapi openapi/fixtures3.json) with the test's ids, times and amounts laid
// over them, so every field Stripe documents is there, not only the ones the backfill reads.

const upstream = JSON.parse(
  readFileSync(join(import.meta.dirname, "../fixtures/stripe/api/fixtures3-objects.json"), "utf8"),
) as Record<"customer" | "subscription" | "invoice" | "event", Record<string, unknown>>;

type Obj = Record<string, unknown>;
const clone = <T>(v: T): T => structuredClone(v);

export function fixtureCustomer(id: string, name: string | null, created: number): Obj {
  return { ...clone(upstream.customer), id, name, created };
}

export interface FakeItem {
  unitAmount: number;
  quantity?: number;
  interval?: "month" | "year";
  priceId?: string;
}

function subscriptionItems(subId: string, currency: string, items: FakeItem[]): Obj {
  const template = (upstream.subscription.items as { data: Obj[] }).data[0] as Obj;
  const data = items.map((item, i) => {
    const price = clone(template.price as Obj);
    const interval = item.interval ?? "month";
    const priceId = item.priceId ?? `price_${item.unitAmount}_${interval}`;
    Object.assign(price, {
      id: priceId,
      currency,
      unit_amount: item.unitAmount,
      unit_amount_decimal: String(item.unitAmount),
      recurring: { ...(price.recurring as Obj), interval, interval_count: 1 },
    });
    // The fixture's plan is a placeholder ("currency": "currency", tiered); Stripe mirrors the price.
    const plan = {
      ...clone(template.plan as Obj),
      id: priceId,
      currency,
      amount: item.unitAmount,
      amount_decimal: String(item.unitAmount),
      billing_scheme: "per_unit",
      interval,
      interval_count: 1,
    };
    return {
      ...clone(template),
      id: `si_${subId}_${i}`,
      subscription: subId,
      price,
      plan,
      quantity: item.quantity ?? 1,
    };
  });
  return { object: "list", data, has_more: false, url: `/v1/subscription_items?subscription=${subId}` };
}

export interface FakeSubscription {
  id: string;
  customer: string;
  created: number;
  status?: string;
  items: FakeItem[];
  currency?: string;
  endedAt?: number;
  cancellation?: { feedback?: string | null; comment?: string | null; reason?: string | null };
}

export function fixtureSubscription(spec: FakeSubscription): Obj {
  const currency = spec.currency ?? "eur";
  return {
    ...clone(upstream.subscription),
    id: spec.id,
    customer: spec.customer,
    created: spec.created,
    start_date: spec.created,
    billing_cycle_anchor: spec.created,
    currency,
    status: spec.status ?? "active",
    cancel_at: null,
    cancel_at_period_end: false,
    canceled_at: spec.endedAt ?? null,
    ended_at: spec.endedAt ?? null,
    trial_start: null,
    trial_end: null,
    cancellation_details: { comment: null, feedback: null, reason: null, ...spec.cancellation },
    items: subscriptionItems(spec.id, currency, spec.items),
  };
}

/** A paid invoice for one period of a subscription (monthly unless `days` says otherwise). */
export function fixtureInvoice(spec: {
  id: string;
  subscription: string;
  customer: string;
  periodStart: number;
  lines: FakeItem[];
  currency?: string;
  days?: number;
}): Obj {
  const inv = clone(upstream.invoice);
  const currency = spec.currency ?? "eur";
  const lineTemplate = (inv.lines as { data: Obj[] }).data[0] as Obj;
  const end = spec.periodStart + (spec.days ?? 30) * 86_400;
  const data = spec.lines.map((l, i) => ({
    ...clone(lineTemplate),
    id: `il_${spec.id}_${i}`,
    invoice: spec.id,
    amount: l.unitAmount * (l.quantity ?? 1),
    currency,
    quantity: l.quantity ?? 1,
    period: { start: spec.periodStart, end },
    subscription: spec.subscription,
    parent: {
      type: "subscription_item_details",
      invoice_item_details: null,
      subscription_item_details: {
        invoice_item: null,
        proration: false,
        proration_details: { credited_items: null },
        subscription: spec.subscription,
        subscription_item: `si_${spec.subscription}_${i}`,
      },
    },
    pricing: {
      type: "price_details",
      price_details: { price: l.priceId ?? `price_${l.unitAmount}_month`, product: "prod_fake" },
      unit_amount_decimal: String(l.unitAmount),
    },
  }));
  const total = data.reduce((s, l) => s + (l.amount as number), 0);
  return {
    ...inv,
    id: spec.id,
    customer: spec.customer,
    currency,
    status: "paid",
    created: spec.periodStart,
    period_start: spec.periodStart,
    period_end: spec.periodStart,
    amount_due: total,
    amount_paid: total,
    amount_remaining: 0,
    billing_reason: "subscription_cycle",
    status_transitions: { ...(inv.status_transitions as Obj), paid_at: spec.periodStart },
    parent: {
      type: "subscription_details",
      quote_details: null,
      subscription_details: { metadata: {}, subscription: spec.subscription },
    },
    lines: { object: "list", data, has_more: false, url: `/v1/invoices/${spec.id}/lines` },
  };
}

/** An event envelope from the fixture, around a subscription. */
export function fixtureEvent(id: string, type: string, created: number, object: Obj, previous?: Obj): Obj {
  return {
    ...clone(upstream.event),
    id,
    type,
    created,
    api_version: "2025-06-30.basil",
    data: { object, ...(previous ? { previous_attributes: previous } : {}) },
  };
}

export interface FakeStripeData {
  customers: Obj[];
  subscriptions: Obj[];
  invoices: Obj[];
  /** Newest first, as Stripe lists events. */
  events: Obj[];
}

export interface FakeStripeApi {
  url: string;
  requests: string[];
  /** Answers the next requests with this status and Stripe's error body instead. */
  failNext(status: 401 | 403 | 429 | 500, times?: number): void;
  /** From the n-th request on (0-based), every request fails with `status`. */
  failFrom(n: number, status: 401 | 403): void;
  close(): Promise<void>;
}

const ERRORS = {
  401: { type: "invalid_request_error", message: "Invalid API Key provided: sk_test_****revoked" },
  403: {
    type: "invalid_request_error",
    code: "secret_key_required",
    message:
      "The provided key 'rk_test_****' does not have the required permissions for this endpoint on account 'acct_fake'. Having the 'rak_subscription_read' permission would allow this request to continue.",
  },
  429: {
    type: "invalid_request_error",
    code: "rate_limit",
    message:
      "Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.",
  },
  500: { type: "api_error", message: "An unknown error occurred" },
} as const;

export async function startFakeStripeApi(data: FakeStripeData, pageSize = 2): Promise<FakeStripeApi> {
  const requests: string[] = [];
  const failures: Array<keyof typeof ERRORS> = [];
  let failFromN: { n: number; status: 401 | 403 } | null = null;

  const list = (items: Obj[], url: URL, path: string) => {
    const after = url.searchParams.get("starting_after");
    const start = after ? items.findIndex((o) => o.id === after) + 1 : 0;
    const page = items.slice(start, start + pageSize);
    return { object: "list", data: page, has_more: start + pageSize < items.length, url: path };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { "content-type": "application/json", "request-id": `req_${requests.length}` });
      res.end(JSON.stringify(body));
    };
    const fail =
      failures.shift() ?? (failFromN && requests.length - 1 >= failFromN.n ? failFromN.status : null);
    if (fail) return send(fail, { error: ERRORS[fail] });
    if (!String(req.headers.authorization ?? "").startsWith("Bearer ")) {
      return send(401, { error: ERRORS[401] });
    }
    const q = url.searchParams;
    switch (url.pathname) {
      case "/v1/customers":
        return send(200, list(data.customers, url, url.pathname));
      case "/v1/subscriptions": {
        const status = q.get("status");
        const subs = data.subscriptions.filter(
          (s) =>
            s.customer === q.get("customer") &&
            (status === "all" || (status ? s.status === status : s.status !== "canceled")),
        );
        return send(200, list(subs, url, url.pathname));
      }
      case "/v1/invoices": {
        const invs = data.invoices.filter(
          (i) =>
            (i.parent as { subscription_details?: { subscription?: string } }).subscription_details
              ?.subscription === q.get("subscription") &&
            (!q.get("status") || i.status === q.get("status")),
        );
        return send(200, list(invs, url, url.pathname));
      }
      case "/v1/events": {
        const types = q
          .getAll("types[]")
          .concat(q.getAll("types[0]"), q.getAll("types[1]"), q.getAll("types[2]"));
        const evs = data.events.filter((e) => types.length === 0 || types.includes(e.type as string));
        return send(200, list(evs, url, url.pathname));
      }
      default:
        return send(404, {
          error: {
            type: "invalid_request_error",
            message: `Unrecognized request URL (GET: ${url.pathname})`,
          },
        });
    }
  };

  const server = createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (status, times = 1) => {
      for (let i = 0; i < times; i++) failures.push(status);
    },
    failFrom: (n, status) => {
      failFromN = { n, status };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((e) => (e ? reject(e) : resolve()));
      }),
  };
}
