import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { createStripeSource, StripeAccessError } from "../../../src/import/stripe-api.js";
import { backfillStripe } from "../../../src/services/backfill-stripe.js";
import { testDatabases } from "../../helpers/db.js";
import {
  type FakeStripeApi,
  type FakeStripeData,
  fixtureCustomer,
  fixtureEvent,
  fixtureInvoice,
  fixtureSubscription,
  startFakeStripeApi,
} from "../../helpers/fake-stripe-api.js";
import { postStripeEvent, type StripeWebhookServer, startStripeWebhook } from "../../helpers/stripe.js";

// The Stripe backfill against a local fake of the Stripe API on 127.0.0.1, serving objects built
// on Stripe's own published fixtures (github.com/stripe/openapi, openapi/fixtures3.json; copied
// to test/fixtures/stripe/api/), in pages of two with has_more / starting_after. The real
// database, the real `stripe` package over HTTP, and the webhook route for the both-paths cases.

const T0 = 1772445600; // 2026-03-02T10:00:00Z
const DAY = 86_400;
const KEY = "rk_test_fakebackfillkey";

function history(): FakeStripeData {
  const acme = fixtureSubscription({
    id: "sub_acme",
    customer: "cus_acme",
    created: T0,
    status: "canceled",
    items: [{ unitAmount: 10000, quantity: 3 }],
    endedAt: T0 + 60 * DAY,
    cancellation: { reason: "cancellation_requested", feedback: "too_expensive", comment: "Budget cut" },
  });
  const delta1 = fixtureSubscription({
    id: "sub_delta1",
    customer: "cus_delta",
    created: T0,
    status: "canceled",
    items: [{ unitAmount: 5000 }],
    endedAt: T0 + 20 * DAY,
  });
  const delta2 = fixtureSubscription({
    id: "sub_delta2",
    customer: "cus_delta",
    created: T0 + 40 * DAY,
    items: [{ unitAmount: 5000 }],
  });
  const bravoBefore = fixtureSubscription({
    id: "sub_bravo",
    customer: "cus_bravo",
    created: T0 + 100 * DAY,
    items: [{ unitAmount: 2000 }],
  });
  const bravo = fixtureSubscription({
    id: "sub_bravo",
    customer: "cus_bravo",
    created: T0 + 100 * DAY,
    items: [{ unitAmount: 2000, quantity: 2 }],
  });
  const bravoItemsBefore = bravoBefore.items;
  return {
    customers: [
      fixtureCustomer("cus_acme", "Acme Ltd", T0),
      fixtureCustomer("cus_bravo", "Bravo SA", T0 + 100 * DAY),
      fixtureCustomer("cus_delta", "Delta GmbH", T0),
    ],
    subscriptions: [acme, delta1, delta2, bravo],
    invoices: [
      fixtureInvoice({
        id: "in_a1",
        subscription: "sub_acme",
        customer: "cus_acme",
        periodStart: T0,
        lines: [{ unitAmount: 10000 }],
      }),
      fixtureInvoice({
        id: "in_a2",
        subscription: "sub_acme",
        customer: "cus_acme",
        periodStart: T0 + 30 * DAY,
        lines: [{ unitAmount: 10000, quantity: 3 }],
      }),
      fixtureInvoice({
        id: "in_d1",
        subscription: "sub_delta1",
        customer: "cus_delta",
        periodStart: T0,
        lines: [{ unitAmount: 5000 }],
      }),
      fixtureInvoice({
        id: "in_d2",
        subscription: "sub_delta2",
        customer: "cus_delta",
        periodStart: T0 + 40 * DAY,
        lines: [{ unitAmount: 5000 }],
      }),
      fixtureInvoice({
        id: "in_b1",
        subscription: "sub_bravo",
        customer: "cus_bravo",
        periodStart: T0 + 100 * DAY,
        lines: [{ unitAmount: 2000 }],
      }),
    ],
    // Only bravo's are recent enough for Stripe to still hold them; newest first.
    events: [
      fixtureEvent("evt_bravo_seats", "customer.subscription.updated", T0 + 110 * DAY, bravo, {
        items: bravoItemsBefore,
      }),
      fixtureEvent("evt_bravo_created", "customer.subscription.created", T0 + 100 * DAY, bravoBefore),
    ],
  };
}

