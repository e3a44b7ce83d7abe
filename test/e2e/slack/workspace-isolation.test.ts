import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { createApiRouter } from "../../../src/http/api.js";
import { type ApiServer, startApiServer } from "../../../src/http/server.js";
import { createApiToken } from "../../../src/services/api-tokens.js";
import { startDigestDelivery } from "../../../src/slack/digest-delivery.js";
import { DIGEST } from "../../../src/slack/features/digest/ids.js";
import { FOLLOW_UP } from "../../../src/slack/features/follow-ups/ids.js";
import { MEETINGS } from "../../../src/slack/features/meetings/ids.js";
import { SURVEY, SURVEY_BLOCK } from "../../../src/slack/features/surveys/ids.js";
import { LOOKUP, VOICE } from "../../../src/slack/kit/ids.js";
import { installationClients } from "../../../src/slack/workspace-clients.js";
import { testDatabases } from "../../helpers/db.js";
import { FAST_RETRIES, type RecordedCall } from "../../helpers/fake-slack.js";
import { type OAuthHarness, startOAuthHarness } from "../../helpers/oauth-app.js";
import { appHomeOpened, type SlackHttpClient } from "../../helpers/slack-requests.js";

// Two workspaces installed through the real OAuth flow share one app and one database. Everything
// workspace A's people can do is tried, including buttons that carry workspace B's ids: nothing of
// B may be shown, changed, or posted with the wrong token, and B's rows stay as they were.

// Monday 2026-03-30 08:01 UTC: both meetings' digests (Mondays 09:00 UTC, one hour ahead) are due.
const NOW = new Date("2026-03-30T08:01:00Z");
const A = { teamId: "TALPHA", teamName: "Alpha Co", botUserId: "UBOTA", installerUserId: "UADMA" };
const B = { teamId: "TBRAVO", teamName: "Bravo Co", botUserId: "UBOTB", installerUserId: "UADMB" };
// Whatever of B's might leak is named so a search of rendered text finds it.
const B_WORDS = ["Bravo", "BRAVO", "bravo"];

const json = (res: { json: unknown }) => JSON.stringify(res.json ?? null);
const leaksB = (text: string) => B_WORDS.filter((w) => text.includes(w));

