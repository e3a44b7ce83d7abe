import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { workspaceForTeam } from "../../src/data/workspaces.js";
import { importCsv } from "../../src/services/import-csv.js";
import { runDueDigests } from "../../src/services/run-due-digests.js";
import { createPostDigest } from "../../src/slack/digest-poster.js";
import { testDatabases } from "../helpers/db.js";
import { FAST_RETRIES, type FakeSlack, type RecordedCall, startFakeSlack } from "../helpers/fake-slack.js";

// A digest whose thread broke half-way is finished by the next attempt from where it stopped:
// every reply and the chart once, the replies already out never again (digest_run.thread_parts_posted,
// and for a reply Slack took but nobody recorded, its metadata found in the thread).

const fixture = (name: string) => join(import.meta.dirname, "../fixtures", name);
const MINUTE = 60_000;
const OCCURRENCE = new Date("2026-03-30T07:00:00Z");
const DUE = new Date("2026-03-30T06:00:00Z");
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

describe.each(testDatabases())("digest thread resumed after a failure on $name", ({ open }) => {
  let fake: FakeSlack;
  let client: WebClient;
  let db: Database;
  let workspaceId: string;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient("xoxb-fake", { slackApiUrl: fake.url, retryConfig: FAST_RETRIES });
  });
  afterAll(() => fake.close());
  beforeEach(async () => {
    db = await open();
    workspaceId = (
      await workspaceForTeam(db.prisma, fake.teamId, {
        reportingCurrency: "EUR",
        defaultLocale: "en",
        timezone: "Europe/Madrid",
      })
    ).id;
    const opts = {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    await importCsv(db, "movements", fixture("movements.csv"), opts);
    await importCsv(db, "responses", fixture("responses.csv"), opts);
    await db.prisma.meeting.create({
      data: {
        workspaceId,
        name: "Leadership",
        channelId: "C0LEAD",
        schedule: "0 9 * * 1",
        timezone: "Europe/Madrid",
        leadMinutes: 60,
        periodDays: 28,
        createdAt: new Date("2026-03-24T00:00:00Z"),
      },
    });
  });
  afterEach(async () => {
    await fake.waitForQuiet();
    fake.reset();
    await db.close();
  });

  const run = (now: Date) =>
    runDueDigests({ db: db.prisma, now, instanceId: "app-1", post: createPostDigest({ db, client }) });
  const mains = () =>
    fake.callsTo("chat.postMessage").filter((c) => c.args.channel === "C0LEAD" && !c.args.thread_ts);
  /** Replies Slack accepted under `ts`, in order. */
  const accepted = (ts: string) =>
    fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts && c.status === 200);
  const body = (c: RecordedCall) => JSON.stringify(c.args.blocks);
  const record = () => db.prisma.digestRun.findFirstOrThrow();

  it("records each reply as it goes out and, after the 2nd reply failed, posts only the rest", async () => {
    // The 2nd reply fails however often the WebClient retries, until Slack recovers.
    let broken = true;
    let replies = 0;
    fake.on("chat.postMessage", (args) => {
      if (args.thread_ts === undefined) return undefined;
      replies += 1;
      return broken && replies >= 2 ? { status: 503, body: "down" } : undefined;
    });
    expect(await run(plus(DUE, MINUTE))).toMatchObject({ posted: 0, retrying: 1 });
    const first = await record();
    expect(first).toMatchObject({ status: "claimed", threadPartsPosted: 1 });
    const ts = first.messageTs as string;
    expect(accepted(ts)).toHaveLength(1);
    expect(fake.uploads).toHaveLength(0);

    broken = false;
    // The retry delay (one minute) has passed.
    expect(await run(plus(DUE, 3 * MINUTE))).toMatchObject({ posted: 1, errors: [] });
    expect(mains()).toHaveLength(1);
    const thread = accepted(ts);
    expect(thread.length).toBeGreaterThanOrEqual(2);
    // No reply twice: the first one was not posted again.
    expect(new Set(thread.map(body)).size).toBe(thread.length);
    expect(fake.callsTo("files.completeUploadExternal")).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
    // Every reply, then the chart.
    expect(await record()).toMatchObject({ status: "posted", threadPartsPosted: thread.length + 1 });
  });

  it("posts the same thread parts as an attempt that never failed", async () => {
    expect(await run(plus(DUE, MINUTE))).toMatchObject({ posted: 1 });
    const ts = (await record()).messageTs as string;
    const clean = accepted(ts).map(body);
    await db.prisma.digestRun.deleteMany();
    fake.reset();

    // Now break after each reply in turn: every attempt adds one reply; the thread ends the same.
    let allowed = 1;
    let posted = 0;
    fake.on("chat.postMessage", (args) => {
      if (args.thread_ts === undefined) return undefined;
      if (posted >= allowed) return { status: 500, body: "down" };
      posted += 1;
      return undefined;
    });
    let now = plus(DUE, MINUTE);
    const status = async () => (await db.prisma.digestRun.findFirst())?.status;
    // Bounded: one more reply goes out per attempt.
    for (let attempt = 0; attempt <= clean.length && (await status()) !== "posted"; attempt++) {
      await runDueDigests({
        db: db.prisma,
        now,
        instanceId: "app-1",
        post: createPostDigest({ db, client }),
        maxAttempts: clean.length + 2,
      });
      allowed += 1;
      now = plus(now, 2 * MINUTE);
    }
    const second = await record();
    expect(second.status).toBe("posted");
    expect(mains()).toHaveLength(1);
    expect(accepted(second.messageTs as string).map(body)).toEqual(clean);
    expect(fake.uploads).toHaveLength(1);
  });

  it("a reply Slack took whose progress write was lost is found in the thread, not posted again", async () => {
    // The process dies between Slack accepting the 2nd reply and the write that records it.
    const real = createPostDigest({ db, client });
    let dies = true;
    const post: typeof real = (input) =>
      real({
        ...input,
        recordThreadProgress: async (parts) => {
          if (dies && parts === 2) {
            dies = false;
            throw new Error("killed before the progress write");
          }
          await input.recordThreadProgress(parts);
        },
      });
    const tick = (now: Date) => runDueDigests({ db: db.prisma, now, instanceId: "app-1", post });
    expect(await tick(plus(DUE, MINUTE))).toMatchObject({ posted: 0, retrying: 1 });
    expect(await record()).toMatchObject({ threadPartsPosted: 1 });
    expect(await tick(plus(DUE, 3 * MINUTE))).toMatchObject({ posted: 1 });
    const ts = (await record()).messageTs as string;
    const thread = accepted(ts).map(body);
    // The retry looked in the thread, found reply 2 by its metadata and went on after it.
    expect(fake.callsTo("conversations.replies").map((c) => c.args.ts)).toEqual([ts]);
    expect(thread.length).toBeGreaterThanOrEqual(2);
    expect(new Set(thread).size).toBe(thread.length);
    expect(fake.messagesIn("C0LEAD").filter((m) => m.thread_ts === ts)).toHaveLength(thread.length);
    expect(mains()).toHaveLength(1);
    expect(fake.uploads).toHaveLength(1);
  });

  it("takes over at once a run whose holder is known to be dead, and finishes it from its progress", async () => {
    const meeting = await db.prisma.meeting.findFirstOrThrow();
    expect(await run(plus(DUE, MINUTE))).toMatchObject({ posted: 1 });
    const done = await record();
    const ts = done.messageTs as string;
    const [first, ...others] = accepted(ts).map(body);
    // As a crashed process leaves it: main message and 1st reply out, lease still running.
    await db.prisma.digestRun.deleteMany();
    fake.reset();
    await db.prisma.digestRun.create({
      data: {
        workspaceId,
        meetingId: meeting.id,
        occurrenceAt: OCCURRENCE,
        dueAt: DUE,
        status: "claimed",
        claimedBy: "host-a:4242:dead0001",
        leaseUntil: plus(DUE, 11 * MINUTE),
        attempts: 1,
        channelId: "C0LEAD",
        messageTs: ts,
        threadPartsPosted: 1,
      },
    });
    const tick = (isHolderGone?: (holder: string) => boolean) =>
      runDueDigests({
        db: db.prisma,
        now: plus(DUE, 2 * MINUTE),
        instanceId: "app-2",
        post: createPostDigest({ db, client }),
        isHolderGone,
      });
    // Alive, or not known to be dead: the lease decides.
    expect(await tick(() => false)).toMatchObject({ posted: 0, skipped: 1 });
    expect(fake.calls).toHaveLength(0);
    expect(await tick((holder) => holder === "host-a:4242:dead0001")).toMatchObject({
      posted: 1,
      errors: [],
    });
    expect(mains()).toHaveLength(0);
    expect(accepted(ts).map(body)).toEqual(others);
    expect(first).toBeDefined();
    expect(fake.uploads).toHaveLength(1);
    expect(await record()).toMatchObject({ status: "posted", claimedBy: "app-2", attempts: 2 });
  });

  it("posts nothing more for a run whose replies and chart an earlier process already posted", async () => {
    const meeting = await db.prisma.meeting.findFirstOrThrow();
    // What a process killed after recording its chart, before recording the run as posted, leaves.
    await db.prisma.digestRun.create({
      data: {
        workspaceId,
        meetingId: meeting.id,
        occurrenceAt: OCCURRENCE,
        dueAt: DUE,
        status: "claimed",
        claimedBy: "app-dead",
        leaseUntil: plus(DUE, 2 * MINUTE),
        attempts: 1,
        channelId: "C0LEAD",
        messageTs: "1699999999.000100",
        threadPartsPosted: 99,
      },
    });
    expect(await run(plus(DUE, 5 * MINUTE))).toMatchObject({ posted: 1, errors: [] });
    expect(fake.calls).toHaveLength(0);
    expect(await record()).toMatchObject({ status: "posted", messageTs: "1699999999.000100" });
  });
});
