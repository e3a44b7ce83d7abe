import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openDatabase } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.js";
import { freePort, until } from "../helpers/run-main.js";

// npm start with Slack credentials also runs the digest scheduler: a meeting whose digest is due
// is posted by the real program without anyone asking, and SIGTERM still exits cleanly.

const root = join(import.meta.dirname, "../..");

/** A weekly meeting (UTC) 30 minutes from now, whose digest is therefore due now. */
async function seedDueMeeting(dataDir: string): Promise<void> {
  const db = await openDatabase({ kind: "pglite", dataDir });
  try {
    await db.migrate();
    const workspace = await resolveWorkspace(db.prisma, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    const meetingAt = new Date(Math.ceil(Date.now() / 60_000) * 60_000 + 30 * 60_000);
    await db.prisma.meeting.create({
      data: {
        workspaceId: workspace.id,
        name: "Weekly leadership",
        channelId: "C0LEAD",
        schedule: `${meetingAt.getUTCMinutes()} ${meetingAt.getUTCHours()} * * ${meetingAt.getUTCDay()}`,
        timezone: "UTC",
        leadMinutes: 60,
        periodDays: 7,
        createdAt: new Date(Date.now() - 60_000),
      },
    });
  } finally {
    await db.close();
  }
}

describe("npm start posts meeting digests", () => {
  let fake: FakeSlack;
  let dataDir: string;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    fake = await startFakeSlack();
    dataDir = await mkdtemp(join(tmpdir(), "rtg-digests-"));
  });
  afterEach(async () => {
    if (child && child.exitCode === null) child.kill("SIGKILL");
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("posts a due meeting's digest on its own and stops cleanly", async () => {
    await seedDueMeeting(dataDir);
    let out = "";
    child = spawn(process.execPath, ["--import", "tsx", join(root, "src/main.ts")], {
      env: {
        ...process.env,
        DATABASE_URL: "",
        // The scheduler's lines are info-level log lines (JSON here: stdout is not a terminal).
        LOG_LEVEL: "info",
        DATA_DIR: dataDir,
        SLACK_BOT_TOKEN: "xoxb-fake",
        SLACK_SIGNING_SECRET: "start-digest-signing-secret",
        SLACK_API_URL: fake.url,
        PORT: String(await freePort()),
      },
    });
    child.stdout?.on("data", (d) => {
      out += d;
    });
    child.stderr?.on("data", (d) => {
      out += d;
    });
    const exited = new Promise<number>((resolve) => child?.on("exit", (code) => resolve(code ?? -1)));

    await until(
      () => out.includes("digests: 1 posted"),
      () => out,
    );
    const mains = fake
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === "C0LEAD" && !c.args.thread_ts);
    expect(mains).toHaveLength(1);
    expect(mains[0]?.args.text).toContain("Did we earn the right to grow?");
    const chart = fake.callsTo("files.completeUploadExternal")[0]?.args;
    expect(chart).toMatchObject({ channel_id: "C0LEAD", thread_ts: expect.any(String) });
    const thread = fake.callsTo("chat.postMessage").filter((c) => c.args.thread_ts === chart?.thread_ts);
    expect(thread.length).toBeGreaterThanOrEqual(1);
    expect(fake.uploads).toHaveLength(1);

    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(out).toContain("SIGTERM: stopping");
  });
});
