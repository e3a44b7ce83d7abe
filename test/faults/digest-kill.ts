import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { importCsv } from "../../src/services/import-csv.js";
import { runDueDigests } from "../../src/services/run-due-digests.js";
import { createPostDigest } from "../../src/slack/digest-poster.js";
import { FAST_RETRIES, type RecordedCall, startFakeSlack } from "../helpers/fake-slack.js";
import { type Child, kill, root, startProgram } from "./child-process.js";
import type { FaultRow } from "./fault-report.js";
import { freePort } from "./pg-cluster.js";

// `npm start` (src/main.ts) posting a due digest is killed (SIGKILL) while Slack hangs on the
// 2nd thread reply, or right after Slack accepted the main message (its answer never sent), then
// started again: the main message, every reply and the chart once.

const fixture = (name: string) => join(root, "test/fixtures", name);
const CHANNEL = "C0FAULT";

/** Ledger data (the test fixtures) and a weekly meeting 30 minutes from now: its digest is due. */
export async function seedDueDigest(db: Database): Promise<void> {
  await db.migrate();
  const workspace = await resolveWorkspace(db.prisma, {
    reportingCurrency: "EUR",
    defaultLocale: "en",
    timezone: "UTC",
  });
  const opts = {
    workspaceId: workspace.id,
    reportingCurrency: "EUR",
    timeZone: "UTC",
    skipInvalid: false,
    dryRun: false,
  };
  await importCsv(db, "movements", fixture("movements.csv"), opts);
  await importCsv(db, "responses", fixture("responses.csv"), opts);
  const meetingAt = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 30 * 60_000);
  await db.prisma.meeting.create({
    data: {
      workspaceId: workspace.id,
      name: "Fault drill",
      channelId: CHANNEL,
      schedule: `${meetingAt.getUTCMinutes()} ${meetingAt.getUTCHours()} * * ${meetingAt.getUTCDay()}`,
      timezone: "UTC",
      leadMinutes: 60,
      // The fixtures are from early 2026: a year's period puts them in the digest.
      periodDays: 365,
      createdAt: new Date(Date.now() - 60_000),
    },
  });
}

const isMain = (c: RecordedCall) =>
  c.method === "chat.postMessage" && c.args.channel === CHANNEL && !c.args.thread_ts;
const ok = (c: RecordedCall) => c.status === 200;
const body = (c: RecordedCall) => JSON.stringify(c.args.blocks);

export interface DigestKillOutcome {
  /** digest_run right after the kill. */
  afterKill: { status: string; messageTs: string | null; threadPartsPosted: number; leaseRunning: boolean };
  /** Main messages, replies and charts Slack accepted, across both processes. */
  mains: number;
  replies: string[];
  charts: number;
  /** The replies an undisturbed post of the same digest makes. */
  reference: string[];
  finalStatus: string;
  /** Where the kill came: while Slack hung on the 2nd reply, or after it took the main message. */
  killedAt: KillPoint;
  output: string;
}

export type KillPoint = "second_reply" | "main_accepted";

