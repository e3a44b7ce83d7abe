import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import type { Workspace } from "../../../src/generated/prisma/client.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { LEDGER, LEDGER_BLOCK, LEDGER_INPUT } from "../../../src/slack/features/ledger/ids.js";
import { LOOKUP } from "../../../src/slack/kit/ids.js";
import { openPglite, testDatabases } from "../../helpers/db.js";
import type { RecordedCall } from "../../helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { field, type StateValues, stateValues } from "../../helpers/slack-requests.js";

// `/cx won` and `/cx lost` end to end: the real Bolt app, a fake Slack and a real database,
// seeded with test/fixtures/movements.csv (c2 "Beta, S.L." lost on 2026-03-05, c3 Northwind
// active in Enterprise, c1 Ferretería Ortega reactivated on 2026-03-15, ...).

const NOW = new Date("2026-03-30T12:00:00Z"); // 08:00 in New York, the fake users' zone
const MANAGER = "UMGR";
const EMPLOYEE = "UEMP";

interface ViewArg {
  callback_id: string;
  private_metadata: string;
  blocks: Array<Record<string, unknown> & { block_id?: string; element?: Record<string, unknown> }>;
}

async function seed(db: Database, teamId: string): Promise<Workspace> {
  const ws = await workspaceForTeam(db.prisma, teamId, {
    reportingCurrency: "EUR",
    defaultLocale: "en",
    timezone: "UTC",
  });
  const report = await importCsv(db, "movements", join(import.meta.dirname, "../../fixtures/movements.csv"), {
    workspaceId: ws.id,
    reportingCurrency: "EUR",
    timeZone: "UTC",
    skipInvalid: false,
    dryRun: false,
  });
  expect(report.committed).toBe(true);
  return ws;
}

async function start(db: Database) {
  const h = await startSlackHarness(db, { env: { ROLE_MANAGERS: MANAGER }, clock: () => NOW });
  const ws = await seed(db, h.fake.teamId);
  return { h, ws };
}

/** Runs `/cx <word>` and returns the modal it opened. */
async function openModal(h: SlackHarness, word: string, userId = MANAGER): Promise<ViewArg> {
  const before = h.fake.callsTo("views.open").length;
  const res = await h.slack.command({ command: "/cx", text: word, user_id: userId });
  expect(res.status).toBe(200);
  const call = await h.fake.waitFor("views.open", () => h.fake.callsTo("views.open").length > before);
  return call.args.view as ViewArg;
}

async function customerId(db: Database, externalId: string): Promise<string> {
  const c = await db.prisma.customer.findFirstOrThrow({ where: { externalId } });
  return c.id;
}

function form(o: {
  customer?: string | null;
  newName?: string;
  newExternalId?: string;
  segment?: string | null;
  newSegment?: string;
  value?: string;
  reason?: string | null;
  date?: string | null;
  note?: string;
}): StateValues {
  return stateValues({
    [LEDGER_BLOCK.customer]: {
      [LOOKUP.customer]: field.externalSelect(o.customer ? `customer:${o.customer}` : null),
    },
    [LEDGER_BLOCK.newName]: { [LEDGER_INPUT.newName]: field.text(o.newName ?? null) },
    [LEDGER_BLOCK.newExternalId]: { [LEDGER_INPUT.newExternalId]: field.text(o.newExternalId ?? null) },
    [LEDGER_BLOCK.segment]: {
      [LOOKUP.segment]: field.externalSelect(o.segment ? `segment:${o.segment}` : null),
    },
    [LEDGER_BLOCK.newSegment]: { [LEDGER_INPUT.newSegment]: field.text(o.newSegment ?? null) },
    [LEDGER_BLOCK.value]: { [LEDGER_INPUT.value]: field.text(o.value ?? null) },
    [LEDGER_BLOCK.reason]: { [LEDGER_INPUT.reason]: field.select(o.reason ?? null) },
    [LEDGER_BLOCK.date]: { [LEDGER_INPUT.date]: field.date(o.date === undefined ? "2026-03-28" : o.date) },
    [LEDGER_BLOCK.note]: { [LEDGER_INPUT.note]: field.text(o.note ?? null) },
  });
}

function submit(h: SlackHarness, view: ViewArg, values: StateValues, viewId: string, userId = MANAGER) {
  return h.slack.viewSubmission({
    callbackId: view.callback_id,
    privateMetadata: view.private_metadata,
    userId,
    viewId,
    values,
  });
}

