import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { describeRunSummary, type Scheduler, startScheduler } from "../../src/scheduler/start-scheduler.js";
import type { PostDigest, RunSummary } from "../../src/services/run-due-digests.js";
import { testDatabases } from "../helpers/db.js";

// The node-cron wrapper only triggers runs: once at start (catching up after downtime), then
// every minute, never two at a time in one process.

describe.each(testDatabases())("digest scheduler process on $name", ({ open }) => {
  let db: Database;
  let scheduler: Scheduler | undefined;

  beforeEach(async () => {
    db = await open();
    const workspace = await db.prisma.workspace.create({ data: { name: "Acme" } });
    await db.prisma.meeting.create({
      data: {
        workspaceId: workspace.id,
        name: "Leadership",
        channelId: "C0LEAD",
        schedule: "0 9 * * 1",
        timezone: "Europe/Madrid",
        leadMinutes: 60,
        createdAt: new Date("2026-03-20T00:00:00Z"),
      },
    });
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await db.close();
  });

  it("runs once at start and posts what became due while the app was down", async () => {
    const posted: string[] = [];
    const runs: RunSummary[] = [];
    let done!: () => void;
    const firstRun = new Promise<void>((resolve) => {
      done = resolve;
    });
    scheduler = startScheduler({
      db: db.prisma,
      clock: () => new Date("2026-03-23T07:20:00Z"), // 08:20 in Madrid, 40 minutes before the meeting
      instanceId: "app-1",
      post: async ({ meeting }) => {
        posted.push(meeting.name);
        return { channelId: meeting.channelId, messageTs: "1.000001" };
      },
      onRun: (summary) => {
        runs.push(summary);
        done();
      },
    });
    await firstRun;
    expect(posted).toEqual(["Leadership"]);
    expect(describeRunSummary(runs[0] as RunSummary)).toBe(
      "digests: 1 posted, 0 missed, 0 failed, 0 retrying, 0 skipped, 0 paused",
    );
    expect(await scheduler.tick()).toMatchObject({ posted: 0 });
    expect(posted).toHaveLength(1);
  });

  it("skips a tick while the previous run is still posting, and stop() waits for it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const post: PostDigest = async ({ meeting }) => {
      await gate;
      return { channelId: meeting.channelId, messageTs: "1.000001" };
    };
    scheduler = startScheduler({
      db: db.prisma,
      clock: () => new Date("2026-03-23T07:20:00Z"),
      post,
      runAtStart: false,
    });
    const first = scheduler.tick();
    expect(await scheduler.tick()).toBeNull();
    release();
    expect(await first).toMatchObject({ posted: 1 });
    await scheduler.stop();
    expect(await scheduler.tick()).toBeNull();
  });

  it("reports a run that failed as a whole and keeps going", async () => {
    const errors: unknown[] = [];
    scheduler = startScheduler({
      db: db.prisma,
      clock: () => new Date("2026-03-23T07:20:00Z"),
      post: async () => ({ channelId: "C0LEAD", messageTs: "1.000001" }),
      runAtStart: false,
      onError: (error) => errors.push(error),
    });
    await db.prisma.$executeRawUnsafe(`ALTER TABLE meeting RENAME TO meeting_gone`);
    expect(await scheduler.tick()).toBeNull();
    expect(errors).toHaveLength(1);
    await db.prisma.$executeRawUnsafe(`ALTER TABLE meeting_gone RENAME TO meeting`);
    expect(await scheduler.tick()).toMatchObject({ posted: 1 });
  });

  it("runs other work (survey campaigns) after the digests in the same tick; its failure is reported apart", async () => {
    const order: string[] = [];
    const errors: unknown[] = [];
    const instants: Date[] = [];
    scheduler = startScheduler({
      db: db.prisma,
      clock: () => new Date("2026-03-23T07:20:00Z"),
      post: async ({ meeting }) => {
        order.push("digest");
        return { channelId: meeting.channelId, messageTs: "1.000001" };
      },
      runAtStart: false,
      onError: (error) => errors.push(error),
      alsoEachTick: [
        async (now) => {
          order.push("campaigns");
          instants.push(now);
        },
        async () => {
          throw new Error("campaigns broke");
        },
      ],
    });
    expect(await scheduler.tick()).toMatchObject({ posted: 1 });
    expect(order).toEqual(["digest", "campaigns"]);
    expect(instants).toEqual([new Date("2026-03-23T07:20:00Z")]);
    expect(errors.map((e) => (e as Error).message)).toEqual(["campaigns broke"]);
  });
});
