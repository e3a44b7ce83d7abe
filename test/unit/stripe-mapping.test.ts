import { describe, expect, it } from "vitest";
import { annualisedTotal, minorUnitExponent } from "../../src/domain/stripe-amounts.js";
import {
  FEEDBACK_REASONS,
  lostReasonFor,
  planStripeEvent,
  type StripeEventPlan,
  ZStripeEvent,
} from "../../src/domain/stripe-mapping.js";
import { DEFAULT_REASONS } from "../../src/domain/taxonomy.js";
import {
  previousItems,
  type SubscriptionSpec,
  stripeEvent,
  stripeItem,
  stripeSubscription,
} from "../helpers/stripe.js";

const T0 = 1772445600;
const EUR = { reportingCurrency: "EUR", defaultSegment: "Stripe" };

const plan = (
  type: string,
  sub: Record<string, unknown>,
  opts: Parameters<typeof stripeEvent>[2] = {},
  ctx = EUR,
): StripeEventPlan =>
  planStripeEvent(ZStripeEvent.parse(stripeEvent(type, sub, { created: T0, ...opts })), ctx);

const recorded = (p: StripeEventPlan) => {
  if (p.outcome !== "recorded") throw new Error(`expected recorded, got ${JSON.stringify(p)}`);
  return p.movement;
};

const gainedValue = (spec: Parameters<typeof stripeSubscription>[0], ctx = EUR) =>
  recorded(plan("customer.subscription.created", stripeSubscription(spec), {}, ctx)).value;

describe("Stripe amounts", () => {
  it("knows zero- and three-decimal currencies", () => {
    expect(minorUnitExponent("jpy")).toBe(0);
    expect(minorUnitExponent("KRW")).toBe(0);
    expect(minorUnitExponent("kwd")).toBe(3);
    expect(minorUnitExponent("eur")).toBe(2);
  });

  it("annualises every interval and interval count, summing before rounding", () => {
    const base = { currency: "EUR", quantity: 1, intervalCount: 1 };
    expect(annualisedTotal([{ ...base, unitAmountMinor: 100, interval: "day" }])).toBe("365.00");
    expect(annualisedTotal([{ ...base, unitAmountMinor: 1000, interval: "week" }])).toBe("520.00");
    expect(annualisedTotal([{ ...base, unitAmountMinor: 30000, interval: "month", intervalCount: 3 }])).toBe(
      "1200.00",
    );
    expect(annualisedTotal([{ ...base, unitAmountMinor: 120000, interval: "year", intervalCount: 2 }])).toBe(
      "600.00",
    );
    // Three 1/3-cent parts: rounding each would lose a cent.
    const third = { ...base, unitAmountMinor: 1, interval: "year" as const, intervalCount: 3 };
    expect(annualisedTotal([third, third, third])).toBe("0.01");
  });
});

