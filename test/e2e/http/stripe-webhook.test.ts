import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { testDatabases } from "../../helpers/db.js";
import {
  postStripeEvent,
  previousItems,
  type StripeWebhookServer,
  signStripePayload,
  startStripeWebhook,
  stripeEvent,
  stripeSubscription,
} from "../../helpers/stripe.js";

// POST /webhooks/stripe over real HTTP on 127.0.0.1, with deliveries signed as Stripe signs them.

const T0 = 1772445600; // 2026-03-02T10:00:00Z
const DAY = 86_400;

describe.each(testDatabases())("Stripe webhooks on $name", ({ open }) => {
  let db: Database;
  let hook: StripeWebhookServer;

  const post = (body: unknown, opts?: Parameters<typeof postStripeEvent>[2]) =>
    postStripeEvent(hook.url, body, opts);
  const movements = () =>
    db.prisma.customerMovement.findMany({
      where: { workspaceId: hook.workspaceId },
      orderBy: { occurredAt: "asc" },
      include: { customer: true, segment: true, reasonCode: true },
    });
  const handled = () => db.prisma.webhookEvent.findMany({ where: { workspaceId: hook.workspaceId } });
  const audits = () =>
    db.prisma.auditEvent.findMany({ where: { workspaceId: hook.workspaceId, actor: "stripe" } });
  const nothingStored = async () => {
    expect(await movements()).toEqual([]);
    expect(await handled()).toEqual([]);
    expect(await db.prisma.customer.count()).toBe(0);
  };

  const created = (over: Parameters<typeof stripeSubscription>[0] = {}, id = "evt_created") =>
    stripeEvent("customer.subscription.created", stripeSubscription(over), { id, created: T0 });

  beforeEach(async () => {
    db = await open();
    hook = await startStripeWebhook(db);
  });
  afterEach(async () => {
    await hook.close();
    await db.close();
  });

  it("records a created subscription as gained at its annualised value, from its start date", async () => {
    const res = await post(
      created({
        customer: { id: "cus_acme", object: "customer", name: "Acme Ltd" },
        startDate: T0 - 2 * DAY,
        items: [
          { unitAmount: 4900, quantity: 3 },
          { unitAmount: 120000, interval: "year" },
        ],
        metadata: { segment: "Mid-Market" },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      received: true,
      duplicate: false,
      eventId: "evt_created",
      outcome: "recorded",
    });
    const [m, ...rest] = await movements();
    expect(rest).toEqual([]);
    // 49.00 × 3 × 12 + 1 200.00 = 2 964.00
    expect(m).toMatchObject({
      type: "gained",
      source: "stripe",
      currency: "EUR",
      idempotencyKey: "stripe:evt_created",
      occurredAt: new Date((T0 - 2 * DAY) * 1000),
    });
    expect(m?.value.toFixed(2)).toBe("2964.00");
    expect(m?.customer).toMatchObject({ externalId: "cus_acme", name: "Acme Ltd", status: "active" });
    expect(m?.segment.name).toBe("Mid-Market");
    expect(await handled()).toMatchObject([
      { provider: "stripe", eventId: "evt_created", outcome: "recorded" },
    ]);
    const [audit] = await audits();
    expect(audit).toMatchObject({ action: "stripe.movements.recorded", subjectId: "stripe:evt_created" });
    expect(hook.logs.some((l) => l.includes("evt_created") && l.includes("recorded"))).toBe(true);
  });

  it("records updates as expanded and contracted by the change in yearly value, and skips others", async () => {
    await post(created({ customer: "cus_acme", items: [{ unitAmount: 10000, quantity: 2 }] }));
    const up = await post(
      stripeEvent(
        "customer.subscription.updated",
        stripeSubscription({ customer: "cus_acme", items: [{ unitAmount: 10000, quantity: 5 }] }),
        {
          id: "evt_up",
          created: T0 + 10 * DAY,
          previousAttributes: previousItems([{ unitAmount: 10000, quantity: 2 }]),
        },
      ),
    );
    expect(up.status).toBe(200);
    const down = await post(
      stripeEvent(
        "customer.subscription.updated",
        stripeSubscription({
          customer: "cus_acme",
          items: [{ unitAmount: 90000, interval: "year", quantity: 5 }],
        }),
        {
          id: "evt_down",
          created: T0 + 20 * DAY,
          previousAttributes: previousItems([{ unitAmount: 10000, quantity: 5 }]),
        },
      ),
    );
    expect(down.status).toBe(200);
    const same = await post(
      stripeEvent(
        "customer.subscription.updated",
        stripeSubscription({
          customer: "cus_acme",
          items: [{ unitAmount: 90000, interval: "year", quantity: 5 }],
        }),
        { id: "evt_same", created: T0 + 21 * DAY, previousAttributes: { cancel_at_period_end: true } },
      ),
    );
    expect(same.json).toMatchObject({ outcome: "skipped", duplicate: false });
    const rows = await movements();
    expect(rows.map((m) => [m.type, m.value.toFixed(2)])).toEqual([
      ["gained", "2400.00"],
      ["expanded", "3600.00"],
      // 100.00 × 5 × 12 = 6 000 → 900.00 × 5 = 4 500
      ["contracted", "1500.00"],
    ]);
    expect(rows[2]?.customer.currentValue.toFixed(2)).toBe("4500.00");
    expect((await handled()).map((h) => [h.eventId, h.outcome]).sort()).toEqual([
      ["evt_created", "recorded"],
      ["evt_down", "recorded"],
      ["evt_same", "skipped"],
      ["evt_up", "recorded"],
    ]);
  });

  it("records a deleted subscription as lost with the reason mapped from the feedback and the comment as the note", async () => {
    await post(created({ customer: "cus_acme" }));
    const res = await post(
      stripeEvent(
        "customer.subscription.deleted",
        stripeSubscription({
          customer: "cus_acme",
          status: "canceled",
          canceledAt: T0 + 30 * DAY,
          endedAt: T0 + 31 * DAY,
          cancellation: {
            reason: "cancellation_requested",
            feedback: "switched_service",
            comment: "Moved to a cheaper tool",
          },
        }),
        { id: "evt_deleted", created: T0 + 31 * DAY + 5 },
      ),
    );
    expect(res.status).toBe(200);
    const lost = (await movements()).find((m) => m.type === "lost");
    expect(lost).toMatchObject({
      note: "Moved to a cheaper tool",
      occurredAt: new Date((T0 + 31 * DAY) * 1000),
    });
    expect(lost?.reasonCode?.code).toBe("competitor");
    expect(lost?.value.toFixed(2)).toBe("1200.00");
    expect(lost?.customer.status).toBe("lost");
  });

  it("stores a redelivered event once and answers duplicate", async () => {
    const event = created({ customer: "cus_acme" });
    const first = await post(event);
    const again = await post(event);
    expect(first.json).toMatchObject({ duplicate: false, outcome: "recorded" });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ received: true, duplicate: true, outcome: "recorded" });
    expect(await movements()).toHaveLength(1);
    expect(await handled()).toHaveLength(1);
    expect(await audits()).toHaveLength(1);
  });

  it("stores two concurrent deliveries of one event once", async () => {
    const event = created({ customer: "cus_acme" });
    const answers = await Promise.all([post(event), post(event), post(event)]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(answers.filter((a) => a.json.duplicate === false)).toHaveLength(1);
    expect(answers.filter((a) => a.json.duplicate === true)).toHaveLength(2);
    expect(hook.logs.filter((l) => l.includes("failed"))).toEqual([]);
    expect(await movements()).toHaveLength(1);
    expect(await handled()).toHaveLength(1);
    expect(await db.prisma.customer.count()).toBe(1);
  });

  it("acknowledges an event type it does not handle without moving any customer", async () => {
    const res = await post(
      stripeEvent("invoice.paid", { id: "in_1", object: "invoice" }, { id: "evt_invoice" }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ received: true, outcome: "ignored" });
    expect(await movements()).toEqual([]);
    expect(await db.prisma.customer.count()).toBe(0);
    expect(await handled()).toMatchObject([
      { eventId: "evt_invoice", outcome: "ignored", type: "invoice.paid" },
    ]);
  });

  it("refuses a bad, missing or foreign signature with 400 and stores nothing", async () => {
    const event = created();
    const payload = JSON.stringify(event);
    const forged = await post(payload, { secret: "whsec_someone_else" });
    const missing = await post(payload, { signature: null });
    const tampered = await post(payload.replace("10000", "99999"), { signature: signStripePayload(payload) });
    for (const res of [forged, missing, tampered]) {
      expect(res.status).toBe(400);
      expect(String(res.json.error)).toMatch(/Stripe-Signature.*nothing was stored/);
    }
    await nothingStored();
  });

  it("refuses a delivery signed too long ago (a replay) with 400", async () => {
    const payload = JSON.stringify(created());
    const timestamp = Math.floor(Date.now() / 1000) - 3600;
    const res = await post(payload, { timestamp, signature: signStripePayload(payload, { timestamp }) });
    expect(res.status).toBe(400);
    expect(String(res.json.error)).toMatch(/too old/);
    await nothingStored();
  });

  it("refuses a body over the limit with 413", async () => {
    await hook.close();
    hook = await startStripeWebhook(db, { maxBodyBytes: 2048 });
    const big = created({ metadata: { padding: "x".repeat(4000) } });
    const res = await post(big);
    expect(res.status).toBe(413);
    await nothingStored();
  });

  it("refuses malformed JSON and a subscription without its fields, even when signed, with 400", async () => {
    const broken = await post('{"id": "evt_1", "type": ');
    expect(broken.status).toBe(400);
    expect(String(broken.json.error)).toMatch(/not valid JSON/);
    const notEvent = await post({ hello: "world" });
    expect(notEvent.status).toBe(400);
    const sub = stripeSubscription();
    delete sub.customer;
    const shapeless = await post(stripeEvent("customer.subscription.created", sub, { id: "evt_shapeless" }));
    expect(shapeless.status).toBe(400);
    expect(String(shapeless.json.error)).toMatch(/data\.object\.customer/);
    await nothingStored();
  });

  it("refuses a signed body that is not valid UTF-8 or names a field twice, with 400", async () => {
    const text = JSON.stringify(created({ metadata: { customer_name: "Acme XX" } }));
    const bytes = Buffer.from(text, "utf8");
    bytes.fill(0xff, bytes.indexOf("XX"), bytes.indexOf("XX") + 2);
    const invalid = await post(bytes);
    expect(invalid.status).toBe(400);
    expect(String(invalid.json.error)).toMatch(/not valid UTF-8/);
    const twice = await post(text.replace('"object":"event"', '"object":"event","id":"evt_other"'));
    expect(twice.status).toBe(400);
    expect(String(twice.json.error)).toMatch(/"id" twice/);
    await nothingStored();
  });

  it("refuses a subscription billed in another currency with 422, converting nothing", async () => {
    const res = await post(created({ currency: "usd" }));
    expect(res.status).toBe(422);
    expect(String(res.json.error)).toMatch(/USD.*EUR/);
    await nothingStored();
  });

  it("answers 409 to an event the ledger refuses for now, storing nothing, and records Stripe's retry once it applies", async () => {
    await post(created({ id: "sub_1", customer: "cus_acme", startDate: T0 }, "evt_sub1_created"));
    // The second subscription starts after the first ends, but its event overtakes the first's end.
    const second = created(
      { id: "sub_2", customer: "cus_acme", startDate: T0 + 40 * DAY },
      "evt_sub2_created",
    );
    const early = await post(second);
    expect(early.status).toBe(409);
    expect(String(early.json.error)).toMatch(/already active.*Stripe retries/);
    expect(await movements()).toHaveLength(1);
    expect((await handled()).map((h) => h.eventId)).toEqual(["evt_sub1_created"]);

    const ended = await post(
      stripeEvent(
        "customer.subscription.deleted",
        stripeSubscription({ id: "sub_1", customer: "cus_acme", status: "canceled", endedAt: T0 + 30 * DAY }),
        { id: "evt_sub1_deleted", created: T0 + 30 * DAY },
      ),
    );
    expect(ended.status).toBe(200);
    const retried = await post(second);
    expect(retried.status).toBe(200);
    expect(retried.json).toMatchObject({ duplicate: false, outcome: "recorded" });
    expect((await movements()).map((m) => m.type)).toEqual(["gained", "lost", "reactivated"]);
  });

  it("answers 405 to anything but POST", async () => {
    const res = await fetch(`${hook.url}/webhooks/stripe`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
  });
});
