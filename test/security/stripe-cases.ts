import { expect } from "vitest";
import type { Database } from "../../src/data/database.js";
import {
  type PriceSpec,
  postStripeEvent,
  STRIPE_TEST_SECRET,
  type StripeDelivery,
  signStripePayload,
  stripeEvent,
  stripeSubscription,
} from "../helpers/stripe.js";
import { ACCEPTED_AS_TEXT, type BadCase, INJECTIONS, NUL } from "./kit.js";

// Bad deliveries to POST /webhooks/stripe: signatures (forged, tampered, missing, expired),
// replays, size, malformed and mistyped events, duplicate keys, invalid UTF-8, absurd amounts
// and dates, and injection strings in the customer's name (stored verbatim).

export interface StripeEnv {
  db: Database;
  url: string;
  maxBodyBytes: number;
}

const T0 = 1772445600; // 2026-03-02T10:00:00Z
let serial = 0;
const unique = (prefix: string) => `${prefix}_${++serial}`;

function created(over: { name?: string; items?: PriceSpec[]; startDate?: number; id?: string } = {}) {
  const customer = unique("cus_bad");
  return stripeEvent(
    "customer.subscription.created",
    stripeSubscription({
      id: unique("sub_bad"),
      customer: { id: customer, object: "customer", name: over.name ?? "Acme Ltd" },
      items: over.items ?? [{ unitAmount: 4900 }],
      startDate: over.startDate ?? T0,
    }),
    { id: over.id ?? unique("evt_bad"), created: (over.startDate ?? T0) + 5 },
  );
}

function expectRefusal(res: StripeDelivery, status: number, error: string | RegExp) {
  expect(res.status, JSON.stringify(res.json)).toBe(status);
  expect(String(res.json.error)).toMatch(error);
}

const refusal = (
  category: string,
  name: string,
  run: (env: StripeEnv) => Promise<void>,
): BadCase<StripeEnv> => ({
  entry: "Stripe webhook",
  category,
  name,
  run: async (env) => {
    await run(env);
    return undefined;
  },
});

/** A signed delivery of this exact text. */
const send = (env: StripeEnv, body: string | Buffer, opts: Parameters<typeof postStripeEvent>[2] = {}) =>
  postStripeEvent(env.url, body, opts);

/** An event's JSON with `from` replaced by `to` (the result is signed as it is). */
function edited(event: Record<string, unknown>, from: string, to: string): string {
  const text = JSON.stringify(event);
  expect(text).toContain(from);
  return text.replace(from, to);
}

const NOT_AN_EVENT = "The body is not a Stripe event; nothing was stored.";
const MISMATCH = "does not match this endpoint's signing secret";
const TOO_OLD = "timestamp is too old (a replayed or delayed delivery)";

/** A good delivery, for the state the cases start from. */
export const warmUpEvent = () => created();