describe("planStripeEvent: created", () => {
  it("gains the customer at price × quantity a year, summed over items", () => {
    expect(
      gainedValue({
        items: [
          { unitAmount: 4900, quantity: 3 },
          { unitAmount: 1000, interval: "week" },
          { unitAmount: 120000, interval: "year" },
        ],
      }),
    ).toBe("3484.00"); // 1 764 + 520 + 1 200
  });

  it("reads zero-decimal and three-decimal currencies in their own units", () => {
    const jpy = { reportingCurrency: "JPY", defaultSegment: "Stripe" };
    expect(gainedValue({ currency: "jpy", items: [{ unitAmount: 1200 }] }, jpy)).toBe("14400.00");
    const kwd = { reportingCurrency: "KWD", defaultSegment: "Stripe" };
    expect(gainedValue({ currency: "kwd", items: [{ unitAmount: 1250 }] }, kwd)).toBe("15.00");
  });

  it("uses unit_amount_decimal when it holds fractions of the minor unit", () => {
    const sub = stripeSubscription();
    const item = stripeItem({ unitAmount: 0 });
    (item.price as Record<string, unknown>).unit_amount = null;
    (item.price as Record<string, unknown>).unit_amount_decimal = "0.5";
    item.quantity = 1000;
    (sub.items as { data: unknown[] }).data = [item];
    // 0.5 cent × 1 000 × 12 = 60.00
    expect(recorded(plan("customer.subscription.created", sub)).value).toBe("60.00");
  });

  it("falls back to the legacy plan and subscription quantity of old API versions", () => {
    const sub = stripeSubscription();
    const legacyPlan = (stripeItem({ unitAmount: 2500, interval: "month" }) as { plan: unknown }).plan;
    delete sub.items;
    Object.assign(sub, { plan: legacyPlan, quantity: 4 });
    expect(recorded(plan("customer.subscription.created", sub)).value).toBe("1200.00");
  });

  it("counts metered items as nothing and refuses prices without a unit amount", () => {
    const sub = stripeSubscription({ items: [{ unitAmount: 10000 }, { unitAmount: 5 }] });
    const metered = (sub.items as { data: Array<Record<string, Record<string, unknown>>> }).data[1];
    if (metered?.price) metered.price.recurring = { interval: "month", usage_type: "metered" };
    expect(recorded(plan("customer.subscription.created", sub)).value).toBe("1200.00");

    const tiered = stripeSubscription();
    const price = (tiered.items as { data: Array<Record<string, Record<string, unknown>>> }).data[0]?.price;
    if (price)
      Object.assign(price, { unit_amount: null, unit_amount_decimal: null, billing_scheme: "tiered" });
    expect(plan("customer.subscription.created", tiered)).toMatchObject({
      outcome: "refused",
      kind: "unsupported",
      message: expect.stringMatching(/no unit amount/),
    });
  });

  it("refuses another currency instead of converting it", () => {
    expect(plan("customer.subscription.created", stripeSubscription({ currency: "usd" }))).toMatchObject({
      outcome: "refused",
      kind: "unsupported",
      message: expect.stringMatching(/billed in USD but the ledger reports in EUR/),
    });
  });

  it("takes the start date, customer, name and segment from the subscription", () => {
    const m = recorded(
      plan(
        "customer.subscription.created",
        stripeSubscription({
          startDate: T0 - 86_400,
          customer: { id: "cus_1", object: "customer", name: "Acme Ltd" },
          metadata: { segment: " Enterprise " },
        }),
      ),
    );
    expect(m).toMatchObject({
      type: "gained",
      customerExternalId: "cus_1",
      customerName: "Acme Ltd",
      segment: "Enterprise",
      currency: "EUR",
      occurredAt: new Date((T0 - 86_400) * 1000),
    });
    const named = recorded(
      plan(
        "customer.subscription.created",
        stripeSubscription({ customer: "cus_2", metadata: { customer_name: "Beta SL" } }),
      ),
    );
    expect(named).toMatchObject({ customerExternalId: "cus_2", customerName: "Beta SL", segment: "Stripe" });
    const bare = recorded(plan("customer.subscription.created", stripeSubscription({ customer: "cus_3" })));
    expect(bare.customerName).toBeNull();
  });

  it("finds the segment on the price, then the expanded product, then uses the default", () => {
    const onPrice = stripeSubscription({ items: [{ unitAmount: 100, metadata: { segment: "SMB" } }] });
    expect(recorded(plan("customer.subscription.created", onPrice)).segment).toBe("SMB");
    const onProduct = stripeSubscription();
    const price = (onProduct.items as { data: Array<Record<string, Record<string, unknown>>> }).data[0]
      ?.price;
    if (price) price.product = { id: "prod_1", object: "product", name: "Pro", metadata: { segment: "Pro" } };
    expect(recorded(plan("customer.subscription.created", onProduct)).segment).toBe("Pro");
  });
});

describe("planStripeEvent: deleted", () => {
  const deleted = (cancellation: SubscriptionSpec["cancellation"], at = {}) =>
    recorded(
      plan("customer.subscription.deleted", stripeSubscription({ status: "canceled", cancellation, ...at }), {
        created: T0 + 500,
      }),
    );

  it("loses the customer at its yearly value, with the comment as the note", () => {
    const m = deleted(
      { reason: "cancellation_requested", feedback: "too_expensive", comment: " Half the price elsewhere " },
      { canceledAt: T0 + 100, endedAt: T0 + 200 },
    );
    expect(m).toMatchObject({
      type: "lost",
      value: "1200.00",
      reasonCode: "price",
      note: "Half the price elsewhere",
      occurredAt: new Date((T0 + 200) * 1000),
    });
  });

  it("dates the loss at ended_at, else canceled_at, else the event", () => {
    expect(deleted({}, { canceledAt: T0 + 100 }).occurredAt).toEqual(new Date((T0 + 100) * 1000));
    expect(deleted({}).occurredAt).toEqual(new Date((T0 + 500) * 1000));
  });

  it("maps every feedback onto a default lost reason, payment failures onto other", () => {
    const lostCodes = new Set(DEFAULT_REASONS.filter((r) => r.direction === "lost").map((r) => r.code));
    for (const code of Object.values(FEEDBACK_REASONS)) expect(lostCodes.has(code)).toBe(true);
    expect(lostReasonFor({ feedback: "missing_features" })).toBe("product_gap");
    expect(lostReasonFor({ feedback: "low_quality" })).toBe("product_gap");
    expect(lostReasonFor({ feedback: "customer_service" })).toBe("poor_service");
    expect(lostReasonFor({ feedback: "switched_service" })).toBe("competitor");
    expect(lostReasonFor({ feedback: "too_complex" })).toBe("onboarding_failure");
    expect(lostReasonFor({ feedback: "unused" })).toBe("onboarding_failure");
    expect(lostReasonFor({ feedback: "other" })).toBe("other");
    expect(lostReasonFor({ feedback: "a_value_stripe_adds_later" })).toBe("other");
    expect(lostReasonFor({ reason: "payment_failed" })).toBe("other");
    expect(lostReasonFor({ reason: "payment_disputed" })).toBe("other");
    expect(lostReasonFor({ reason: "payment_failed", feedback: "too_expensive" })).toBe("price");
    expect(lostReasonFor({ reason: "cancellation_requested" })).toBeNull();
    expect(lostReasonFor(null)).toBeNull();
    expect(deleted({ comment: "   " }).note).toBeNull();
  });
});

