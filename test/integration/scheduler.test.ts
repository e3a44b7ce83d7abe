import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type Database, fromPostgresUrl } from "../../src/data/database.js";
import type { ScheduledMeeting } from "../../src/domain/meetings.js";
import {
  type DigestRunEvent,
  type PostDigest,
  type PostInput,
  type RunDueDigestsOptions,
  runDueDigests,
} from "../../src/services/run-due-digests.js";
import { testDatabases } from "../helpers/db.js";
import { FAST_RETRIES, type FakeSlack, startFakeSlack } from "../helpers/fake-slack.js";
import { databaseUrl } from "../helpers/postgres-admin.js";

// The scheduler's promise: each meeting occurrence's digest is posted exactly once, on time or
// late while the meeting has not started, across restarts, crashes and several app instances on
// one database; otherwise it is recorded as missed or failed and admins are told once.

const MINUTE = 60_000;
const at = (iso: string) => new Date(iso);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

// Monday 23 March 2026, 09:00 in Madrid (CET, UTC+1) is 08:00Z; with 60 minutes of lead the
// digest is due at 07:00Z.
const OCCURRENCE = at("2026-03-23T08:00:00Z");
const DUE = at("2026-03-23T07:00:00Z");
const CREATED = at("2026-03-20T00:00:00Z");

/** A post that records what it was asked to post and answers like Slack would. */
function recordingPost(options: { delayMs?: number } = {}) {
  const calls: PostInput[] = [];
  const post: PostDigest = async (input) => {
    calls.push(input);
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    return {
      channelId: input.meeting.channelId,
      messageTs: `1700000000.${String(calls.length).padStart(6, "0")}`,
    };
  };
  return { post, calls };
}

/**
 * A digest poster the way the real one must behave: post the main message unless an earlier
 * attempt already did (run.messageTs), record it at once, then post the details in its thread.
 */
function slackPost(client: WebClient, behaviour: { afterMain?: () => Promise<void> } = {}): PostDigest {
  return async ({ run, meeting, recordProgress }) => {
    let ts = run.messageTs;
    if (!ts) {
      const main = await client.chat.postMessage({
        channel: meeting.channelId,
        text: `Digest: ${meeting.name}`,
      });
      ts = String(main.ts);
      await recordProgress({ channelId: meeting.channelId, messageTs: ts });
    }
    await behaviour.afterMain?.();
    await client.chat.postMessage({ channel: meeting.channelId, thread_ts: ts, text: "Details" });
    return { channelId: meeting.channelId, messageTs: ts };
  };
}

/**
 * A poster that dies right after recording its main message (the process hangs or is killed):
 * `reached` resolves once the main message is out and recorded.
 */
function hangAfterMain(client: WebClient) {
  let reached!: () => void;
  const mainRecorded = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const post = slackPost(client, {
    afterMain: () => {
      reached();
      return new Promise(() => {});
    },
  });
  return { post, mainRecorded };
}

function events() {
  const missed: DigestRunEvent[] = [];
  const failed: DigestRunEvent[] = [];
  return {
    missed,
    failed,
    onMissed: (e: DigestRunEvent) => {
      missed.push(e);
    },
    onFailed: (e: DigestRunEvent) => {
      failed.push(e);
    },
  };
}

