import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/env.js";
import type { Database } from "../../../src/data/database.js";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { digestDeliveryTexts } from "../../../src/i18n/digest-delivery.js";
import { createHealthChecks } from "../../../src/services/check-health.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { type RunDueDigestsOptions, runDueDigests } from "../../../src/services/run-due-digests.js";
import { createSlackApp } from "../../../src/slack/app.js";
import { createDigestAdminAlerts } from "../../../src/slack/digest-admin-alerts.js";
import { createPostDigest, DIGEST_EVENT_TYPE } from "../../../src/slack/digest-poster.js";
import { allFeatures } from "../../../src/slack/features/index.js";
import { slackHealthFor } from "../../../src/slack/health.js";
import { createDirectory } from "../../../src/slack/kit/directory.js";
import { createPostingStatus } from "../../../src/slack/posting-status.js";
import { testDatabases } from "../../helpers/db.js";
import { FAST_RETRIES, type FakeSlack, type RecordedCall, startFakeSlack } from "../../helpers/fake-slack.js";

// A configured meeting gets its digest in Slack: the real poster and admin alerts, the real
// WebClient against the fake Slack Web API, the scheduler's claims on a real database.

const fixture = (name: string) => join(import.meta.dirname, "../../fixtures", name);
const MINUTE = 60_000;
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

// Monday 30 March 2026, 09:00 in Madrid (CEST, UTC+2) is 07:00Z; 60 minutes of lead: due 06:00Z.
const OCCURRENCE = new Date("2026-03-30T07:00:00Z");
const DUE = new Date("2026-03-30T06:00:00Z");
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47]);

type Block = { type: string; text?: { text: string }; elements?: Array<{ text?: string }> };

