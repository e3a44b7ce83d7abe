import { randomBytes } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type FakeSlack, startFakeSlack } from "../helpers/fake-slack.js";
import { OAUTH_ENV } from "../helpers/oauth-app.js";
import { freePort, runMain, until } from "../helpers/run-main.js";

// npm start in OAuth mode (no SLACK_BOT_TOKEN): the real program in a child process says where
// to install it, serves /slack/install, and stops on SIGTERM.

// No bot token even if the shell running the tests has one: this is the OAuth mode.
const run = (env: Record<string, string>) => runMain({ SLACK_BOT_TOKEN: "", ...env });

describe("npm start with the OAuth install", () => {
  let fake: FakeSlack;
  let dataDir: string;
  beforeEach(async () => {
    fake = await startFakeSlack();
    dataDir = await mkdtemp(join(tmpdir(), "rtg-start-oauth-"));
  });
  afterEach(async () => {
    await fake.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it("prints where to install instead of the bot-token guidance, and serves /slack/install", async () => {
    const port = await freePort();
    const p = run({
      ...OAUTH_ENV,
      TOKEN_ENCRYPTION_KEY: randomBytes(32).toString("hex"),
      DATA_DIR: dataDir,
      SLACK_API_URL: fake.url,
      PORT: String(port),
    });
    await until(() => p.output().includes("Listening for Slack"), p.output);
    await until(() => p.output().includes("/slack/install"), p.output);
    expect(p.output()).toContain("https://<your public host>/slack/install");
    expect(p.output()).toContain(`http://localhost:${port}/slack/install`);
    expect(p.output()).not.toContain("SLACK_BOT_TOKEN");
    // Slack connected: no demo customers are invented.
    expect(p.output()).not.toContain("loaded demo data");
    // Nothing installed yet: no digest of a made-up local workspace.
    expect(p.output()).toContain("No workspace has installed RightToGrow yet");
    const res = await fetch(`http://127.0.0.1:${port}/slack/install`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toMatch(/^https:\/\/slack\.com\/oauth\/v2\/authorize\?/);
    p.child.kill("SIGTERM");
    expect(await p.exited).toBe(0);
  });

  it("stops with the variable named when the encryption key is missing", async () => {
    const p = run({ ...OAUTH_ENV, DATA_DIR: dataDir, SLACK_API_URL: fake.url });
    expect(await p.exited).toBe(1);
    expect(p.output()).toContain("TOKEN_ENCRYPTION_KEY is required with the OAuth install");
  });
});
