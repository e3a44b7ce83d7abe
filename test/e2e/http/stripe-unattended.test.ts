import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { testDatabases } from "../../helpers/db.js";
import { postStripeEvent, type StripeWebhookServer, startStripeWebhook } from "../../helpers/stripe.js";

// A Stripe account feeding the ledger unattended: fourteen deliveries shaped like Stripe's own
// event JSON (test/fixtures/stripe: four customers over three months: seats added, a switch to a
// cheaper plan, a trial that converted, a cancellation with feedback, a payment failure and a
// return) sent as Stripe sends them, then all again, and, on a fresh database, out of order.
// Whatever the order, the ledger ends in the same state. The return of a lost customer stays last
// in the shuffled order: Stripe retries for three days, and that event comes six weeks after the
// loss, so they cannot arrive the other way round.

const DIR = join(import.meta.dirname, "../../fixtures/stripe");
const FIXTURES = new Map(
  readdirSync(DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => [f.slice(0, 2), readFileSync(join(DIR, f), "utf8")] as const),
);
const IN_ORDER = [...FIXTURES.keys()];
const SHUFFLED = ["13", "08", "12", "02", "10", "06", "11", "05", "09", "07", "01", "04", "03", "14"];

const at = (iso: string) => new Date(iso).toISOString();

const EXPECTED_CUSTOMERS = [
  { externalId: "cus_QacmeRobotics", name: "Acme Robotics", segment: "SMB", status: "lost", value: "0.00" },
  {
    externalId: "cus_QbravoLogistics",
    name: "Bravo Logistics",
    segment: "Enterprise",
    status: "active",
    value: "10800.00",
  },
  {
    externalId: "cus_QcharlieCafe",
    name: "Charlie Café",
    segment: "Stripe",
    status: "active",
    value: "684.00",
  },
  {
    externalId: "cus_QdeltaDental",
    name: "Delta Dental",
    segment: "SMB",
    status: "active",
    value: "2376.00",
  },
];

const EXPECTED_MOVEMENTS = [
  // 2 seats × €49 a month
  ["cus_QacmeRobotics", "gained", "1176.00", at("2026-01-05T09:00:00Z"), null, null, "active", "1176.00"],
  ["cus_QdeltaDental", "gained", "1188.00", at("2026-01-08T16:00:00Z"), null, null, "active", "1188.00"],
  ["cus_QbravoLogistics", "gained", "12000.00", at("2026-01-12T14:30:00Z"), null, null, "active", "12000.00"],
  // A trial counts from its start; its conversion changes no value and is skipped.
  ["cus_QcharlieCafe", "gained", "684.00", at("2026-01-20T11:00:00Z"), null, null, "active", "684.00"],
  // 2 → 5 seats
  ["cus_QacmeRobotics", "expanded", "1764.00", at("2026-02-02T13:20:00Z"), null, null, "active", "2940.00"],
  // €12 000 a year → €900 a month
  [
    "cus_QbravoLogistics",
    "contracted",
    "1200.00",
    at("2026-02-15T10:00:00Z"),
    null,
    null,
    "active",
    "10800.00",
  ],
  ["cus_QdeltaDental", "lost", "1188.00", at("2026-02-20T03:12:00Z"), "other", null, "lost", "0.00"],
  [
    "cus_QacmeRobotics",
    "lost",
    "2940.00",
    at("2026-03-05T09:00:00Z"),
    "price",
    "We only use it in peak season",
    "lost",
    "0.00",
  ],
  ["cus_QdeltaDental", "reactivated", "2376.00", at("2026-04-01T08:45:00Z"), null, null, "active", "2376.00"],
];

describe.each(testDatabases())("a Stripe account feeding the ledger unattended on $name", ({ open }) => {
  let db: Database;
  let hook: StripeWebhookServer;

  beforeEach(async () => {
    db = await open();
    hook = await startStripeWebhook(db);
  });
  afterEach(async () => {
    await hook.close();
    await db.close();
  });

  const deliver = async (order: string[]) => {
    const answers = [];
    for (const key of order) {
      const payload = FIXTURES.get(key);
      if (!payload) throw new Error(`no fixture ${key}`);
      const res = await postStripeEvent(hook.url, payload);
      answers.push({ key, status: res.status, duplicate: res.json.duplicate, outcome: res.json.outcome });
    }
    return answers;
  };

  const ledger = async () => {
    const customers = await db.prisma.customer.findMany({
      where: { workspaceId: hook.workspaceId },
      include: { segment: true },
      orderBy: { externalId: "asc" },
    });
    const movements = await db.prisma.customerMovement.findMany({
      where: { workspaceId: hook.workspaceId },
      include: { customer: true, reasonCode: true },
      orderBy: [{ occurredAt: "asc" }],
    });
    const handled = await db.prisma.webhookEvent.groupBy({
      by: ["outcome"],
      where: { workspaceId: hook.workspaceId },
      _count: true,
      orderBy: { outcome: "asc" },
    });
    return {
      customers: customers.map((c) => ({
        externalId: c.externalId,
        name: c.name,
        segment: c.segment.name,
        status: c.status,
        value: c.currentValue.toFixed(2),
      })),
      movements: movements.map((m) => [
        m.customer.externalId,
        m.type,
        m.value.toFixed(2),
        m.occurredAt.toISOString(),
        m.reasonCode?.code ?? null,
        m.note,
        m.statusAfter,
        m.valueAfter.toFixed(2),
      ]),
      sources: [...new Set(movements.map((m) => m.source))],
      handled: handled.map((h) => [h.outcome, h._count]),
    };
  };

  const EXPECTED = {
    customers: EXPECTED_CUSTOMERS,
    movements: EXPECTED_MOVEMENTS,
    sources: ["stripe"],
    handled: [
      ["ignored", 3],
      ["recorded", 9],
      ["skipped", 2],
    ],
  };

  it("lands in the expected state delivered in order, and a full replay changes nothing", async () => {
    expect(IN_ORDER).toHaveLength(14);
    const first = await deliver(IN_ORDER);
    expect(first.filter((a) => a.status !== 200)).toEqual([]);
    expect(first.every((a) => a.duplicate === false)).toBe(true);
    expect(await ledger()).toEqual(EXPECTED);

    const replay = await deliver(IN_ORDER);
    expect(replay.filter((a) => a.status !== 200 || a.duplicate !== true)).toEqual([]);
    expect(await ledger()).toEqual(EXPECTED);
    expect(
      await db.prisma.auditEvent.count({ where: { workspaceId: hook.workspaceId, actor: "stripe" } }),
    ).toBe(9);
  });

  it("lands in the same state delivered out of order, twice", async () => {
    const first = await deliver(SHUFFLED);
    expect(first.filter((a) => a.status !== 200)).toEqual([]);
    const again = await deliver(SHUFFLED);
    expect(again.filter((a) => a.status !== 200 || a.duplicate !== true)).toEqual([]);
    expect(await ledger()).toEqual(EXPECTED);
  });
});