describe.each(testDatabases())("meeting digests posted to Slack on $name", ({ open }) => {
  let fake: FakeSlack;
  let client: WebClient;
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient("xoxb-test", { slackApiUrl: fake.url, retryConfig: FAST_RETRIES });
  });
  afterAll(() => fake.close());

  beforeEach(async () => {
    db = await open();
    const workspace = await workspaceForTeam(db.prisma, fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "Europe/Madrid",
    });
    workspaceId = workspace.id;
    const opts = {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    await importCsv(db, "movements", fixture("movements.csv"), opts);
    await importCsv(db, "responses", fixture("responses.csv"), opts);
    fake.clearDirectory();
    fake.setUser("UADMIN", { is_admin: true });
    fake.setUser("UOWNER", { is_owner: true, locale: "es-ES" });
    fake.setUser("UPLAIN");
  });
  afterEach(async () => {
    await fake.waitForQuiet();
    fake.reset();
    warnings.length = 0;
    await db.close();
  });

  function meeting(data: { channelId?: string; locale?: "en" | "es"; periodDays?: number | null } = {}) {
    return db.prisma.meeting.create({
      data: {
        workspaceId,
        name: "Leadership",
        channelId: data.channelId ?? "C0LEAD",
        schedule: "0 9 * * 1",
        timezone: "Europe/Madrid",
        leadMinutes: 60,
        locale: data.locale ?? "en",
        periodDays: data.periodDays === undefined ? 28 : data.periodDays,
        createdAt: new Date("2026-03-24T00:00:00Z"),
      },
    });
  }

  const warnings: string[] = [];
  function run(now: Date, env: Record<string, string> = {}, extra: Partial<RunDueDigestsOptions> = {}) {
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: "digest-test-secret",
      ...env,
    });
    const directory = createDirectory({ roles: config.roles, defaultLocale: "en" });
    return runDueDigests({
      db: db.prisma,
      now,
      instanceId: "app-1",
      post: createPostDigest({ db, client, warn: (line) => warnings.push(line) }),
      ...createDigestAdminAlerts({ client, directory, roles: config.roles }),
      ...extra,
    });
  }

  const posts = (channel: string) =>
    fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel);
  const mains = (channel = "C0LEAD") => posts(channel).filter((c) => c.args.thread_ts === undefined);
  const replies = (ts: string) => fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts);
  const blocksOf = (call: RecordedCall) => call.args.blocks as Block[];
  const texts = (blocks: Block[]) =>
    blocks.flatMap((b) => [b.text?.text ?? "", ...(b.elements ?? []).map((e) => e.text ?? "")]);
  const runs = () => db.prisma.digestRun.findMany();

  function expectWithinSlackLimits(call: RecordedCall) {
    const blocks = blocksOf(call);
    expect(blocks.length).toBeGreaterThan(0);
    expect(blocks.length).toBeLessThanOrEqual(50);
    for (const b of blocks) if (b.type === "section") expect(b.text?.text.length).toBeLessThanOrEqual(3000);
    expect(String(call.args.text).length).toBeGreaterThan(0);
  }

  it("posts the answer, the details in its thread and the chart, once", async () => {
    await meeting();
    expect(await run(plus(DUE, -MINUTE))).toMatchObject({ posted: 0 });
    expect(fake.calls).toHaveLength(0);

    expect(await run(plus(DUE, MINUTE))).toMatchObject({ posted: 1, failed: 0, errors: [] });
    const [main, ...more] = mains();
    expect(more).toHaveLength(0);
    expect(main).toBeDefined();
    const call = main as RecordedCall;
    expectWithinSlackLimits(call);
    expect(call.args.text).toContain("Did we earn the right to grow?");
    expect(call.args.text).not.toContain("posted late");
    expect(JSON.stringify(blocksOf(call)[0])).toContain("Leadership");
    const [record] = await runs();
    expect(record).toMatchObject({ status: "posted", channelId: "C0LEAD" });
    const ts = record?.messageTs as string;
    expect(call.args.metadata).toEqual({
      event_type: DIGEST_EVENT_TYPE,
      event_payload: {
        run_id: record?.id,
        meeting_id: record?.meetingId,
        occurrence_at: OCCURRENCE.toISOString(),
      },
    });

    const thread = replies(ts);
    expect(thread.length).toBeGreaterThanOrEqual(2);
    for (const reply of thread) expectWithinSlackLimits(reply);
    expect(texts(thread.flatMap(blocksOf)).join("\n")).toContain("Trend (oldest → newest)");

    expect(fake.callsTo("files.getUploadURLExternal")).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]?.bytes.subarray(0, 4)).toEqual(PNG_SIGNATURE);
    const complete = fake.callsTo("files.completeUploadExternal");
    expect(complete).toHaveLength(1);
    expect(complete[0]?.args).toMatchObject({ channel_id: "C0LEAD", thread_ts: ts });

    const seen = fake.calls.length;
    expect(await run(plus(DUE, 10 * MINUTE))).toMatchObject({ posted: 0, failed: 0, missed: 0 });
    expect(fake.calls).toHaveLength(seen);
  });

  it("posts late in the meeting's language, for its segments, and says it is late", async () => {
    const m = await meeting({ locale: "es", periodDays: null });
    const smb = await db.prisma.segment.findFirstOrThrow({ where: { workspaceId, name: "SMB" } });
    await db.prisma.meeting.update({ where: { id: m.id }, data: { segmentIds: [smb.id] } });

    // 08:40 in Madrid: the digest was due at 08:00, the meeting is at 09:00.
    expect(await run(plus(DUE, 40 * MINUTE))).toMatchObject({ posted: 1 });
    const [main] = mains();
    expect(main?.args.text).toContain("¿Nos hemos ganado el derecho a crecer?");
    expect(main?.args.text).toContain("(publicado con retraso)");
    const shown = texts(blocksOf(main as RecordedCall)).join("\n");
    expect(shown).toContain("Publicado con retraso");
    expect(shown).toContain("estaba previsto para el lun, 30 mar 2026, 08:00 (Europe/Madrid)");
    expect(shown).toContain("*SMB*");
    expect(shown).not.toContain("*Enterprise*");
    // Since the previous meeting (23 March) up to the due time.
    expect(shown).toContain("23 mar 2026 → 30 mar 2026");
  });

  it("waits out a rate limit and still posts the main message once", async () => {
    await meeting();
    fake.failNext("chat.postMessage", { kind: "rate_limited", retryAfter: 0 });
    expect(await run(plus(DUE, MINUTE))).toMatchObject({ posted: 1, retrying: 0, errors: [] });
    const attempts = mains();
    expect(attempts.map((c) => c.status)).toEqual([429, 200]);
    expect(fake.uploads).toHaveLength(1);
    expect((await runs())[0]?.status).toBe("posted");
  });

  it("keeps a posted digest posted when only the chart cannot be attached, and says why in the log", async () => {
    await meeting();
    fake.failNext("files.getUploadURLExternal", { kind: "slack_error", error: "missing_scope" });
    expect(await run(plus(DUE, MINUTE))).toMatchObject({ posted: 1, retrying: 0, failed: 0 });
    expect(mains()).toHaveLength(1);
    expect(fake.uploads).toHaveLength(0);
    expect((await runs())[0]?.status).toBe("posted");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("chart not attached");
    expect(warnings[0]).toContain("missing_scope");
  });

  it("fails for a channel that is gone and tells the Slack admins in their language", async () => {
    await meeting({ channelId: "C0GONE" });
    fake.on("chat.postMessage", (args) =>
      args.channel === "C0GONE" ? { ok: false, error: "channel_not_found" } : undefined,
    );
    expect(await run(plus(DUE, MINUTE))).toMatchObject({ posted: 0, failed: 1, errors: [] });
    expect(await runs()).toMatchObject([
      { status: "failed", error: "channel_not_found", channelId: "C0GONE" },
    ]);
    expect(fake.uploads).toHaveLength(0);

    const dmTo = (user: string) => posts(user).map((c) => String(c.args.text));
    expect(dmTo("UADMIN")).toHaveLength(1);
    expect(dmTo("UADMIN")[0]).toContain(
      "The digest for *Leadership* (Mon, 30 Mar 2026, 09:00 (Europe/Madrid))",
    );
    expect(dmTo("UADMIN")[0]).toContain("could not be posted in <#C0GONE>");
    expect(dmTo("UADMIN")[0]).toContain("no longer exists");
    expect(dmTo("UOWNER")).toHaveLength(1);
    expect(dmTo("UOWNER")[0]).toContain("No se pudo publicar el resumen de *Leadership*");
    expect(dmTo("UPLAIN")).toHaveLength(0);

    // Failed is final: nothing is tried or told again.
    const seen = fake.calls.length;
    expect(await run(plus(DUE, 5 * MINUTE))).toMatchObject({ posted: 0, failed: 0 });
    expect(fake.calls).toHaveLength(seen);
  });

  it("tells the configured admins when the app is not in a private channel", async () => {
    await meeting({ channelId: "G0PRIV" });
    fake.setUsergroup("S0ADM", ["UGROUPIE"], { handle: "cx-admins" });
    fake.on("chat.postMessage", (args) =>
      args.channel === "G0PRIV" ? { ok: false, error: "not_in_channel" } : undefined,
    );
    const roles = { ROLE_ADMINS: "UBOSS,@cx-admins", ROLE_MANAGERS: "UADMIN" };
    expect(await run(plus(DUE, MINUTE), roles)).toMatchObject({ failed: 1, errors: [] });
    expect((await runs())[0]).toMatchObject({ status: "failed", error: "not_in_channel" });
    expect(posts("UBOSS")[0]?.args.text).toContain("/invite @RightToGrow");
    expect(posts("UGROUPIE")).toHaveLength(1);
    // Slack admins are not the app's admins once roles are configured.
    expect(posts("UADMIN")).toHaveLength(0);
    expect(posts("UOWNER")).toHaveLength(0);
  });

  it("records a digest the meeting overtook as missed and tells the admins", async () => {
    await meeting();
    expect(await run(plus(OCCURRENCE, 5 * MINUTE))).toMatchObject({ posted: 0, missed: 1, errors: [] });
    expect(mains()).toHaveLength(0);
    expect(await runs()).toMatchObject([{ status: "missed", error: "meeting_started" }]);
    expect(posts("UADMIN")[0]?.args.text).toContain("was not posted in <#C0LEAD>: the meeting started");
    expect(posts("UOWNER")[0]?.args.text).toContain("la reunión empezó antes");
  });

  it("finishes the thread after a failure past the main message, without posting it again", async () => {
    await meeting();
    let threadBroken = true;
    fake.on("chat.postMessage", (args) =>
      threadBroken && args.thread_ts !== undefined ? { status: 503, body: "down" } : undefined,
    );
    expect(await run(plus(DUE, MINUTE))).toMatchObject({ posted: 0, retrying: 1 });
    const [record] = await runs();
    expect(record).toMatchObject({ status: "claimed", channelId: "C0LEAD" });
    const ts = record?.messageTs as string;
    expect(ts).toBeTruthy();
    expect(mains()).toHaveLength(1);
    expect(fake.uploads).toHaveLength(0);

    threadBroken = false;
    fake.reset();
    // The retry delay (one minute) has passed.
    expect(await run(plus(DUE, 3 * MINUTE))).toMatchObject({ posted: 1, errors: [] });
    expect(mains()).toHaveLength(0);
    expect(replies(ts).length).toBeGreaterThanOrEqual(2);
    expect(fake.callsTo("files.completeUploadExternal")[0]?.args).toMatchObject({ thread_ts: ts });
    expect((await runs())[0]).toMatchObject({ status: "posted", messageTs: ts, attempts: 2 });
  });

  it("after a restart, finishes the thread of a main message an earlier process posted", async () => {
    const m = await meeting();
    // What a process killed right after recording its main message leaves behind.
    await db.prisma.digestRun.create({
      data: {
        workspaceId,
        meetingId: m.id,
        occurrenceAt: OCCURRENCE,
        dueAt: DUE,
        status: "claimed",
        claimedBy: "app-dead",
        leaseUntil: plus(DUE, 11 * MINUTE),
        attempts: 1,
        channelId: "C0LEAD",
        messageTs: "1699999999.000100",
      },
    });
    expect(await run(plus(DUE, 5 * MINUTE))).toMatchObject({ posted: 0, skipped: 1 });
    expect(fake.calls).toHaveLength(0);
    // The meeting has started by the time the lease runs out: the thread is still worth finishing.
    expect(await run(plus(OCCURRENCE, 2 * MINUTE))).toMatchObject({ posted: 1, missed: 0 });
    expect(mains()).toHaveLength(0);
    expect(replies("1699999999.000100").length).toBeGreaterThanOrEqual(2);
    expect(fake.callsTo("files.completeUploadExternal")[0]?.args).toMatchObject({
      channel_id: "C0LEAD",
      thread_ts: "1699999999.000100",
    });
    expect(posts("UADMIN")).toHaveLength(0);
  });

  it("starts with the Slack app and posts what is due without being asked", async () => {
    await meeting();
    const lines: string[] = [];
    const app = createSlackApp({
      db,
      config: parseConfig({
        SLACK_BOT_TOKEN: "xoxb-test",
        SLACK_SIGNING_SECRET: "digest-test-secret",
        SLACK_API_URL: fake.url,
        LOG_LEVEL: "error",
      }),
      features: allFeatures,
      clock: () => plus(DUE, MINUTE),
      retryConfig: FAST_RETRIES,
      digests: { log: (line) => lines.push(line) },
    });
    await app.start(0, "127.0.0.1");
    try {
      await fake.waitFor("files.completeUploadExternal");
    } finally {
      await app.stop();
    }
    expect(app.scheduler).toBeUndefined();
    expect(mains()).toHaveLength(1);
    expect((await runs())[0]?.status).toBe("posted");
    expect(lines[0]).toBe("digests: 1 posted, 0 missed, 0 failed, 0 retrying, 0 skipped, 0 paused");
  });
  it("without the history scopes posts as before, tells the admins once to reinstall and /healthz says so", async () => {
    await meeting();
    // An installation without channels:history: the look after a lost answer cannot be made.
    fake.failNext("conversations.history", { kind: "slack_error", error: "missing_scope" });
    fake.failNext("chat.postMessage", {
      kind: "accept_then_drop",
      when: (args) => args.channel === "C0LEAD",
    });
    const postingStatus = createPostingStatus();
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_SIGNING_SECRET: "digest-test-secret",
      SLACK_API_URL: fake.url,
      LOG_LEVEL: "error",
    });
    const lines: string[] = [];
    const app = createSlackApp({
      db,
      config,
      features: allFeatures,
      clock: () => plus(DUE, MINUTE),
      retryConfig: FAST_RETRIES,
      digests: { log: (line) => lines.push(line), postingStatus },
    });
    await app.start(0, "127.0.0.1");
    try {
      await fake.waitFor("files.completeUploadExternal");
      await fake.waitFor("chat.postMessage", (c) => c.args.channel === "UOWNER");
    } finally {
      await app.stop();
    }
    // Today's behaviour: posted, and the lost answer's main message is there twice.
    expect((await runs())[0]?.status).toBe("posted");
    expect(mains()).toHaveLength(2);
    // Each admin told once, in their language.
    expect(posts("UADMIN").map((c) => c.args.text)).toEqual([digestDeliveryTexts.en.reinstallForExactlyOnce]);
    expect(posts("UOWNER").map((c) => c.args.text)).toEqual([digestDeliveryTexts.es.reinstallForExactlyOnce]);
    expect(lines.join("\n")).toContain("missing_scope");
    const health = await createHealthChecks({
      db,
      slack: slackHealthFor(config, undefined, postingStatus),
    }).health();
    expect(health.status).toBe("ok");
    expect(health.checks.slack?.warnings).toEqual([
      expect.stringContaining(`workspace ${workspaceId}: exactly-once`),
    ]);
    expect(health.checks.slack?.warnings?.[0]).toContain("reinstall");
  });
});
