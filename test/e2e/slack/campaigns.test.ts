import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import type { Workspace } from "../../../src/generated/prisma/client.js";
import { startDigestDelivery } from "../../../src/slack/digest-delivery.js";
import {
  CAMPAIGN_BLOCK as B,
  CAMPAIGNS,
  CONTACTS_BLOCK,
  CAMPAIGN_INPUT as I,
} from "../../../src/slack/features/campaigns/ids.js";
import { testDatabases } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { field, type StateValues, stateValues } from "../../helpers/slack-requests.js";

// `/cx campaigns` and `/cx contacts` end to end (the real Bolt app, signed requests, a fake
// Slack, a real database), and the scheduler's tick sending a campaign's check-ins as DMs.

const DAY = 24 * 60 * 60 * 1000;
const NOW = new Date("2026-03-25T12:00:00Z");
const ADMIN = "UADMIN";
const MANAGER = "UMGR";
const EMPLOYEE = "UEMP";

interface ViewArg {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ block_id?: string; element?: Record<string, unknown> }>;
}
interface Message {
  text: string;
  blocks: Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>;
}

let clockNow = NOW;

async function start(db: Database) {
  clockNow = NOW;
  const h = await startSlackHarness(db, {
    env: { ROLE_ADMINS: ADMIN, ROLE_MANAGERS: MANAGER },
    clock: () => clockNow,
  });
  const ws = await workspaceForTeam(db.prisma, h.fake.teamId, {
    reportingCurrency: "EUR",
    defaultLocale: "en",
    timezone: "UTC",
  });
  return { h, ws };
}

function form(
  o: { name?: string; trigger?: string; offsets?: string; every?: string; cron?: string } = {},
): StateValues {
  return stateValues({
    [B.name]: { [I]: field.text(o.name ?? "Onboarding check-ins") },
    [B.kind]: { [I]: field.radio("csat") },
    [B.trigger]: { [I]: field.select(o.trigger ?? "after_gained") },
    [B.offsets]: { [I]: field.text(o.offsets ?? "30, 60, 90") },
    [B.every]: { [I]: field.text(o.every ?? "90") },
    [B.schedule]: { [I]: field.text(o.cron ?? null) },
    [B.timezone]: { [I]: field.text("Europe/Madrid") },
    [B.channels]: { [I]: field.conversations([]) },
    [B.users]: { [I]: field.users([]) },
    [B.mode]: { [I]: field.radio("channel") },
    [B.touchpoint]: { [I]: field.select("onboarding") },
    [B.question]: { [I]: field.text(null) },
    [B.anonymous]: { [I]: field.checkboxes([]) },
  });
}

async function openModal(h: SlackHarness, text: string, userId = ADMIN): Promise<ViewArg> {
  const before = h.fake.callsTo("views.open").length;
  const res = await h.slack.command({ command: "/cx", text, user_id: userId });
  expect(res.status).toBe(200);
  const call = await h.fake.waitFor("views.open", () => h.fake.callsTo("views.open").length > before);
  return call.args.view as ViewArg;
}

async function submit(h: SlackHarness, view: ViewArg, values: StateValues, userId = ADMIN) {
  const res = await h.slack.viewSubmission({
    callbackId: view.callback_id,
    privateMetadata: view.private_metadata,
    userId,
    values,
  });
  expect(res.status).toBe(200);
  return res.json as { response_action?: string; errors?: Record<string, string> } | undefined;
}

async function list(h: SlackHarness, userId = ADMIN): Promise<Message> {
  const res = await h.slack.command({ command: "/cx", text: "campaigns", user_id: userId });
  expect(res.status).toBe(200);
  return res.json as Message;
}

async function click(h: SlackHarness, actionId: string, value: string) {
  const url = h.fake.responseUrl();
  const res = await h.slack.blockAction({ actionId, value, userId: ADMIN, responseUrl: url });
  expect(res.status).toBe(200);
  return (await h.fake.waitForResponse((r) => r.url === url)).body as unknown as Message;
}