describe.each(testDatabases())("the Stripe backfill on $name", ({ open }) => {
  let db: Database;
  let api: FakeStripeApi;
  let hook: StripeWebhookServer;

  const ledger = async () =>
    (
      await db.prisma.customerMovement.findMany({
        where: { workspaceId: hook.workspaceId },
        orderBy: [{ occurredAt: "asc" }, { idempotencyKey: "asc" }],
        include: { customer: true, reasonCode: true },
      })
    ).map((m) => ({
      key: m.idempotencyKey,
      customer: m.customer.externalId,
      type: m.type,
      value: m.value.toFixed(2),
      at: m.occurredAt.toISOString().slice(0, 10),
      reason: m.reasonCode?.code ?? null,
    }));
  const run = (retryDelayMs = 1) =>
    backfillStripe(db.prisma, createStripeSource({ apiKey: KEY, apiBase: api.url, retryDelayMs }), {
      workspaceId: hook.workspaceId,
      reportingCurrency: "EUR",
      defaultSegment: "Stripe",
    });
  const day = (n: number) => new Date((T0 + n * DAY) * 1000).toISOString().slice(0, 10);

  const expected = [
    {
      key: "stripe:backfill_sub_acme_created",
      customer: "cus_acme",
      type: "gained",
      value: "1200.00",
      at: day(0),
      reason: null,
    },
    {
      key: "stripe:backfill_sub_delta1_created",
      customer: "cus_delta",
      type: "gained",
      value: "600.00",
      at: day(0),
      reason: null,
    },
    {
      key: "stripe:backfill_sub_delta1_deleted",
      customer: "cus_delta",
      type: "lost",
      value: "600.00",
      at: day(20),
      reason: null,
    },
    {
      key: "stripe:backfill_in_a2_updated",
      customer: "cus_acme",
      type: "expanded",
      value: "2400.00",
      at: day(30),
      reason: null,
    },
    {
      key: "stripe:backfill_sub_delta2_created",
      customer: "cus_delta",
      type: "reactivated",
      value: "600.00",
      at: day(40),
      reason: null,
    },
    {
      key: "stripe:backfill_sub_acme_deleted",
      customer: "cus_acme",
      type: "lost",
      value: "3600.00",
      at: day(60),
      reason: "price",
    },
    {
      key: "stripe:evt_bravo_created",
      customer: "cus_bravo",
      type: "gained",
      value: "240.00",
      at: day(100),
      reason: null,
    },
    {
      key: "stripe:evt_bravo_seats",
      customer: "cus_bravo",
      type: "expanded",
      value: "240.00",
      at: day(110),
      reason: null,
    },
  ];

  beforeEach(async () => {
    db = await open();
    hook = await startStripeWebhook(db);
    api = await startFakeStripeApi(history());
  });
  afterEach(async () => {
    await api.close();
    await hook.close();
    await db.close();
  });

  it("writes the ledger the webhooks would have written, paging every list, and a re-run stores nothing twice", async () => {
    const report = await run();
    expect(report.refused).toEqual([]);
    expect(await ledger()).toEqual(expected);
    expect(report).toMatchObject({ customers: 3, subscriptions: 4, invoices: 5, heldEvents: 2, recorded: 8 });
    expect(report.horizon.toISOString()).toBe(new Date((T0 + 100 * DAY) * 1000).toISOString());
    // Three customers in pages of two: the second page asked for after the first's last id.
    expect(
      api.requests.some((r) => r.startsWith("GET /v1/customers") && r.includes("starting_after=cus_bravo")),
    ).toBe(true);
    expect(api.requests.some((r) => r.includes("/v1/subscriptions") && r.includes("status=all"))).toBe(true);
    expect(api.requests.some((r) => r.includes("/v1/invoices") && r.includes("status=paid"))).toBe(true);

    const again = await run();
    expect(again).toMatchObject({ recorded: 0, duplicates: 8, refused: [] });
    expect(await ledger()).toEqual(expected);
  });

  it("webhook events first, then the backfill: each change is one ledger row", async () => {
    const events = [...history().events].reverse();
    for (const e of events)
      expect((await postStripeEvent(hook.url, e)).json).toMatchObject({ outcome: "recorded" });
    const report = await run();
    expect(report).toMatchObject({ recorded: 6, duplicates: 2, refused: [] });
    expect(await ledger()).toEqual(expected);
  });

  it("the backfill first, then the same events by webhook: still one row per change", async () => {
    await run();
    for (const e of [...history().events].reverse()) {
      expect((await postStripeEvent(hook.url, e)).json).toMatchObject({ duplicate: true });
    }
    expect(await ledger()).toEqual(expected);
  });

  it("interrupted part-way (the key revoked mid-run) and run again, it resumes without duplicates", async () => {
    api.failFrom(9, 401);
    await expect(run()).rejects.toThrow(StripeAccessError);
    const partial = await ledger();
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(expected.length);
    api.failFrom(Number.MAX_SAFE_INTEGER, 401);
    await run();
    expect(await ledger()).toEqual(expected);
  });

  it("retries rate limiting (429) with backoff and finishes", async () => {
    api.failNext(429, 2);
    const report = await run();
    expect(report.refused).toEqual([]);
    expect(await ledger()).toEqual(expected);
  });

  it.each([
    [401, "authentication", "invalid, expired or revoked"],
    [403, "permission", "read access to Customers, Subscriptions, Invoices and Events"],
    [429, "rate_limit", "wait a minute and run it again"],
  ] as const)("a %i from Stripe says what to do and stores nothing", async (status, kind, words) => {
    api.failNext(status, 10);
    const error = await run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StripeAccessError);
    expect(error).toMatchObject({ kind });
    expect((error as Error).message).toContain(words);
    expect(await ledger()).toEqual([]);
  });

  it("counts zero-decimal currencies in whole units (JPY)", async () => {
    await api.close();
    const jpy = await db.prisma.workspace.create({
      data: { slackTeamId: "TJPY1", name: "Tokyo", reportingCurrency: "JPY" },
    });
    api = await startFakeStripeApi({
      customers: [fixtureCustomer("cus_tokyo", "Tokyo KK", T0)],
      subscriptions: [
        fixtureSubscription({
          id: "sub_tokyo",
          customer: "cus_tokyo",
          created: T0,
          currency: "jpy",
          items: [{ unitAmount: 1200 }],
        }),
      ],
      invoices: [
        fixtureInvoice({
          id: "in_t1",
          subscription: "sub_tokyo",
          customer: "cus_tokyo",
          periodStart: T0,
          currency: "jpy",
          lines: [{ unitAmount: 1200 }],
        }),
      ],
      events: [],
    });
    const report = await backfillStripe(db.prisma, createStripeSource({ apiKey: KEY, apiBase: api.url }), {
      workspaceId: jpy.id,
      reportingCurrency: "JPY",
      defaultSegment: "Stripe",
    });
    expect(report.refused).toEqual([]);
    const rows = await db.prisma.customerMovement.findMany({ where: { workspaceId: jpy.id } });
    expect(rows.map((r) => [r.type, r.value.toFixed(2), r.currency])).toEqual([
      ["gained", "14400.00", "JPY"],
    ]);
  });
});