export async function killDigestPostThenRestart(
  openDb: () => Promise<Database>,
  env: Record<string, string>,
  killedAt: KillPoint = "second_reply",
): Promise<DigestKillOutcome> {
  const db = await openDb();
  try {
    await seedDueDigest(db);
  } finally {
    await db.close();
  }

  const fake = await startFakeSlack();
  let release: (() => void) | undefined;
  let hung: () => void = () => {};
  const hanging = new Promise<void>((resolve) => {
    hung = resolve;
  });
  let replies = 0;
  if (killedAt === "main_accepted") {
    // Slack takes the main message (it is in the channel) and never answers: killed while waiting.
    fake.failNext("chat.postMessage", {
      kind: "accept_then_hang",
      when: (args) => args.channel === CHANNEL && args.thread_ts === undefined,
    });
    void fake
      .waitFor("chat.postMessage", (c) => isMain(c) && c.answerLost === "never", 120_000)
      .then(() => hung());
  }
  fake.on("chat.postMessage", async (args) => {
    if (killedAt !== "second_reply") return undefined;
    if (args.channel !== CHANNEL || args.thread_ts === undefined) return undefined;
    replies += 1;
    if (replies !== 2) return undefined;
    // Slack never answers the 2nd reply: the process is killed while it waits.
    await new Promise<void>((resolve) => {
      release = resolve;
      hung();
    });
    return { status: 503, body: "fake-slack: the caller is gone" };
  });
  const programEnv = {
    ...env,
    SLACK_BOT_TOKEN: "xoxb-fake",
    SLACK_SIGNING_SECRET: "fault-suite-signing-secret",
    SLACK_API_URL: fake.url,
  };
  let second: Child | undefined;
  try {
    const first = startProgram("src/main.ts", [], { ...programEnv, PORT: String(await freePort()) });
    await Promise.race([
      hanging,
      first.exited.then(() => {
        throw new Error(`npm start exited before posting the thread:\n${first.output()}`);
      }),
    ]);
    await kill(first);
    release?.();

    const afterKillDb = await openDb();
    let afterKill: DigestKillOutcome["afterKill"];
    try {
      const run = await afterKillDb.prisma.digestRun.findFirstOrThrow();
      afterKill = {
        status: run.status,
        messageTs: run.messageTs,
        threadPartsPosted: run.threadPartsPosted,
        leaseRunning: (run.leaseUntil?.getTime() ?? 0) > Date.now(),
      };
    } finally {
      await afterKillDb.close();
    }

    // Started again at once: the dead process's lease (10 minutes) still runs, but it was a
    // process on this host that is gone, so the new one takes the run over.
    second = startProgram("src/main.ts", [], { ...programEnv, PORT: String(await freePort()) });
    // The chart is the last part: once Slack has it, the digest is out.
    await fake.waitFor("files.completeUploadExternal", ok, 120_000).catch((error: Error) => {
      throw new Error(`${error.message}\nnpm start said:\n${second?.output()}`);
    });
    await fake.waitForQuiet(200);
    second.process.kill("SIGTERM");
    await second.exited;

    const calls = fake.calls.filter(ok);
    // Killed before the main message was recorded: the thread is under the one the restart adopted.
    const mainTs =
      afterKill.messageTs ?? fake.messagesIn(CHANNEL).find((m) => m.thread_ts === undefined)?.ts ?? null;
    const outcome = {
      afterKill,
      mains: calls.filter(isMain).length,
      replies: calls.filter((c) => c.method === "chat.postMessage" && c.args.thread_ts === mainTs).map(body),
      charts: calls.filter((c) => c.method === "files.completeUploadExternal" && c.args.thread_ts === mainTs)
        .length,
      output: second.output(),
    };

    // The reference: the same occurrence posted by an undisturbed attempt, in this process.
    const refDb = await openDb();
    try {
      const finalStatus = (await refDb.prisma.digestRun.findFirstOrThrow()).status;
      await refDb.prisma.digestRun.deleteMany();
      fake.reset();
      const client = new WebClient("xoxb-fake", { slackApiUrl: fake.url, retryConfig: FAST_RETRIES });
      await runDueDigests({
        db: refDb.prisma,
        now: new Date(),
        instanceId: "reference",
        post: createPostDigest({ db: refDb, client }),
      });
      const reference = fake.calls
        .filter(
          (c) =>
            c.method === "chat.postMessage" && c.args.channel === CHANNEL && c.args.thread_ts !== undefined,
        )
        .map(body);
      return { ...outcome, finalStatus, reference, killedAt };
    } finally {
      await refDb.close();
    }
  } finally {
    release?.();
    await fake.close();
  }
}

export function digestRow(label: string, o: DigestKillOutcome): FaultRow {
  const expected = 1 + o.reference.length + 1;
  const distinctReplies = new Set(o.replies);
  const posted = o.mains + o.replies.length + o.charts;
  const distinct = Math.min(o.mains, 1) + distinctReplies.size + Math.min(o.charts, 1);
  return {
    fault: `Process killed during a digest post (${label})`,
    faultsInjected: 1,
    accepted: expected,
    stored: distinct,
    duplicates: posted - distinct,
    losses:
      (o.mains ? 0 : 1) + o.reference.filter((r) => !distinctReplies.has(r)).length + (o.charts ? 0 : 1),
    detail:
      `npm start (src/main.ts) posting a due digest, SIGKILL ${o.killedAt === "main_accepted" ? "after Slack accepted the main message, before its answer (nothing recorded)" : `while Slack hung on the 2nd thread reply (${o.afterKill.threadPartsPosted} part recorded)`}` +
      `, started again at once (the dead process's lease still running): messages = main + ` +
      `${o.reference.length} replies + chart, compared with an undisturbed post of the same digest.`,
  };
}
