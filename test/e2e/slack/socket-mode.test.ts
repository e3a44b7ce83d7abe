import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/env.js";
import type { Database } from "../../../src/data/database.js";
import { createSlackApp, type SlackApp } from "../../../src/slack/app.js";
import { allFeatures } from "../../../src/slack/features/index.js";
import { openPglite } from "../../helpers/db.js";
import { FAST_RETRIES, type FakeSlack, startFakeSlack } from "../../helpers/fake-slack.js";
import { slashCommand } from "../../helpers/slack-requests.js";

// Socket Mode (development without a public URL) against a local WebSocket standing in for Slack.
describe("Socket Mode", () => {
  let fake: FakeSlack;
  let db: Database;
  let app: SlackApp;
  beforeEach(async () => {
    fake = await startFakeSlack();
    db = await openPglite();
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-test",
      SLACK_APP_TOKEN: "xapp-test",
      SLACK_API_URL: fake.url,
      LOG_LEVEL: "error",
    });
    app = createSlackApp({ db, config, features: allFeatures, retryConfig: FAST_RETRIES });
  });
  afterEach(async () => {
    await app.stop();
    await fake.close();
    await db.close();
  });

  it("connects with the app-level token and answers /cx help through the socket", async () => {
    expect(app.mode).toBe("socket");
    await app.start();
    await fake.waitForSocket();
    expect(fake.lastCall("apps.connections.open")?.token).toBe("xapp-test");
    const ackMsg = await fake.sendSocketEnvelope(
      "slash_commands",
      slashCommand({ command: "/cx", text: "help", user_id: "U1", team_id: fake.teamId }),
    );
    expect(JSON.stringify(ackMsg.payload)).toContain("/cx survey");
  });
});
