import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, fromPostgresUrl } from "../../src/data/database.js";
import { runDueCampaigns } from "../../src/services/run-due-campaigns.js";
import type { OutgoingSurvey, SurveyOutbox } from "../../src/services/send-survey.js";
import { testDatabases } from "../helpers/db.js";
import { databaseUrl } from "../helpers/postgres-admin.js";

// Moments of truth on the real database: a campaign's check-ins go to the contacts of the
// customers gained 30 days ago, once, however often and from however many instances the
// scheduler runs; fatigue throttling spares whoever was asked lately.

const DAY = 24 * 60 * 60 * 1000;
const GAINED = new Date("2026-02-01T10:00:00Z");
const DUE_30 = new Date(GAINED.getTime() + 30 * DAY);
const NOW = new Date(DUE_30.getTime() + 60 * 60_000);

function recordingOutbox() {
  const posts: Array<{ to: string; survey: OutgoingSurvey }> = [];
  const outbox: SurveyOutbox = {
    channelMembers: async () => ({ ok: true, value: [] }),
    usergroupMembers: async () => ({ ok: true, value: [] }),
    localeOf: async () => "en",
    post: async (to, survey) => {
      const id = to.kind === "dm" ? to.userId : to.channelId;
      posts.push({ to: id, survey });
      return {
        ok: true,
        value: { channelId: `D${id}`, ts: `1700000000.${String(posts.length).padStart(6, "0")}` },
      };
    },
  };
  return { outbox, posts };
}

const deliver = { throttleDays: 30, anonymousSecret: "test-secret-test-secret" };