describe.each(testDatabases())("survey campaigns from Slack on $name", ({ open }) => {
  let h: SlackHarness;
  let ws: Workspace;
  beforeEach(async () => {
    ({ h, ws } = await start(await open()));
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  it("an admin adds a campaign (bad input stores nothing), pauses, resumes and removes it", async () => {
    const view = await openModal(h, "campaigns add");
    expect(view.callback_id).toBe(CAMPAIGNS.modal);

    const bad = await submit(h, view, form({ name: "", offsets: "30, sixty" }));
    expect(bad?.response_action).toBe("errors");
    expect(bad?.errors?.[B.name]).toBe("Give the campaign a name.");
    expect(bad?.errors?.[B.offsets]).toContain("whole days between 1 and 730");
    const badCron = await submit(h, view, form({ trigger: "recurring", cron: "0 10 * *" }));
    expect(badCron?.errors?.[B.schedule]).toContain("has 4");
    expect(badCron?.errors?.[B.channels]).toBe("Choose at least one channel or person to ask.");
    expect(await h.db.prisma.surveyCampaign.count()).toBe(0);

    expect(await submit(h, view, form())).toBeUndefined();
    const stored = await h.db.prisma.surveyCampaign.findFirstOrThrow();
    expect(stored).toMatchObject({
      workspaceId: ws.id,
      name: "Onboarding check-ins",
      kind: "csat",
      trigger: "after_gained",
      offsetsDays: [30, 60, 90],
      touchpoint: "onboarding",
      question: null,
      paused: false,
      createdBy: ADMIN,
      createdAt: NOW,
    });
    const dup = await submit(h, view, form({ name: "onboarding CHECK-INS" }));
    expect(dup?.errors?.[B.name]).toContain("already a campaign called “Onboarding check-ins”");

    const shown = await list(h);
    expect(shown.text).toContain(
      "Onboarding check-ins: CSAT · Onboarding · to the customer's contacts 30, 60, 90 days",
    );
    const paused = await click(h, CAMPAIGNS.pause, stored.id);
    expect(paused.text).toContain("Paused *Onboarding check-ins*");
    expect((await h.db.prisma.surveyCampaign.findFirstOrThrow()).paused).toBe(true);
    await click(h, CAMPAIGNS.resume, stored.id);
    expect((await h.db.prisma.surveyCampaign.findFirstOrThrow()).paused).toBe(false);
    const removed = await click(h, CAMPAIGNS.remove, stored.id);
    expect(removed.text).toContain("Removed *Onboarding check-ins*");
    expect(await h.db.prisma.surveyCampaign.count()).toBe(0);
    const actions = await h.db.prisma.auditEvent.findMany({
      where: { action: { startsWith: "campaign." } },
      orderBy: { id: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "campaign.added",
      "campaign.paused",
      "campaign.resumed",
      "campaign.removed",
    ]);
  });

  it("refuses non-admins: the command, a forged submission and a forged click", async () => {
    const res = await h.slack.command({ command: "/cx", text: "campaigns add", user_id: MANAGER });
    expect((res.json as { text: string }).text).toContain("needs the admin role");
    const view = await openModal(h, "campaigns add");
    const forged = await submit(h, view, form(), MANAGER);
    expect(forged?.errors?.[B.name]).toContain("needs the admin role");
    expect(await h.db.prisma.surveyCampaign.count()).toBe(0);

    await submit(h, view, form());
    const id = (await h.db.prisma.surveyCampaign.findFirstOrThrow()).id;
    const url = h.fake.responseUrl();
    await h.slack.blockAction({ actionId: CAMPAIGNS.remove, value: id, userId: EMPLOYEE, responseUrl: url });
    const reply = await h.fake.waitForResponse((r) => r.url === url);
    expect(JSON.stringify(reply.body)).toContain("needs the admin role");
    expect(await h.db.prisma.surveyCampaign.count()).toBe(1);
  });

  it("a manager links contacts, and the scheduler's tick sends the 30-day check-in to them once", async () => {
    const segment = await h.db.prisma.segment.create({
      data: { workspaceId: ws.id, key: "smb", name: "SMB" },
    });
    const acme = await h.db.prisma.customer.create({
      data: {
        workspaceId: ws.id,
        externalId: "acme-1",
        name: "Acme Corp",
        segmentId: segment.id,
        status: "active",
      },
    });
    await h.db.prisma.customerMovement.create({
      data: {
        workspaceId: ws.id,
        customerId: acme.id,
        segmentId: segment.id,
        type: "gained",
        occurredAt: new Date(NOW.getTime() - 30 * DAY - 3_600_000),
        value: "1200",
        currency: "EUR",
        source: "slack",
        idempotencyKey: "slack:acme",
        contentHash: "acme",
        statusAfter: "active",
        valueAfter: "1200",
      },
    });

    const refused = await h.slack.command({ command: "/cx", text: "contacts Acme Corp", user_id: EMPLOYEE });
    expect((refused.json as { text: string }).text).toContain("needs the manager role");
    const missing = await h.slack.command({ command: "/cx", text: "contacts Globex", user_id: MANAGER });
    expect((missing.json as { text: string }).text).toBe("No customer matches “Globex”.");

    const view = await openModal(h, "contacts acme corp", MANAGER);
    expect(view.callback_id).toBe(CAMPAIGNS.contactsModal);
    const saved = await submit(
      h,
      view,
      stateValues({ [CONTACTS_BLOCK.users]: { [I]: field.users(["UCUST1", "UCUST2"]) } }),
      MANAGER,
    );
    expect(saved).toBeUndefined();
    const contacts = await h.db.prisma.customerContact.findMany({ orderBy: { slackUserId: "asc" } });
    expect(contacts.map((c) => c.slackUserId)).toEqual(["UCUST1", "UCUST2"]);

    // The admin sets up the campaign; the scheduler (as npm start runs it) does the rest.
    await submit(h, await openModal(h, "campaigns add"), form());
    const lines: string[] = [];
    const scheduler = startDigestDelivery(h.app.app.client, h.app.deps, {
      log: (line) => lines.push(line),
      runAtStart: false,
    });
    try {
      clockNow = new Date(NOW.getTime() + 60_000);
      await scheduler.tick();
      await scheduler.tick();
    } finally {
      await scheduler.stop();
    }
    const dms = h.fake
      .callsTo("chat.postMessage")
      .filter((c) => String(c.args.channel).startsWith("UCUST"))
      .map((c) => String(c.args.channel))
      .sort();
    expect(dms).toEqual(["UCUST1", "UCUST2"]);
    const survey = await h.db.prisma.survey.findFirstOrThrow({ where: { campaignId: { not: null } } });
    expect(survey).toMatchObject({ customerId: acme.id, kind: "csat", touchpoint: "onboarding" });
    expect(lines.filter((l) => l.startsWith("campaigns:"))).toEqual([
      "campaigns: Onboarding check-ins: 1 surveys, 2 asked, 0 throttled, 0 failed",
    ]);
  });
});
