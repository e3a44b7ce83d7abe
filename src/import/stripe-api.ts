import Stripe from "stripe";
import { z } from "zod";
import {
  type BackfillSubscription,
  type StripeInvoice,
  ZBackfillSubscription,
  ZStripeInvoice,
} from "../domain/stripe-backfill.js";
import { type StripeEvent, ZStripeEvent } from "../domain/stripe-mapping.js";

// Reads what the Stripe backfill needs through the official package: every list paged with
// has_more / starting_after, every object checked with zod before it is used. Stripe's errors
// become one StripeAccessError with a message a person can act on; rate limiting (429) is
// retried with exponential backoff before it becomes one.

export interface StripeApiOptions {
  apiKey: string;
  /** Another API base (e.g. a local fake or stripe-mock): http://127.0.0.1:12111. */
  apiBase?: string;
  /** Attempts after a 429 before giving up (default 5). */
  rateLimitRetries?: number;
  /** The first wait after a 429, doubled on each retry (default 1000 ms). */
  retryDelayMs?: number;
}

export class StripeAccessError extends Error {
  constructor(
    readonly kind: "permission" | "authentication" | "rate_limit" | "invalid_response" | "api",
    message: string,
  ) {
    super(message);
  }
}

export interface StripeCustomerSummary {
  id: string;
  object: "customer";
  name: string | null;
}

export interface StripeSource {
  customers(): AsyncIterable<StripeCustomerSummary>;
  subscriptions(customerId: string): AsyncIterable<BackfillSubscription>;
  paidInvoices(subscriptionId: string): AsyncIterable<StripeInvoice>;
  /** The customer.subscription.* events Stripe still holds (newest first, as Stripe lists them). */
  subscriptionEvents(): AsyncIterable<StripeEvent>;
}

const ZCustomer = z.object({
  id: z.string().min(1),
  object: z.literal("customer"),
  name: z.string().nullish(),
  deleted: z.boolean().optional(),
});

const ZPage = z.object({
  object: z.literal("list"),
  data: z.array(z.unknown()),
  has_more: z.boolean(),
});

const SUBSCRIPTION_EVENTS = [
  "customer.subscription.created",
  "customer.subscription.updated",
  "customer.subscription.deleted",
];

function clientFor(opts: StripeApiOptions): Stripe {
  const base = opts.apiBase ? new URL(opts.apiBase) : null;
  return new Stripe(opts.apiKey, {
    // Connection errors and 5xx: the package's own retries (with idempotent GETs).
    maxNetworkRetries: 2,
    ...(base
      ? {
          host: base.hostname,
          port: Number(base.port || (base.protocol === "http:" ? 80 : 443)),
          protocol: base.protocol === "http:" ? "http" : "https",
        }
      : {}),
  });
}

/** What a Stripe error means for the person running the backfill. */
export function describeStripeError(error: unknown): StripeAccessError | null {
  if (!(error instanceof Stripe.errors.StripeError)) return null;
  const detail = error.message ? ` (Stripe: ${error.message})` : "";
  if (error.type === "StripePermissionError" || error.statusCode === 403) {
    return new StripeAccessError(
      "permission",
      `STRIPE_API_KEY may not read everything the backfill needs: give the restricted key read access to Customers, Subscriptions, Invoices and Events${detail}`,
    );
  }
  if (error.type === "StripeAuthenticationError" || error.statusCode === 401) {
    return new StripeAccessError(
      "authentication",
      `Stripe refused STRIPE_API_KEY: it is invalid, expired or revoked; create a key in the Stripe dashboard (Developers → API keys)${detail}`,
    );
  }
  if (error.type === "StripeRateLimitError" || error.statusCode === 429) {
    return new StripeAccessError(
      "rate_limit",
      `Stripe kept rate limiting the backfill (429) after several retries; wait a minute and run it again: it resumes without duplicates${detail}`,
    );
  }
  return new StripeAccessError("api", `Stripe answered with an error${detail}`);
}

export function createStripeSource(opts: StripeApiOptions): StripeSource {
  const stripe = clientFor(opts);
  const retries = opts.rateLimitRetries ?? 5;
  const firstDelay = opts.retryDelayMs ?? 1000;

  async function call<T>(fn: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (error) {
        const rateLimited =
          error instanceof Stripe.errors.StripeError &&
          (error.type === "StripeRateLimitError" || error.statusCode === 429);
        if (rateLimited && attempt < retries) {
          await new Promise((r) => setTimeout(r, firstDelay * 2 ** attempt));
          continue;
        }
        throw describeStripeError(error) ?? error;
      }
    }
  }

  /** Every object of a list, page after page, each parsed with `schema`. */
  async function* pages<T>(
    what: string,
    fetchPage: (startingAfter: string | undefined) => Promise<unknown>,
    schema: z.ZodType<T>,
    idOf: (item: T) => string,
  ): AsyncGenerator<T> {
    let after: string | undefined;
    for (;;) {
      const raw = await call(() => fetchPage(after));
      const page = ZPage.safeParse(raw);
      if (!page.success) {
        throw new StripeAccessError("invalid_response", `Stripe's list of ${what} is not a list`);
      }
      let last: string | undefined;
      for (const [i, item] of page.data.data.entries()) {
        // The package turns *_decimal strings into Decimal objects; the API sends strings.
        const parsed = schema.safeParse(JSON.parse(JSON.stringify(item)));
        if (!parsed.success) {
          const issue = parsed.error.issues[0];
          throw new StripeAccessError(
            "invalid_response",
            `Stripe's ${what} (item ${i + 1} of a page) is not what the API documents: ${issue?.path.join(".") || "object"}: ${issue?.message}`,
          );
        }
        last = idOf(parsed.data);
        yield parsed.data;
      }
      if (!page.data.has_more || !last) return;
      after = last;
    }
  }

  return {
    async *customers() {
      for await (const c of pages(
        "customers",
        (after) => stripe.customers.list({ limit: 100, ...(after ? { starting_after: after } : {}) }),
        ZCustomer,
        (c) => c.id,
      )) {
        if (!c.deleted) yield { id: c.id, object: "customer", name: c.name ?? null };
      }
    },
    subscriptions: (customerId) =>
      pages(
        `subscriptions of ${customerId}`,
        (after) =>
          stripe.subscriptions.list({
            customer: customerId,
            status: "all",
            limit: 100,
            ...(after ? { starting_after: after } : {}),
          }),
        ZBackfillSubscription,
        (s) => s.id,
      ),
    paidInvoices: (subscriptionId) =>
      pages(
        `invoices of ${subscriptionId}`,
        (after) =>
          stripe.invoices.list({
            subscription: subscriptionId,
            status: "paid",
            limit: 100,
            ...(after ? { starting_after: after } : {}),
          }),
        ZStripeInvoice,
        (i) => i.id,
      ),
    subscriptionEvents: () =>
      pages(
        "events",
        (after) =>
          stripe.events.list({
            types: SUBSCRIPTION_EVENTS,
            limit: 100,
            ...(after ? { starting_after: after } : {}),
          }),
        ZStripeEvent,
        (e) => e.id,
      ),
  };
}