describe("planStripeEvent: updated", () => {
  const updated = (now: Parameters<typeof stripeSubscription>[0], previous: Record<string, unknown>) =>
    plan("customer.subscription.updated", stripeSubscription(now), {
      created: T0 + 1000,
      previousAttributes: previous,
    });

  it("expands by the rise in yearly value, dated at the event", () => {
    const p = updated(
      { items: [{ unitAmount: 10000, quantity: 3 }] },
      previousItems([{ unitAmount: 10000 }]),
    );
    expect(recorded(p)).toMatchObject({
      type: "expanded",
      value: "2400.00",
      occurredAt: new Date((T0 + 1000) * 1000),
    });
  });

  it("contracts by the fall, across a change of interval", () => {
    const p = updated(
      { items: [{ unitAmount: 100000, interval: "year" }] },
      previousItems([{ unitAmount: 10000, interval: "month" }]),
    );
    expect(recorded(p)).toMatchObject({ type: "contracted", value: "200.00" });
  });

  it("reads a quantity change of the legacy shape", () => {
    const sub = stripeSubscription();
    const legacyPlan = (stripeItem({ unitAmount: 1000 }) as { plan: unknown }).plan;
    delete sub.items;
    Object.assign(sub, { plan: legacyPlan, quantity: 5 });
    const p = plan("customer.subscription.updated", sub, { previousAttributes: { quantity: 2 } });
    expect(recorded(p)).toMatchObject({ type: "expanded", value: "360.00" });
  });

  it("skips changes that leave the yearly value as it was", () => {
    expect(updated({}, { cancel_at_period_end: false })).toMatchObject({ outcome: "skipped" });
    expect(updated({}, {})).toMatchObject({ outcome: "skipped" });
    // A monthly price swapped for the same yearly total.
    expect(
      updated({ items: [{ unitAmount: 120000, interval: "year" }] }, previousItems([{ unitAmount: 10000 }])),
    ).toMatchObject({ outcome: "skipped", detail: expect.stringMatching(/not its yearly value/) });
  });

  it("leaves a canceled subscription to the deleted event", () => {
    expect(
      updated({ status: "canceled", items: [{ unitAmount: 1 }] }, previousItems([{ unitAmount: 10000 }])),
    ).toMatchObject({ outcome: "skipped", detail: expect.stringMatching(/customer\.subscription\.deleted/) });
  });
});

describe("planStripeEvent: subscriptions awaiting their first payment", () => {
  it("gains the customer when it becomes active, not when it is created, and never if it expires", () => {
    const pending = stripeSubscription({ status: "incomplete", startDate: T0 - 60 });
    expect(plan("customer.subscription.created", pending)).toMatchObject({ outcome: "skipped" });
    const paid = plan("customer.subscription.updated", stripeSubscription({ startDate: T0 - 60 }), {
      previousAttributes: { status: "incomplete" },
    });
    expect(recorded(paid)).toMatchObject({
      type: "gained",
      value: "1200.00",
      occurredAt: new Date((T0 - 60) * 1000),
    });
    const expired = stripeSubscription({ status: "incomplete_expired" });
    expect(plan("customer.subscription.deleted", expired)).toMatchObject({
      outcome: "skipped",
      detail: expect.stringMatching(/never gained/),
    });
  });
});

describe("planStripeEvent: other events and bad objects", () => {
  it("refuses a yearly value larger than the ledger's money columns hold", () => {
    const huge = stripeSubscription({ items: [{ unitAmount: 99_999_999, quantity: 1_000_000_000 }] });
    expect(plan("customer.subscription.created", huge)).toMatchObject({
      outcome: "refused",
      kind: "unsupported",
      message: expect.stringMatching(/more than the ledger holds/),
    });
  });

  it("ignores event types that do not move customers", () => {
    expect(plan("invoice.paid", { id: "in_1", object: "invoice" })).toMatchObject({ outcome: "ignored" });
    expect(plan("customer.subscription.trial_will_end", stripeSubscription())).toMatchObject({
      outcome: "ignored",
    });
  });

  it("refuses a subscription event whose object lacks what it needs, naming the field", () => {
    const sub = stripeSubscription();
    delete sub.customer;
    expect(plan("customer.subscription.created", sub)).toMatchObject({
      outcome: "refused",
      kind: "invalid",
      message: expect.stringMatching(/^data\.object\.customer: /),
    });
    expect(plan("customer.subscription.created", { id: "in_1", object: "invoice" })).toMatchObject({
      outcome: "refused",
      kind: "invalid",
    });
  });
});