describe.each(testDatabases())("survey campaigns on $name", ({ name, open }) => {
  let db: Database;
  let workspaceId: string;
  let segmentId: string;

  beforeEach(async () => {
    db = await open();
    workspaceId = (await db.prisma.workspace.create({ data: { name: "Acme" } })).id;
    segmentId = (await db.prisma.segment.create({ data: { workspaceId, key: "smb", name: "SMB" } })).id;
  });
  afterEach(() => db.close());

  async function customer(externalId: string, opts: { gainedAt?: Date; status?: "active" | "lost" } = {}) {
    const c = await db.prisma.customer.create({
      data: {
        workspaceId,
        externalId,
        name: `Customer ${externalId}`,
        segmentId,
        status: opts.status ?? "active",
      },
    });
    await db.prisma.customerMovement.create({
      data: {
        workspaceId,
        customerId: c.id,
        segmentId,
        type: "gained",
        occurredAt: opts.gainedAt ?? GAINED,
        value: "1000",
        currency: "EUR",
        source: "cli",
        idempotencyKey: `cli:${externalId}`,
        contentHash: externalId,
        statusAfter: "active",
        valueAfter: "1000",
      },
    });
    return c.id;
  }

  const contact = (customerId: string, slackUserId: string) =>
    db.prisma.customerContact.create({ data: { workspaceId, customerId, slackUserId, addedBy: "UADMIN" } });

  const campaign = (data: { paused?: boolean } = {}) =>
    db.prisma.surveyCampaign.create({
      data: {
        workspaceId,
        name: "Check-ins",
        kind: "csat",
        trigger: "after_gained",
        offsetsDays: [30, 60, 90],
        touchpoint: "onboarding",
        createdBy: "UADMIN",
        createdAt: new Date("2026-01-01T00:00:00Z"),
        paused: data.paused ?? false,
      },
    });

  it("sends the 30-day check-in to each contact once; a second tick sends nothing", async () => {
    const acme = await customer("acme");
    await contact(acme, "UC1");
    await contact(acme, "UC2");
    const c = await campaign();
    const { outbox, posts } = recordingOutbox();

    const first = await runDueCampaigns({ db: db.prisma, now: NOW, outbox, deliver });
    expect(first.campaigns).toMatchObject([{ name: "Check-ins", created: 1, sent: 2, throttled: 0 }]);
    expect(posts.map((p) => p.to).sort()).toEqual(["UC1", "UC2"]);
    const survey = await db.prisma.survey.findFirstOrThrow({ where: { campaignId: c.id } });
    expect(survey).toMatchObject({ customerId: acme, segmentId, kind: "csat", touchpoint: "onboarding" });
    expect(survey.question).toBe("How satisfied are you with our service?");

    const second = await runDueCampaigns({
      db: db.prisma,
      now: new Date(NOW.getTime() + 60_000),
      outbox,
      deliver,
    });
    expect(second.campaigns).toEqual([]);
    expect(posts).toHaveLength(2);
    expect(await db.prisma.survey.count()).toBe(1);
  });

  it("spares a contact asked the same kind lately (fatigue throttling) and says so", async () => {
    const acme = await customer("acme");
    await contact(acme, "UC1");
    await contact(acme, "UTIRED");
    const earlier = await db.prisma.survey.create({
      data: { workspaceId, kind: "csat", question: "Q?", touchpoint: "product", audience: {} },
    });
    await db.prisma.surveyDelivery.create({
      data: {
        workspaceId,
        surveyId: earlier.id,
        kind: "csat",
        recipientSlackId: "UTIRED",
        status: "sent",
        sentAt: new Date(NOW.getTime() - 5 * DAY),
      },
    });
    await campaign();
    const { outbox, posts } = recordingOutbox();
    const run = await runDueCampaigns({ db: db.prisma, now: NOW, outbox, deliver });
    expect(run.campaigns).toMatchObject([{ created: 1, sent: 1, throttled: 1 }]);
    expect(posts.map((p) => p.to)).toEqual(["UC1"]);
    const skipped = await db.prisma.surveyDelivery.findFirstOrThrow({
      where: { recipientSlackId: "UTIRED", status: "skipped" },
    });
    expect(skipped.skipReason).toMatch(/^throttled/);
  });

  it("asks nobody at a lost customer or at one gained too long ago, nor for a paused campaign", async () => {
    const lost = await customer("gone", { status: "lost" });
    await contact(lost, "UL1");
    const old = await customer("old", { gainedAt: new Date("2025-06-01T00:00:00Z") });
    await contact(old, "UO1");
    await campaign();
    const { outbox, posts } = recordingOutbox();
    expect((await runDueCampaigns({ db: db.prisma, now: NOW, outbox, deliver })).campaigns).toEqual([]);
    await db.prisma.surveyCampaign.updateMany({ data: { paused: true } });
    const acme = await customer("acme");
    await contact(acme, "UC1");
    expect((await runDueCampaigns({ db: db.prisma, now: NOW, outbox, deliver })).campaigns).toEqual([]);
    expect(posts).toEqual([]);
  });

  it("reports once a customer whose check-in fell due with nobody to ask", async () => {
    await customer("lonely");
    await campaign();
    const { outbox, posts } = recordingOutbox();
    const first = await runDueCampaigns({ db: db.prisma, now: NOW, outbox, deliver });
    expect(first.campaigns).toMatchObject([{ created: 1, sent: 0, noContacts: ["Customer lonely"] }]);
    expect((await runDueCampaigns({ db: db.prisma, now: NOW, outbox, deliver })).campaigns).toEqual([]);
    expect(posts).toEqual([]);
  });

  it("sends a relationship NPS to each contact on its slot, and a recurring pulse to its audience", async () => {
    const acme = await customer("acme");
    await contact(acme, "UC1");
    await db.prisma.customerContact.updateMany({ data: { createdAt: new Date("2025-01-01T00:00:00Z") } });
    await db.prisma.surveyCampaign.create({
      data: {
        workspaceId,
        name: "Relationship",
        kind: "nps",
        trigger: "relationship",
        everyDays: 1,
        touchpoint: "relationship",
        createdBy: "UADMIN",
        createdAt: new Date(NOW.getTime() - 2 * DAY),
      },
    });
    await db.prisma.surveyCampaign.create({
      data: {
        workspaceId,
        name: "Team pulse",
        kind: "ces",
        trigger: "recurring",
        schedule: "0 * * * *",
        timezone: "Europe/Madrid",
        audience: { channels: [], users: ["UTEAM"], usergroup: null, mode: "dm" },
        touchpoint: "support",
        createdBy: "UADMIN",
        createdAt: new Date(NOW.getTime() - 2 * DAY),
      },
    });
    const { outbox, posts } = recordingOutbox();
    const run = await runDueCampaigns({ db: db.prisma, now: NOW, outbox, deliver });
    expect(run.campaigns.map((c) => [c.name, c.created, c.sent]).sort()).toEqual([
      ["Relationship", 1, 1],
      ["Team pulse", 1, 1],
    ]);
    expect(posts.map((p) => [p.to, p.survey.survey.kind]).sort()).toEqual([
      ["UC1", "nps"],
      ["UTEAM", "ces"],
    ]);
  });

  it.runIf(name === "postgres")("two instances at once create and send each survey once", async () => {
    const acme = await customer("acme");
    await contact(acme, "UC1");
    const beta = await customer("beta");
    await contact(beta, "UC2");
    await campaign();
    const [row] = await db.prisma.$queryRaw<Array<{ name: string }>>`SELECT current_database() AS name`;
    const url = databaseUrl(process.env.TEST_DATABASE_URL as string, row?.name as string);
    const others = [fromPostgresUrl(url), fromPostgresUrl(url), fromPostgresUrl(url)];
    try {
      const { outbox, posts } = recordingOutbox();
      const runs = await Promise.all(
        [db, ...others].map((d) => runDueCampaigns({ db: d.prisma, now: NOW, outbox, deliver })),
      );
      const created = runs.flatMap((r) => r.campaigns).reduce((n, c) => n + c.created, 0);
      expect(created).toBe(2);
      expect(posts.map((p) => p.to).sort()).toEqual(["UC1", "UC2"]);
      expect(await db.prisma.survey.count()).toBe(2);
    } finally {
      await Promise.all(others.map((d) => d.close()));
    }
  });
});