describe.each(testDatabases())("digest scheduler on $name", ({ name, open }) => {
  let db: Database;
  let workspaceId: string;
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = new WebClient("xoxb-test", { slackApiUrl: fake.url, retryConfig: FAST_RETRIES });
  });
  afterAll(() => fake.close());

  beforeEach(async () => {
    db = await open();
    workspaceId = (await db.prisma.workspace.create({ data: { name: "Acme" } })).id;
  });
  afterEach(async () => {
    await fake.waitForQuiet();
    fake.reset();
    await db.close();
  });

  async function meeting(data: Partial<ScheduledMeeting> = {}): Promise<ScheduledMeeting> {
    return db.prisma.meeting.create({
      data: {
        workspaceId,
        name: data.name ?? "Leadership",
        channelId: data.channelId ?? "C0LEAD",
        schedule: data.schedule ?? "0 9 * * 1",
        timezone: data.timezone ?? "Europe/Madrid",
        leadMinutes: data.leadMinutes ?? 60,
        paused: data.paused ?? false,
        createdAt: data.createdAt ?? CREATED,
      },
    });
  }

  /** More connection pools on the same PostgreSQL database, as other app processes would have. */
  async function secondPools(n: number): Promise<Database[]> {
    const [row] = await db.prisma.$queryRaw<Array<{ name: string }>>`SELECT current_database() AS name`;
    const url = databaseUrl(process.env.TEST_DATABASE_URL as string, row?.name as string);
    return Array.from({ length: n }, () => fromPostgresUrl(url));
  }

  const run = (now: Date, post: PostDigest, extra: Partial<RunDueDigestsOptions> = {}) =>
    runDueDigests({ db: db.prisma, now, instanceId: "app-1", leaseMs: 5 * MINUTE, post, ...extra });

  const runs = () => db.prisma.digestRun.findMany({ orderBy: { occurrenceAt: "asc" } });
  const mainMessages = () => fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === undefined);

  it("posts a due occurrence once, even when run again", async () => {
    const m = await meeting();
    const { post, calls } = recordingPost();

    expect((await run(plus(DUE, -MINUTE), post)).posted).toBe(0);
    expect(calls).toHaveLength(0);

    const first = await run(plus(DUE, 30_000), post);
    expect(first).toMatchObject({ posted: 1, missed: 0, failed: 0, errors: [] });
    expect(calls).toHaveLength(1);
    expect(calls[0]?.run.occurrenceAt).toEqual(OCCURRENCE);
    expect(calls[0]?.run.messageTs).toBeNull();
    expect(calls[0]?.previousOccurrenceAt).toEqual(at("2026-03-16T08:00:00Z"));
    expect(calls[0]?.late).toBe(false);
    expect(calls[0]?.meeting.id).toBe(m.id);

    const second = await run(plus(DUE, 2 * MINUTE), post);
    expect(second.posted).toBe(0);
    expect(calls).toHaveLength(1);

    expect(await runs()).toMatchObject([
      {
        meetingId: m.id,
        occurrenceAt: OCCURRENCE,
        dueAt: DUE,
        status: "posted",
        channelId: "C0LEAD",
        messageTs: "1700000000.000001",
        postedAt: plus(DUE, 30_000),
        attempts: 1,
      },
    ]);
  });

  it("two instances running at the same moment post each digest once", async () => {
    // Three meetings due now and one whose meeting already started (missed): every decision is
    // contended by four instances.
    await meeting({ name: "Leadership" });
    await meeting({ name: "Sales", schedule: "30 9 * * 1" });
    await meeting({ name: "Product", schedule: "0 10 * * 1", leadMinutes: 180 });
    await meeting({ name: "Early", schedule: "0 7 * * 1", leadMinutes: 30 });
    const { post, calls } = recordingPost({ delayMs: 20 });
    const seen = events();

    // On PostgreSQL the instances also use separate connection pools, like separate processes.
    const others: Database[] = [];
    if (name === "postgres") others.push(...(await secondPools(3)));
    try {
      const handles = [db, ...others];
      // 08:31 local: Leadership (09:00), Sales (09:30) and Product (10:00, 3 h lead) are due;
      // Early (08:00) has started.
      const now = plus(DUE, 31 * MINUTE);
      const summaries = await Promise.all(
        [1, 2, 3, 4].map((i) =>
          runDueDigests({
            db: (handles[i % handles.length] as Database).prisma,
            now,
            instanceId: `app-${i}`,
            leaseMs: 5 * MINUTE,
            post,
            ...seen,
          }),
        ),
      );
      expect(calls.map((c) => c.meeting.name).sort()).toEqual(["Leadership", "Product", "Sales"]);
      expect(seen.missed.map((e) => e.meeting.name)).toEqual(["Early"]);
      expect(summaries.reduce((n, s) => n + s.posted, 0)).toBe(3);
      expect(summaries.reduce((n, s) => n + s.missed, 0)).toBe(1);
      expect(summaries.flatMap((s) => s.errors)).toEqual([]);
      const rows = await runs();
      expect(rows.map((r) => r.status).sort()).toEqual(["missed", "posted", "posted", "posted"]);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  it("when a lease expires, one of several instances takes the run over", async () => {
    await meeting();
    const hanging = hangAfterMain(client);
    const first = run(DUE, hanging.post, { postTimeoutMs: 20 });
    await hanging.mainRecorded;
    expect((await first).retrying).toBe(1);

    const others: Database[] = [];
    if (name === "postgres") others.push(...(await secondPools(3)));
    try {
      const handles = [db, ...others];
      const post = slackPost(client);
      const later = plus(DUE, 6 * MINUTE);
      const summaries = await Promise.all(
        [2, 3, 4, 5].map((i) =>
          runDueDigests({
            db: (handles[i % handles.length] as Database).prisma,
            now: later,
            instanceId: `app-${i}`,
            leaseMs: 5 * MINUTE,
            post,
          }),
        ),
      );
      expect(summaries.map((s) => s.posted).sort()).toEqual([0, 0, 0, 1]);
      expect(mainMessages()).toHaveLength(1);
      expect(fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts !== undefined)).toHaveLength(1);
      expect(await runs()).toMatchObject([{ status: "posted", attempts: 2 }]);
    } finally {
      await Promise.all(others.map((o) => o.close()));
    }
  });

  it("after a crash right after the main message, the retry only finishes the thread", async () => {
    await meeting();
    let crash = true;
    const post = slackPost(client, {
      afterMain: async () => {
        if (crash) throw new Error("socket hang up");
      },
    });

    const first = await run(DUE, post);
    expect(first).toMatchObject({ posted: 0, retrying: 1 });
    expect(await runs()).toMatchObject([{ status: "claimed", attempts: 1, error: "socket hang up" }]);
    expect((await runs())[0]?.messageTs).toBeTruthy();

    // The retry waits for the retry delay (1 minute by default), then any instance may take it.
    crash = false;
    expect((await run(plus(DUE, 30_000), post, { instanceId: "app-2" })).skipped).toBe(1);
    const retried = await run(plus(DUE, 61_000), post, { instanceId: "app-2" });
    expect(retried).toMatchObject({ posted: 1, errors: [] });

    expect(mainMessages()).toHaveLength(1);
    const ts = mainMessages()[0] && (await runs())[0]?.messageTs;
    expect(fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === ts)).toHaveLength(1);
    expect(await runs()).toMatchObject([{ status: "posted", attempts: 2, messageTs: ts, error: null }]);
  });

  it("a post that hangs is taken over by another instance once its lease expires", async () => {
    await meeting();
    const hanging = hangAfterMain(client);

    const first = run(DUE, hanging.post, { postTimeoutMs: 20 });
    await hanging.mainRecorded;
    expect(await first).toMatchObject({ posted: 0, retrying: 1 });

    // While the lease (5 minutes) holds, nobody else posts.
    const healthy = slackPost(client);
    expect((await run(plus(DUE, 4 * MINUTE), healthy, { instanceId: "app-2" })).skipped).toBe(1);

    const takeover = await run(plus(DUE, 5 * MINUTE + 1000), healthy, { instanceId: "app-2" });
    expect(takeover).toMatchObject({ posted: 1 });
    expect(mainMessages()).toHaveLength(1);
    expect(await runs()).toMatchObject([{ status: "posted", claimedBy: "app-2", attempts: 2 }]);
  });

  it("occurrences missed while down: posted late before the meeting, recorded missed after", async () => {
    // Down from Sunday until 08:30 local on Monday: Leadership (09:00) can still get its digest;
    // Standup (08:15) already started; Weekly (created 10 days ago) also missed last Monday.
    await meeting({ name: "Leadership" });
    await meeting({ name: "Standup", schedule: "15 8 * * 1" });
    await meeting({ name: "Weekly", schedule: "0 9 * * 1", createdAt: at("2026-03-13T00:00:00Z") });
    const { post, calls } = recordingPost();
    const seen = events();
    const restart = at("2026-03-23T07:30:00Z");

    const summary = await run(restart, post, seen);
    expect(summary).toMatchObject({ posted: 2, missed: 2, errors: [] });
    expect(calls.map((c) => [c.meeting.name, c.late]).sort()).toEqual([
      ["Leadership", true],
      ["Weekly", true],
    ]);
    expect(
      seen.missed.map((e) => [e.meeting.name, e.run.occurrenceAt.toISOString(), e.reason]).sort(),
    ).toEqual([
      ["Standup", "2026-03-23T07:15:00.000Z", "meeting_started"],
      ["Weekly", "2026-03-16T08:00:00.000Z", "meeting_started"],
    ]);

    // Told once: later runs find them recorded.
    expect(await run(plus(restart, MINUTE), post, seen)).toMatchObject({ posted: 0, missed: 0 });
    expect(seen.missed).toHaveLength(2);
    expect(calls).toHaveLength(2);
  });

  it("an occurrence whose posting kept failing until the meeting started is recorded missed", async () => {
    await meeting();
    const seen = events();
    const failing: PostDigest = async () => {
      throw new Error("fetch failed");
    };
    expect(await run(DUE, failing, seen)).toMatchObject({ retrying: 1 });
    const after = await run(plus(OCCURRENCE, MINUTE), failing, seen);
    expect(after).toMatchObject({ missed: 1, posted: 0 });
    expect(seen.missed).toHaveLength(1);
    expect(seen.missed[0]?.reason).toBe("meeting_started (last error: fetch failed)");
  });

  it.each(["channel_not_found", "not_in_channel", "is_archived"])(
    "%s: the run fails with the reason, admins are told, and it is not retried",
    async (error) => {
      await meeting();
      fake.failNext("chat.postMessage", { kind: "slack_error", error });
      const seen = events();
      const post = slackPost(client);

      expect(await run(DUE, post, seen)).toMatchObject({ failed: 1, posted: 0 });
      expect(seen.failed.map((e) => e.reason)).toEqual([error]);
      expect(await runs()).toMatchObject([{ status: "failed", error, channelId: "C0LEAD" }]);

      expect(await run(plus(DUE, 10 * MINUTE), post, seen)).toMatchObject({ failed: 0, posted: 0 });
      expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
      expect(seen.failed).toHaveLength(1);
    },
  );

  it("a 429 is retried by the Slack client and the digest is posted once", async () => {
    await meeting();
    fake.failNext("chat.postMessage", { kind: "rate_limited", retryAfter: 0 });
    expect(await run(DUE, slackPost(client))).toMatchObject({ posted: 1 });
    expect(mainMessages().filter((c) => c.status === 200)).toHaveLength(1);
  });

  it("Slack 5xx beyond the client's own retries: retried later, then failed after 5 attempts", async () => {
    await meeting({ leadMinutes: 120 });
    const seen = events();
    const post = slackPost(client);
    let now = plus(OCCURRENCE, -120 * MINUTE);
    for (let attempt = 1; attempt <= 5; attempt++) {
      // FAST_RETRIES: the first call and two retries.
      fake.failNext("chat.postMessage", { kind: "server_error", status: 503 }, 3);
      const summary = await run(now, post, seen);
      expect(summary).toMatchObject(attempt < 5 ? { retrying: 1 } : { failed: 1 });
      now = plus(now, MINUTE + 1000);
    }
    expect(seen.failed).toHaveLength(1);
    expect(seen.failed[0]?.reason).toMatch(/^gave_up_after_5_attempts: /);
    expect(await runs()).toMatchObject([{ status: "failed", attempts: 5 }]);
    expect(await run(now, post, seen)).toMatchObject({ posted: 0, failed: 0 });
  });

  it("posts that keep hanging are given up after 5 attempts", async () => {
    await meeting({ leadMinutes: 120 });
    const seen = events();
    const hang: PostDigest = () => new Promise(() => {});
    let now = plus(OCCURRENCE, -120 * MINUTE);
    for (let i = 0; i < 5; i++) {
      expect(await run(now, hang, { ...seen, leaseMs: MINUTE, postTimeoutMs: 10 })).toMatchObject({
        retrying: 1,
      });
      now = plus(now, MINUTE + 1000);
    }
    expect(await run(now, hang, { ...seen, leaseMs: MINUTE, postTimeoutMs: 10 })).toMatchObject({
      failed: 1,
    });
    expect(seen.failed[0]?.reason).toBe("gave_up_after_5_attempts");
  });

  it("paused meetings are skipped, and resuming does not report their past occurrences as missed", async () => {
    const m = await meeting({ paused: true });
    const { post, calls } = recordingPost();
    const seen = events();

    expect(await run(DUE, post, seen)).toMatchObject({ posted: 0, paused: 1 });
    expect(await run(plus(OCCURRENCE, MINUTE), post, seen)).toMatchObject({ posted: 0, missed: 0 });
    expect(calls).toHaveLength(0);
    expect(seen.missed).toHaveLength(0);

    await db.prisma.meeting.update({ where: { id: m.id }, data: { paused: false } });
    expect(await run(plus(OCCURRENCE, 2 * MINUTE), post, seen)).toMatchObject({ posted: 0, missed: 0 });
    expect(seen.missed).toHaveLength(0);

    // The next week's meeting is posted normally.
    expect(await run(at("2026-03-30T06:00:00Z"), post, seen)).toMatchObject({ posted: 1 });
    expect(calls[0]?.run.occurrenceAt).toEqual(at("2026-03-30T07:00:00Z"));
  });

  it("a 09:00 Madrid meeting is due at 08:00 Madrid on both sides of the March change", async () => {
    await meeting();
    const { post, calls } = recordingPost();
    // Winter (UTC+1): due 07:00Z.
    expect((await run(at("2026-03-23T06:59:00Z"), post)).posted).toBe(0);
    expect((await run(at("2026-03-23T07:00:00Z"), post)).posted).toBe(1);
    // Summer (UTC+2) from 29 March: due 06:00Z, an hour earlier in UTC.
    expect((await run(at("2026-03-30T05:59:00Z"), post)).posted).toBe(0);
    expect((await run(at("2026-03-30T06:00:00Z"), post)).posted).toBe(1);
    expect(calls.map((c) => c.run.occurrenceAt.toISOString())).toEqual([
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z",
    ]);
    expect(calls[1]?.previousOccurrenceAt).toEqual(at("2026-03-23T08:00:00Z"));
  });

  it("a meeting with a broken schedule is reported and does not stop the others", async () => {
    await meeting({ name: "Broken", schedule: "not a cron" });
    await meeting({ name: "Leadership" });
    const { post, calls } = recordingPost();
    const summary = await run(DUE, post);
    expect(summary.posted).toBe(1);
    expect(calls.map((c) => c.meeting.name)).toEqual(["Leadership"]);
    expect(summary.errors).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^schedule: /) }),
    ]);
  });
});