export function stripeCases(): Array<BadCase<StripeEnv>> {
  const now = () => Math.floor(Date.now() / 1000);
  const cases: Array<BadCase<StripeEnv>> = [
    refusal(
      "missing auth",
      'no Stripe-Signature header → 400 "Missing Stripe-Signature header"',
      async (env) => {
        expectRefusal(
          await send(env, JSON.stringify(created()), { signature: null }),
          400,
          /Missing Stripe-Signature header/,
        );
      },
    ),
    refusal("forged signature", `signed with another secret → 400 "${MISMATCH}"`, async (env) => {
      expectRefusal(
        await send(env, JSON.stringify(created()), { secret: "whsec_someone_else" }),
        400,
        MISMATCH,
      );
    }),
    refusal("forged signature", `a random v1 signature → 400 "${MISMATCH}"`, async (env) => {
      const signature = `t=${now()},v1=${"ab".repeat(32)}`;
      expectRefusal(await send(env, JSON.stringify(created()), { signature }), 400, MISMATCH);
    }),
    refusal("forged signature", `an unparseable header → 400 "${MISMATCH}"`, async (env) => {
      expectRefusal(
        await send(env, JSON.stringify(created()), { signature: "v0=abc; DROP TABLE" }),
        400,
        MISMATCH,
      );
    }),
    refusal(
      "forged signature",
      `body changed after signing (amount ×100) → 400 "${MISMATCH}"`,
      async (env) => {
        const original = JSON.stringify(created());
        const signature = signStripePayload(original, { secret: STRIPE_TEST_SECRET });
        const tampered = original.replace('"unit_amount":4900', '"unit_amount":490000');
        expect(tampered).not.toBe(original);
        expectRefusal(await send(env, tampered, { signature }), 400, MISMATCH);
      },
    ),
    refusal("replayed / old timestamp", `signed 301 s ago → 400 "${TOO_OLD}"`, async (env) => {
      expectRefusal(await send(env, JSON.stringify(created()), { timestamp: now() - 301 }), 400, TOO_OLD);
    }),
    refusal("replayed / old timestamp", `signed a day ago → 400 "${TOO_OLD}"`, async (env) => {
      expectRefusal(await send(env, JSON.stringify(created()), { timestamp: now() - 86_400 }), 400, TOO_OLD);
    }),
    {
      entry: "Stripe webhook",
      category: "replayed request",
      name: "the same event delivered twice → 200 duplicate: true, stored once",
      run: async (env) => {
        const body = JSON.stringify(created());
        expect((await send(env, body)).json).toMatchObject({ duplicate: false, outcome: "recorded" });
        const again = await send(env, body);
        expect(again.status).toBe(200);
        expect(again.json).toMatchObject({ duplicate: true });
        return { customer_movement: 1, customer: 1, webhook_event: 1, audit_event: 1 };
      },
    },
    refusal("oversized body", 'a body over the limit → 413 "larger than"', async (env) => {
      const event = created({ name: "x".repeat(env.maxBodyBytes) });
      expectRefusal(await send(env, JSON.stringify(event)), 413, `larger than ${env.maxBodyBytes} bytes`);
    }),
    refusal("wrong method / path", 'GET → 405 "takes POST"', async (env) => {
      const res = await fetch(`${env.url}/webhooks/stripe`);
      expect(res.status).toBe(405);
      expect(await res.text()).toContain("takes POST");
    }),
    refusal("malformed body", 'signed JSON cut short → 400 "not valid JSON"', async (env) => {
      expectRefusal(await send(env, '{"id":"evt_1","type":'), 400, /not valid JSON/);
    }),
    refusal("malformed body", 'a signed empty body → 400 "The body is empty"', async (env) => {
      expectRefusal(await send(env, ""), 400, /The body is empty/);
    }),
    refusal("wrong types", `a signed array → 400 "${NOT_AN_EVENT}"`, async (env) => {
      expectRefusal(await send(env, "[1,2]"), 400, NOT_AN_EVENT);
    }),
    refusal("wrong types", `event id as a number → 400 "${NOT_AN_EVENT}"`, async (env) => {
      const event = created({ id: "evt_number" });
      expectRefusal(await send(env, edited(event, '"id":"evt_number"', '"id":42')), 400, NOT_AN_EVENT);
    }),
    refusal("wrong types", `created as a date string → 400 "${NOT_AN_EVENT}"`, async (env) => {
      const event = created();
      expectRefusal(
        await send(env, edited(event, `"created":${T0 + 5}`, '"created":"2026-03-02"')),
        400,
        NOT_AN_EVENT,
      );
    }),
    refusal("wrong types", `data as a string → 400 "${NOT_AN_EVENT}"`, async (env) => {
      expectRefusal(
        await send(env, JSON.stringify({ ...created(), data: "DROP TABLE customer" })),
        400,
        NOT_AN_EVENT,
      );
    }),
    refusal("wrong types", "items as an object → 400 naming data.object.items", async (env) => {
      const event = created();
      const object = (event.data as { object: Record<string, unknown> }).object;
      object.items = { "0": "x" };
      expectRefusal(
        await send(env, JSON.stringify(event)),
        400,
        /data\.object\.items|not a Stripe event|subscription/,
      );
    }),
    refusal("missing fields", `no event id → 400 "${NOT_AN_EVENT}"`, async (env) => {
      const event = created();
      delete event.id;
      expectRefusal(await send(env, JSON.stringify(event)), 400, NOT_AN_EVENT);
    }),
    refusal("missing fields", `no event type → 400 "${NOT_AN_EVENT}"`, async (env) => {
      const event = created();
      delete event.type;
      expectRefusal(await send(env, JSON.stringify(event)), 400, NOT_AN_EVENT);
    }),
    refusal(
      "missing fields",
      'a subscription without its customer → 400 "data.object.customer"',
      async (env) => {
        const event = created();
        delete (event.data as { object: Record<string, unknown> }).object.customer;
        expectRefusal(await send(env, JSON.stringify(event)), 400, /data\.object\.customer/);
      },
    ),
    refusal("duplicate keys", 'event id twice → 400 "names the field \\"id\\" twice"', async (env) => {
      const event = created();
      expectRefusal(
        await send(env, edited(event, '"object":"event"', '"object":"event","id":"evt_other"')),
        400,
        /"id" twice/,
      );
    }),
    refusal(
      "duplicate keys",
      'unit_amount twice inside the price → 400 "names the field \\"unit_amount\\" twice"',
      async (env) => {
        const event = created();
        expectRefusal(
          await send(env, edited(event, '"unit_amount":4900', '"unit_amount":4900,"unit_amount":1')),
          400,
          /"unit_amount" twice/,
        );
      },
    ),
    refusal("invalid UTF-8", 'the byte 0xFF in the customer name → 400 "not valid UTF-8"', async (env) => {
      const bytes = Buffer.from(JSON.stringify(created({ name: "Acme XX" })), "utf8");
      bytes[bytes.indexOf("XX")] = 0xff;
      expectRefusal(await send(env, bytes), 400, /not valid UTF-8/);
    }),
    refusal(
      "invalid UTF-8",
      'a lone surrogate (\\ud800) in the customer name → 400 "not valid UTF-8"',
      async (env) => {
        const event = created({ name: "Acme LONE" });
        expectRefusal(await send(env, edited(event, "Acme LONE", "Acme \\ud800")), 400, /not valid UTF-8/);
      },
    ),
    refusal(
      "injection strings",
      'a NUL byte in the customer name → 400 "contains a NUL character"',
      async (env) => {
        expectRefusal(
          await send(env, JSON.stringify(created({ name: NUL }))),
          400,
          /contains a NUL character/,
        );
      },
    ),
    refusal(
      "huge numbers / NaN / negative",
      "a negative unit amount → 400 naming the amount",
      async (env) => {
        expectRefusal(
          await send(env, JSON.stringify(created({ items: [{ unitAmount: -4900 }] }))),
          400,
          /unit_amount|amount|not a Stripe event/,
        );
      },
    ),
    refusal(
      "huge numbers / NaN / negative",
      "a unit amount of 1e21 → 4xx naming the amount, not a 500",
      async (env) => {
        const res = await send(env, JSON.stringify(created({ items: [{ unitAmount: 1e21 }] })));
        expect(res.status, JSON.stringify(res.json)).toBeGreaterThanOrEqual(400);
        expect(res.status, JSON.stringify(res.json)).toBeLessThan(500);
        expect(String(res.json.error)).toMatch(/amount|value|large/i);
      },
    ),
    refusal(
      "huge numbers / NaN / negative",
      'a quantity of 10^12 → 4xx "more than the ledger holds", not a 500',
      async (env) => {
        const res = await send(
          env,
          JSON.stringify(created({ items: [{ unitAmount: 4900, quantity: 1e12 }] })),
        );
        expect(res.status, JSON.stringify(res.json)).toBeGreaterThanOrEqual(400);
        expect(res.status, JSON.stringify(res.json)).toBeLessThan(500);
        expect(String(res.json.error)).toMatch(/more than the ledger holds/);
      },
    ),
    refusal(
      "far-future / impossible dates",
      'a subscription starting in the year 3000 → 4xx "in the future"',
      async (env) => {
        const res = await send(env, JSON.stringify(created({ startDate: 32503680000 })));
        expect(res.status, JSON.stringify(res.json)).toBeGreaterThanOrEqual(400);
        expect(res.status, JSON.stringify(res.json)).toBeLessThan(500);
        expect(String(res.json.error)).toMatch(/future/);
      },
    ),
  ];
  for (const [label, text] of Object.entries(INJECTIONS)) {
    cases.push({
      entry: "Stripe webhook",
      category: ACCEPTED_AS_TEXT,
      name: `customer name = ${label} is stored verbatim`,
      run: async (env) => {
        const value = `${text} ${unique("#")}`;
        const res = await send(env, JSON.stringify(created({ name: value })));
        expect(res.status, JSON.stringify(res.json)).toBe(200);
        expect(res.json).toMatchObject({ outcome: "recorded" });
        const customer = await env.db.prisma.customer.findFirstOrThrow({ where: { name: value } });
        expect(customer.name).toBe(value);
        return { customer_movement: 1, customer: 1, webhook_event: 1, audit_event: 1 };
      },
    });
  }
  return cases;
}