describe.each(testDatabases())("two installed workspaces on $name", ({ open }) => {
  let db: Database;
  let h: OAuthHarness;
  let api: ApiServer;
  let tokenA = "";
  let tokenB = "";
  let slackA: SlackHttpClient;
  const ws = { a: "", b: "" };
  const b = {
    surveyId: "",
    alertId: "",
    actionId: "",
    meetingId: "",
    noteId: "",
    apiSecret: "",
    segmentId: "",
    customerId: "",
  };
  let apiSecretA = "";

  const snapshotB = async () => ({
    customers: await db.prisma.customer.findMany({ where: { workspaceId: ws.b }, orderBy: { id: "asc" } }),
    movements: await db.prisma.customerMovement.count({ where: { workspaceId: ws.b } }),
    responses: await db.prisma.surveyResponse.findMany({
      where: { workspaceId: ws.b },
      orderBy: { id: "asc" },
    }),
    alerts: await db.prisma.alert.findMany({ where: { workspaceId: ws.b } }),
    followUps: await db.prisma.followUp.findMany({ where: { workspaceId: ws.b } }),
    meetings: await db.prisma.meeting.findMany({ where: { workspaceId: ws.b } }),
    notes: await db.prisma.voiceNote.findMany({ where: { workspaceId: ws.b } }),
    tokens: await db.prisma.apiToken.findMany({ where: { workspaceId: ws.b } }),
    audit: await db.prisma.auditEvent.count({ where: { workspaceId: ws.b } }),
  });
  let bBefore: Awaited<ReturnType<typeof snapshotB>>;

  const post = (path: string, secret: string, body: unknown) =>
    fetch(`http://127.0.0.1:${api.port}${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
      body: JSON.stringify(body),
    });

  /** Every Web API call since `from` must have used `token`. */
  const expectOnlyToken = (from: number, token: string) => {
    const calls = h.fake.calls.slice(from);
    expect(calls.length).toBeGreaterThan(0);
    expect(calls.filter((c) => c.token !== token).map((c) => `${c.method} with ${c.token}`)).toEqual([]);
    for (const c of calls) expect(leaksB(JSON.stringify(c.args)), c.method).toEqual([]);
  };

  beforeAll(async () => {
    db = await open();
    h = await startOAuthHarness(db, {
      clock: () => NOW,
      env: { ROLE_ADMINS: "UADMA,UADMB", ROLE_EXECUTIVES: "UEXA,UEXB", ROLE_MANAGERS: "UMGA,UMGB" },
    });
    const installedA = await h.install(A);
    const installedB = await h.install(B);
    expect([installedA.status, installedB.status]).toEqual([200, 200]);
    tokenA = installedA.token;
    tokenB = installedB.token;
    expect(tokenA).not.toBe(tokenB);
    ws.a = (await db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: A.teamId } })).id;
    ws.b = (await db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: B.teamId } })).id;
    slackA = h.slackFor(A.teamId);

    // Ledger data and answers through each workspace's own API token.
    api = await startApiServer(
      createApiRouter({ db, maxBodyBytes: 1 << 20, rateLimitPerMinute: 1000, clock: () => NOW }),
      0,
      "127.0.0.1",
    );
    apiSecretA = (await createApiToken(db.prisma, { workspaceId: ws.a, name: "crm", createdBy: "UADMA" }))
      .secret;
    b.apiSecret = (
      await createApiToken(db.prisma, { workspaceId: ws.b, name: "crm", createdBy: "UADMB" })
    ).secret;
    const movements = (prefix: string, name: string, segment: string) => ({
      items: [
        {
          id: `${prefix}-1`,
          occurred_at: "2026-03-10",
          customer_id: `${prefix}-c1`,
          customer_name: `${name} One`,
          segment,
          type: "gained",
          value: 1200,
          reason: "referral",
        },
        {
          id: `${prefix}-2`,
          occurred_at: "2026-03-12",
          customer_id: `${prefix}-c2`,
          customer_name: `${name} Two`,
          segment,
          type: "gained",
          value: 800,
          reason: "partner",
        },
        {
          id: `${prefix}-3`,
          occurred_at: "2026-03-20",
          customer_id: `${prefix}-c2`,
          customer_name: `${name} Two`,
          segment,
          type: "lost",
          value: 800,
          reason: "price",
        },
      ],
    });
    expect(
      (await post("/api/v1/movements", apiSecretA, movements("a", "Alpha Anvils", "Alpha Segment"))).status,
    ).toBe(201);
    expect(
      (await post("/api/v1/movements", b.apiSecret, movements("b", "Bravo Bakery", "Bravo Segment"))).status,
    ).toBe(201);
    const answers = (customer: string, comment: string) => ({
      items: [
        { responded_at: "2026-03-15", kind: "nps", score: 3, customer_id: customer, comment },
        {
          responded_at: "2026-03-16",
          kind: "nps",
          score: 10,
          customer_id: customer,
          comment: `${comment} again`,
        },
      ],
    });
    expect((await post("/api/v1/responses", apiSecretA, answers("a-c1", "Alpha says slow"))).status).toBe(
      201,
    );
    expect((await post("/api/v1/responses", b.apiSecret, answers("b-c1", "Bravo says pricey"))).status).toBe(
      201,
    );

    // B: a survey with an answer and its open alert, a note, an open action and a meeting.
    const bCustomer = await db.prisma.customer.findFirstOrThrow({
      where: { workspaceId: ws.b, externalId: "b-c1" },
    });
    b.customerId = bCustomer.id;
    b.segmentId = bCustomer.segmentId;
    const survey = await db.prisma.survey.create({
      data: {
        workspaceId: ws.b,
        kind: "nps",
        question: "Bravo question?",
        touchpoint: "relationship",
        audience: {},
        customerId: bCustomer.id,
        createdBySlackUser: "UMGB",
      },
    });
    b.surveyId = survey.id;
    const response = await db.prisma.surveyResponse.create({
      data: {
        workspaceId: ws.b,
        surveyId: survey.id,
        kind: "nps",
        score: 2,
        customerId: bCustomer.id,
        respondentSlackId: "UBUSER",
        respondedAt: new Date("2026-03-18T10:00:00Z"),
        source: "slack",
        idempotencyKey: `slack:survey:${survey.id}:UBUSER`,
        contentHash: "x",
        comment: "Bravo is unhappy",
      },
    });
    b.alertId = (
      await db.prisma.alert.create({
        data: { workspaceId: ws.b, responseId: response.id, customerId: bCustomer.id },
      })
    ).id;
    b.noteId = (
      await db.prisma.voiceNote.create({
        data: {
          workspaceId: ws.b,
          source: "customer",
          text: "Bravo note: they want invoices",
          authorSlackId: "UBUSER",
          idempotencyKey: "n1",
          createdAt: new Date("2026-03-19T10:00:00Z"),
        },
      })
    ).id;
    b.actionId = (
      await db.prisma.followUp.create({
        data: {
          workspaceId: ws.b,
          kind: "action",
          subjectType: "reason",
          subjectId: "price",
          title: "Bravo pricing review",
          ownerSlackId: "UEXB",
          createdBy: "UEXB",
          idempotencyKey: "f1",
        },
      })
    ).id;
    const meeting = (workspaceId: string, name: string, channelId: string) =>
      db.prisma.meeting.create({
        data: {
          workspaceId,
          name,
          channelId,
          schedule: "0 9 * * 1",
          timezone: "UTC",
          leadMinutes: 60,
          locale: "en",
          periodDays: 28,
          createdAt: new Date("2026-03-01T00:00:00Z"),
        },
      });
    await meeting(ws.a, "Alpha weekly", "CALPHA");
    b.meetingId = (await meeting(ws.b, "Bravo weekly", "CBRAVO")).id;
    bBefore = await snapshotB();
    h.fake.reset();
  });

  afterAll(async () => {
    await api?.close();
    await h?.stop();
    await db?.close();
  });

  it("shows A's people only A's numbers: /cx stats, /cx digest preview, the customer lookup", async () => {
    const from = h.fake.calls.length;
    const stats = await slackA.command({
      command: "/cx",
      text: "stats 2026-03-01..2026-03-29",
      user_id: "UMGA",
      team_id: A.teamId,
    });
    expect(stats.status).toBe(200);
    expect(json(stats)).toContain("Alpha Segment");
    expect(leaksB(json(stats))).toEqual([]);

    const preview = await slackA.command({
      command: "/cx",
      text: "digest preview",
      user_id: "UEXA",
      team_id: A.teamId,
    });
    expect(preview.status).toBe(200);
    expect(json(preview)).toContain("Did we earn the right to grow?");
    expect(leaksB(json(preview))).toEqual([]);

    for (const query of ["Bravo", "b-c1", "Bakery"]) {
      const found = await slackA.options({
        actionId: LOOKUP.customer,
        blockId: "b",
        value: query,
        userId: "UMGA",
        teamId: A.teamId,
      });
      expect(found.status).toBe(200);
      expect((found.json as { options: unknown[] }).options).toEqual([]);
    }
    const own = await slackA.options({
      actionId: LOOKUP.customer,
      blockId: "b",
      value: "Alpha",
      userId: "UMGA",
      teamId: A.teamId,
    });
    expect(json(own)).toContain("Alpha Anvils One");
    await h.fake.waitForQuiet();
    expectOnlyToken(from, tokenA);
  });

  it("publishes A's Home tab with A's token and nothing of B", async () => {
    const from = h.fake.calls.length;
    expect((await slackA.event(appHomeOpened({ userId: "UEXA" }))).status).toBe(200);
    const publish = await h.fake.waitFor("views.publish", (c) => h.fake.calls.indexOf(c) >= from);
    expect(publish.token).toBe(tokenA);
    expect(leaksB(JSON.stringify(publish.args.view))).toEqual([]);
    await h.fake.waitForQuiet();
    expectOnlyToken(from, tokenA);
  });

  it("ignores buttons from A that carry B's ids: survey answers, alerts, follow-ups, meetings", async () => {
    const from = h.fake.calls.length;
    const clicks: Array<Promise<{ status: number }>> = [];
    const click = (actionId: string, value: string, userId: string, extra: Record<string, unknown> = {}) =>
      slackA.blockAction({
        actionId,
        value,
        userId,
        teamId: A.teamId,
        channel: "CALPHA",
        message: { ts: "1700000000.000100" },
        ...extra,
      });

    // A score on B's survey.
    clicks.push(
      click(
        `${SURVEY.answerPrefix}9`,
        JSON.stringify({ v: 1, s: b.surveyId, k: "nps", n: 9, m: "c" }),
        "UEMPA",
        { blockId: SURVEY_BLOCK.scoresHigh },
      ),
    );
    clicks.push(click(SURVEY.why, JSON.stringify({ v: 1, s: b.surveyId, k: "nps", n: 9, m: "c" }), "UEMPA"));
    // B's alert, acknowledged and actioned by A's admin.
    clicks.push(click(SURVEY.alertAcknowledge, b.alertId, "UADMA"));
    clicks.push(click(SURVEY.alertActioned, b.alertId, "UADMA"));
    // B's open action closed from A's digest menu; B's note marked discussed.
    clicks.push(
      slackA.blockAction({
        actionId: FOLLOW_UP.actionMenu,
        type: "overflow",
        selectedOption: JSON.stringify({ o: "done", i: b.actionId }),
        userId: "UEXA",
        teamId: A.teamId,
        channel: "CALPHA",
        message: { ts: "1700000000.000100" },
      }),
    );
    clicks.push(
      slackA.blockAction({
        actionId: FOLLOW_UP.subjectMenu,
        type: "overflow",
        selectedOption: JSON.stringify({ o: "d", t: "note", i: b.noteId, m: b.meetingId, p: "2026-03-02" }),
        userId: "UEXA",
        teamId: A.teamId,
        channel: "CALPHA",
        message: { ts: "1700000000.000100" },
      }),
    );
    // B's meeting paused and removed by A's admin.
    clicks.push(click(MEETINGS.pause, b.meetingId, "UADMA"));
    clicks.push(click(MEETINGS.remove, b.meetingId, "UADMA"));
    // B's meeting opened for editing (its name and channel would show in the form).
    clicks.push(click(MEETINGS.edit, b.meetingId, "UADMA", { triggerId: "1.2.edit" }));
    // B's note triaged from A.
    clicks.push(click(VOICE.markDiscussed, b.noteId, "UEXA"));
    clicks.push(click(VOICE.markActioned, b.noteId, "UEXA"));
    // "Why did this change?" on B's segment.
    clicks.push(
      click(
        `${DIGEST.why}:0`,
        JSON.stringify({ s: b.segmentId, f: "2026-03-02T00:00:00.000Z", t: "2026-03-30T00:00:00.000Z" }),
        "UEXA",
      ),
    );
    for (const res of await Promise.all(clicks)) expect(res.status).toBe(200);
    // B's customer, by its id and its name, in /cx contacts.
    for (const text of ["contacts b-c1", "contacts Bravo Bakery One", `contacts ${b.customerId}`]) {
      const res = await slackA.command({ command: "/cx", text, user_id: "UMGA", team_id: A.teamId });
      expect(res.status).toBe(200);
      // Only A's own words come back: nothing of B's customer is found.
      expect((res.json as { text: string }).text).toBe(
        `No customer matches “${text.slice("contacts ".length)}”.`,
      );
    }
    await h.fake.waitForQuiet(200);

    expect(await snapshotB()).toEqual(bBefore);
    const replies = h.fake.responses.map((r) => JSON.stringify(r.body)).join("\n");
    expect(leaksB(replies)).toEqual([]);
    if (h.fake.calls.length > from) expectOnlyToken(from, tokenA);
  });

  it("writes what A's API token sends into A only; B's token cannot be mistaken for A's", async () => {
    const res = await post("/api/v1/movements", apiSecretA, {
      id: "a-9",
      occurred_at: "2026-03-25",
      customer_id: "b-c1",
      // A's own customer (so later digests of A may show it): its name must not carry B's words.
      customer_name: "Alpha's own customer with the other workspace's id",
      segment: "Alpha Segment",
      type: "gained",
      value: 10,
    });
    expect(res.status).toBe(201);
    const inA = await db.prisma.customer.findFirstOrThrow({
      where: { workspaceId: ws.a, externalId: "b-c1" },
    });
    expect(inA.name).toBe("Alpha's own customer with the other workspace's id");
    expect(await snapshotB()).toEqual(bBefore);
    // B's movement id reused with A's token is A's own, new key, not a conflict with B's.
    const reused = await post("/api/v1/movements", apiSecretA, {
      id: "b-1",
      occurred_at: "2026-03-26",
      customer_id: "a-new",
      customer_name: "Alpha New",
      segment: "Alpha Segment",
      type: "gained",
      value: 5,
    });
    expect(reused.status).toBe(201);
    expect(await snapshotB()).toEqual(bBefore);
  });

  it("posts each meeting's scheduled digest with its own workspace's token and data", async () => {
    const logs: string[] = [];
    const store = h.app.installations;
    if (!store) throw new Error("expected the OAuth installation store");
    const scheduler = startDigestDelivery(
      installationClients({
        store,
        clientOptions: { slackApiUrl: h.fake.url, retryConfig: FAST_RETRIES },
        log: (l) => logs.push(l),
      }),
      h.app.deps,
      { log: (l) => logs.push(l), runAtStart: false },
    );
    try {
      const from = h.fake.calls.length;
      expect(await scheduler.tick()).toMatchObject({ posted: 2, failed: 0, errors: [] });
      await h.fake.waitForQuiet();
      const calls = h.fake.calls.slice(from);
      const toA = calls.filter(
        (c) => c.args.channel === "CALPHA" || (c.method.startsWith("files.") && c.token === tokenA),
      );
      const toB = calls.filter((c) => c.args.channel === "CBRAVO");
      expect(toA.length).toBeGreaterThan(0);
      expect(toB.length).toBeGreaterThan(0);
      for (const c of toA) {
        expect(c.token, c.method).toBe(tokenA);
        expect(leaksB(JSON.stringify(c.args)), c.method).toEqual([]);
      }
      for (const c of toB) expect(c.token, c.method).toBe(tokenB);
      const aMain = toA.find(
        (c: RecordedCall) => c.method === "chat.postMessage" && c.args.thread_ts === undefined,
      );
      expect(JSON.stringify(aMain?.args)).toContain("Alpha weekly");
      // Every call of this tick went out with one of the two installations' tokens.
      expect(calls.filter((c) => c.token !== tokenA && c.token !== tokenB)).toEqual([]);
    } finally {
      await scheduler.stop();
    }
  });

  it("skips an uninstalled workspace's digests and refuses its requests, keeping its data", async () => {
    expect((await h.slackFor(B.teamId).event({ type: "app_uninstalled" })).status).toBe(200);
    await expect.poll(() => db.prisma.slackInstallation.count({ where: { workspaceId: ws.b } })).toBe(0);
    const refused = await h
      .slackFor(B.teamId)
      .command({ command: "/cx", text: "stats", user_id: "UMGB", team_id: B.teamId });
    expect(refused.status).toBe(401);
    const stranger = await h
      .slackFor("TNOBODY")
      .command({ command: "/cx", text: "help", user_id: "UX", team_id: "TNOBODY" });
    expect(stranger.status).toBe(401);

    // A meeting each, due now and never posted: B's would be attempted if it were not skipped.
    const due = (workspaceId: string, name: string, channelId: string) =>
      db.prisma.meeting.create({
        data: {
          workspaceId,
          name,
          channelId,
          schedule: "0 9 * * 1",
          timezone: "UTC",
          leadMinutes: 60,
          locale: "en",
          periodDays: 28,
          createdAt: new Date("2026-03-29T00:00:00Z"),
        },
      });
    await due(ws.a, "Alpha second", "CALPHA2");
    await due(ws.b, "Bravo second", "CBRAVO2");
    const bRuns = await db.prisma.digestRun.count({ where: { workspaceId: ws.b } });
    // And an hourly pulse survey each: B's must not even be created while B cannot be reached.
    const pulse = (workspaceId: string, user: string) =>
      db.prisma.surveyCampaign.create({
        data: {
          workspaceId,
          name: "Pulse",
          kind: "ces",
          trigger: "recurring",
          schedule: "0 * * * *",
          timezone: "UTC",
          audience: { channels: [], users: [user], usergroup: null, mode: "dm" },
          touchpoint: "support",
          createdBy: "UADMIN",
          createdAt: new Date(NOW.getTime() - 2 * 86_400_000),
        },
      });
    const pulseA = await pulse(ws.a, "UPULSEA");
    const pulseB = await pulse(ws.b, "UPULSEB");
    const logs: string[] = [];
    const store = h.app.installations;
    if (!store) throw new Error("expected the OAuth installation store");
    const scheduler = startDigestDelivery(
      installationClients({
        store,
        clientOptions: { slackApiUrl: h.fake.url, retryConfig: FAST_RETRIES },
        log: (l) => logs.push(l),
      }),
      h.app.deps,
      { log: (l) => logs.push(l), runAtStart: false },
    );
    try {
      const from = h.fake.calls.length;
      expect(await scheduler.tick()).toMatchObject({
        posted: 1,
        retrying: 0,
        failed: 0,
        missed: 0,
        errors: [],
      });
      await h.fake.waitForQuiet();
      const calls = h.fake.calls.slice(from);
      expect(calls.filter((c) => c.token !== tokenA)).toEqual([]);
      expect(calls.some((c) => c.args.channel === "CALPHA2")).toBe(true);
      expect(await db.prisma.digestRun.count({ where: { workspaceId: ws.b } })).toBe(bRuns);
      await expect.poll(() => db.prisma.survey.count({ where: { campaignId: pulseA.id } })).toBe(1);
      await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "UPULSEA");
      await h.fake.waitForQuiet();
      expect(h.fake.calls.slice(from).filter((c) => c.token !== tokenA)).toEqual([]);
      expect(await db.prisma.survey.count({ where: { campaignId: pulseB.id } })).toBe(0);
      expect(logs.filter((l) => l.includes(ws.b) && l.includes("no installation"))).toHaveLength(1);
    } finally {
      await scheduler.stop();
    }
    expect(await db.prisma.customer.count({ where: { workspaceId: ws.b } })).toBe(bBefore.customers.length);
  });
});