const dmsTo = (h: SlackHarness, userId: string) =>
  h.fake.callsTo("chat.postMessage").filter((c: RecordedCall) => c.args.channel === userId);

describe.each(testDatabases())("recording a customer lost from Slack on $name", ({ open }) => {
  let h: SlackHarness;
  beforeEach(async () => {
    ({ h } = await start(await open()));
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  it("stores the movement like the import does, audits it and confirms privately", async () => {
    const view = await openModal(h, "lost");
    const northwind = await customerId(h.db, "c3");
    const res = await submit(
      h,
      view,
      form({ customer: northwind, value: "55000", reason: "competitor", note: "Chose a cheaper rival" }),
      "VLOST00001",
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe("");

    const m = await h.db.prisma.customerMovement.findFirstOrThrow({
      where: { idempotencyKey: "slack:VLOST00001" },
      include: { reasonCode: true, segment: true, customer: true },
    });
    expect(m).toMatchObject({
      type: "lost",
      currency: "EUR",
      source: "slack",
      recordedBy: MANAGER,
      note: "Chose a cheaper rival",
      statusAfter: "lost",
    });
    expect(m.value.toFixed(2)).toBe("55000.00");
    expect(m.reasonCode?.code).toBe("competitor");
    expect(m.reasonCode?.direction).toBe("lost");
    expect(m.segment.name).toBe("Enterprise");
    expect(m.customer).toMatchObject({ externalId: "c3", status: "lost" });
    // A past date is that day's start in the person's zone (New York), as the import reads dates.
    expect(m.occurredAt.toISOString()).toBe("2026-03-28T04:00:00.000Z");

    const audit = await h.db.prisma.auditEvent.findMany({ where: { action: "ledger.recorded" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor: MANAGER,
      subjectType: "customer_movement",
      subjectId: String(m.id),
    });

    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === MANAGER);
    const text = String(dm.args.text);
    expect(text).toContain("*Northwind* lost on 28 Mar 2026");
    expect(text).toContain("EUR 55,000");
    expect(text).toContain("Went to a competitor (Marketing)");
  });

  it("stores a submission sent twice (a Slack retry or a double click) once", async () => {
    const view = await openModal(h, "lost");
    const northwind = await customerId(h.db, "c3");
    const values = form({ customer: northwind, value: "55000", reason: "competitor" });
    const [first, second] = await Promise.all([
      submit(h, view, values, "VTWICE0001"),
      submit(h, view, values, "VTWICE0001"),
    ]);
    const third = await submit(h, view, values, "VTWICE0001");
    for (const res of [first, second, third]) {
      expect(res.status).toBe(200);
      expect(res.body).toBe("");
    }
    expect(await h.db.prisma.customerMovement.count({ where: { idempotencyKey: "slack:VTWICE0001" } })).toBe(
      1,
    );
    expect(await h.db.prisma.auditEvent.count({ where: { action: "ledger.recorded" } })).toBe(1);
    await h.fake.waitForQuiet();
    expect(dmsTo(h, MANAGER)).toHaveLength(1);
  });
});

describe("the /cx won and /cx lost modals", () => {
  let h: SlackHarness;
  let ws: Workspace;
  beforeEach(async () => {
    ({ h, ws } = await start(await openPglite()));
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  const movements = () => h.db.prisma.customerMovement.count();

  it("/cx lost offers the lost reasons only, with their stage, the currency and today", async () => {
    const view = await openModal(h, "lost");
    const reason = view.blocks.find((b) => b.block_id === LEDGER_BLOCK.reason);
    const options = (reason?.element?.options ?? []) as Array<{ value: string; text: { text: string } }>;
    expect(options.map((o) => o.value)).toEqual([
      "price",
      "product_gap",
      "poor_service",
      "competitor",
      "budget_cut",
      "champion_left",
      "onboarding_failure",
      "other",
    ]);
    expect(options[0]?.text.text).toBe("Price · Sales");
    const value = view.blocks.find((b) => b.block_id === LEDGER_BLOCK.value) as { label: { text: string } };
    expect(value.label.text).toBe("Annual value lost (EUR)");
    const date = view.blocks.find((b) => b.block_id === LEDGER_BLOCK.date);
    expect(date?.element?.initial_date).toBe("2026-03-30");
    const customer = view.blocks.find((b) => b.block_id === LEDGER_BLOCK.customer);
    expect(customer?.element).toMatchObject({
      type: "external_select",
      action_id: LOOKUP.customer,
      min_query_length: 0,
    });
  });

  it("/cx won offers the gained reasons, in the person's language", async () => {
    h.fake.setUser(MANAGER, { locale: "es-ES" });
    const view = await openModal(h, "ganado");
    const reason = view.blocks.find((b) => b.block_id === LEDGER_BLOCK.reason);
    const options = (reason?.element?.options ?? []) as Array<{ value: string; text: { text: string } }>;
    expect(options.map((o) => o.value)).toEqual([
      "referral",
      "outbound",
      "inbound_marketing",
      "partner",
      "expansion_from_trial",
      "other",
    ]);
    expect(options[0]?.text.text).toBe("Recomendación · Marketing");
    expect((reason as { label: { text: string } }).label.text).toBe("¿Por qué lo ganamos?");
  });

  it("refuses employees, at the command and at the submission", async () => {
    const res = await h.slack.command({ command: "/cx", text: "lost", user_id: EMPLOYEE });
    expect(res.json).toMatchObject({ response_type: "ephemeral" });
    expect((res.json as { text: string }).text).toContain("needs the manager role");
    expect(h.fake.callsTo("views.open")).toHaveLength(0);

    // A modal opened by someone else (or forged) does not help either.
    const view = await openModal(h, "lost");
    const sub = await submit(
      h,
      view,
      form({ customer: await customerId(h.db, "c3"), value: "1", reason: "price" }),
      "VEMP000001",
      EMPLOYEE,
    );
    expect(sub.json).toMatchObject({ response_action: "errors" });
    expect(JSON.stringify(sub.json)).toContain("needs the manager role");
    expect(await h.db.prisma.customerMovement.count({ where: { source: "slack" } })).toBe(0);
  });

  it("explains a bad amount, a future date and a missing customer, and stores nothing", async () => {
    const view = await openModal(h, "lost");
    const before = await movements();
    const northwind = await customerId(h.db, "c3");

    const badValue = await submit(
      h,
      view,
      form({ customer: northwind, value: "1.200,50", reason: "price" }),
      "VBAD000001",
    );
    expect(badValue.json).toMatchObject({ response_action: "errors" });
    expect((badValue.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.value]).toContain(
      '"1.200,50" is not an amount',
    );

    const future = await submit(
      h,
      view,
      form({ customer: northwind, value: "100", reason: "price", date: "2026-03-31" }),
      "VBAD000002",
    );
    expect((future.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.date]).toBe(
      "The date cannot be in the future (today is 30 Mar 2026).",
    );

    const nobody = await submit(h, view, form({ value: "100", reason: "price" }), "VBAD000003");
    expect((nobody.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.customer]).toBe(
      "Pick a customer, or type a new customer's name below.",
    );

    const both = await submit(
      h,
      view,
      form({ customer: northwind, newName: "Someone", value: "100", reason: "price" }),
      "VBAD000004",
    );
    expect((both.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.customer]).toContain(
      "not both",
    );

    const wrongReason = await submit(
      h,
      view,
      form({ customer: northwind, value: "100", reason: "referral" }),
      "VBAD000005",
    );
    expect((wrongReason.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.reason]).toContain(
      "not a reason for a customer lost",
    );

    const noSegment = await submit(
      h,
      view,
      form({ newName: "Kappa", value: "100", reason: "price" }),
      "VBAD000006",
    );
    expect((noSegment.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.segment]).toContain(
      "needs a segment",
    );

    const forged = await h.slack.viewSubmission({
      callbackId: LEDGER.modal,
      privateMetadata: '{"direction":"sideways"}',
      userId: MANAGER,
      values: form({ customer: northwind, value: "100", reason: "price" }),
    });
    expect((forged.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.customer]).toContain(
      "out of date",
    );

    expect(await movements()).toBe(before);
    expect(dmsTo(h, MANAGER)).toHaveLength(0);
  });

  it("refuses to lose a customer twice, naming the date it was lost", async () => {
    const view = await openModal(h, "lost");
    const beta = await customerId(h.db, "c2");
    const before = await movements();
    const res = await submit(h, view, form({ customer: beta, value: "2000", reason: "price" }), "VTWICELOST");
    expect(res.json).toMatchObject({ response_action: "errors" });
    expect((res.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.customer]).toBe(
      "This customer was already lost on 5 Mar 2026. A customer cannot be lost twice without being won back.",
    );
    expect(await movements()).toBe(before);
  });

  it("records /cx won on a lost customer as reactivated, and says so", async () => {
    const view = await openModal(h, "won");
    const beta = await customerId(h.db, "c2");
    const res = await submit(
      h,
      view,
      form({ customer: beta, value: "2500", reason: "outbound", date: "2026-03-30" }),
      "VREACT0001",
    );
    expect(res.body).toBe("");
    const m = await h.db.prisma.customerMovement.findFirstOrThrow({
      where: { idempotencyKey: "slack:VREACT0001" },
    });
    expect(m.type).toBe("reactivated");
    // Today means now, so it follows whatever was recorded earlier today.
    expect(m.occurredAt.toISOString()).toBe(NOW.toISOString());
    expect((await h.db.prisma.customer.findUniqueOrThrow({ where: { id: beta } })).status).toBe("active");
    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === MANAGER);
    expect(String(dm.args.text)).toContain(
      "*Beta, S.L.* *won back* (recorded as reactivated) on 30 Mar 2026",
    );
    expect(String(dm.args.text)).toContain("It had been lost on 5 Mar 2026.");
  });

  it("refuses /cx won on a customer who is already active", async () => {
    const view = await openModal(h, "won");
    const northwind = await customerId(h.db, "c3");
    const res = await submit(
      h,
      view,
      form({ customer: northwind, value: "1", reason: "outbound" }),
      "VACTIVE001",
    );
    expect((res.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.customer]).toContain(
      "already active (since 20 Jan 2026)",
    );
  });

  it("creates a new customer in a new segment, and refuses one that exists already", async () => {
    const view = await openModal(h, "won");
    const res = await submit(
      h,
      view,
      form({
        newName: "Kappa Labs",
        newExternalId: "crm-77",
        newSegment: "Mid Market",
        value: "9000",
        reason: "partner",
      }),
      "VNEW000001",
    );
    expect(res.body).toBe("");
    const kappa = await h.db.prisma.customer.findFirstOrThrow({
      where: { workspaceId: ws.id, externalId: "crm-77" },
    });
    expect(kappa).toMatchObject({ name: "Kappa Labs", status: "active" });
    const segment = await h.db.prisma.segment.findUniqueOrThrow({ where: { id: kappa.segmentId } });
    expect(segment.name).toBe("Mid Market");
    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === MANAGER);
    expect(String(dm.args.text)).toContain("*Kappa Labs* (new customer) won on 28 Mar 2026");

    const again = await openModal(h, "won");
    const dup = await submit(
      h,
      again,
      form({ newName: "kappa labs", newSegment: "SMB", value: "1", reason: "partner" }),
      "VNEW000002",
    );
    expect((dup.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.newName]).toBe(
      'A customer "Kappa Labs" (id crm-77) already exists: pick it in the search above instead.',
    );
    const byId = await submit(
      h,
      again,
      form({ newName: "Other", newExternalId: "c3", segment: segment.id, value: "1", reason: "partner" }),
      "VNEW000003",
    );
    expect((byId.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.newExternalId]).toContain(
      'A customer "Northwind" (id c3) already exists',
    );
    expect(await h.db.prisma.customerMovement.count({ where: { source: "slack" } })).toBe(1);
  });

  it("confirms in Spanish to a Spanish-speaking manager", async () => {
    h.fake.setUser(MANAGER, { locale: "es-ES", tz: "Europe/Madrid" });
    const view = await openModal(h, "perdido");
    const res = await submit(
      h,
      view,
      form({ customer: await customerId(h.db, "c7"), value: "40000", reason: "budget_cut" }),
      "VSPAN00001",
    );
    expect(res.body).toBe("");
    const dm = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === MANAGER);
    const text = String(dm.args.text);
    expect(text).toContain("Registrado: *Eta* perdido el 28 mar 2026");
    expect(text).toContain("40.000 EUR");
    expect(text).toContain("Recorte de presupuesto (Ventas)");
  });
});

describe("a ledger entry when the database is unreachable", () => {
  it("tells the person it was not saved, in the modal", async () => {
    const { h } = await start(await openPglite());
    try {
      const view = await openModal(h, "lost");
      const northwind = await customerId(h.db, "c3");
      await h.db.close();
      const res = await submit(
        h,
        view,
        form({ customer: northwind, value: "1", reason: "price" }),
        "VDOWN00001",
      );
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ response_action: "errors" });
      expect((res.json as { errors: Record<string, string> }).errors[LEDGER_BLOCK.customer]).toContain(
        "That was not saved",
      );
      expect(dmsTo(h, MANAGER)).toHaveLength(0);
    } finally {
      await h.stop();
    }
  });
});
