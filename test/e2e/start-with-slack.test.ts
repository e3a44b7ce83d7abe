import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.js";
import { createSlackClient } from "../helpers/slack-requests.js";

// npm start with Slack credentials: the real program in a child process, talking to the fake
// Slack Web API on loopback.

const root = join(import.meta.dirname, "../..");
const SECRET = "start-test-signing-secret-123";

const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

function run(env: Record<string, string>): {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number>;
} {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/main.ts")], {
    env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "error", ...env },
  });
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return { child, output: () => out, exited };
}

async function until(check: () => boolean, what: () => string, ms = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting; output so far:\n${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("npm start with Slack credentials", () => {
  let fake: FakeSlack;
  let dataDir: string;
  beforeEach(async () => {
    fake = await startFakeSlack();
    dataDir = await mkdtemp(join(tmpdir(), "rtg-start-"));
  });
  afterEach(async () => {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("serves Slack over HTTP until stopped, then exits cleanly", async () => {
    const port = await freePort();
    const p = run({
      DATA_DIR: dataDir,
      SLACK_BOT_TOKEN: "xoxb-fake",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      PORT: String(port),
    });
    await until(() => p.output().includes("Listening for Slack"), p.output);
    const slack = createSlackClient({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SECRET });
    const res = await slack.command({ command: "/cx", text: "help", user_id: "U1" });
    expect(res.status).toBe(200);
    expect(res.body).toContain("/cx survey");
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
  });

  it("says plainly when Slack refuses the token", async () => {
    fake.on("auth.test", () => ({ ok: false, error: "invalid_auth" }));
    const p = run({
      DATA_DIR: dataDir,
      SLACK_BOT_TOKEN: "xoxb-revoked",
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_API_URL: fake.url,
      PORT: String(await freePort()),
    });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain("Slack refused SLACK_BOT_TOKEN (invalid_auth)");
  });
});
