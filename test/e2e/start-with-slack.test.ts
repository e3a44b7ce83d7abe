import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.js";
import { freePort, runMain as run, until } from "../helpers/run-main.js";
import { createSlackClient } from "../helpers/slack-requests.js";

// npm start with Slack credentials: the real program in a child process, talking to the fake
// Slack Web API on loopback.

const SECRET = "start-test-signing-secret-123";

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
