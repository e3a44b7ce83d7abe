import { parseConfig } from "../../src/config/env.js";
import type { Database } from "../../src/data/database.js";
import { operationsRoutes } from "../../src/http/operations-routes.js";
import { createMetrics } from "../../src/observability/metrics.js";
import { createSlackApp, type SlackApp, type SlackAppOptions } from "../../src/slack/app.js";
import { allFeatures } from "../../src/slack/features/index.js";
import { slackHealthFor } from "../../src/slack/health.js";
import { FAST_RETRIES, type FakeSlack, startFakeSlack } from "./fake-slack.js";
import { createSlackClient, type SlackHttpClient } from "./slack-requests.js";

// The real Bolt app over HTTP on 127.0.0.1, a fake Slack Web API, and a fresh database: what
// every Slack end-to-end test starts from.
//
//   const h = await startSlackHarness(await openPglite(), { env: { ROLE_MANAGERS: "UMGR" } });
//   const res = await h.slack.command({ command: "/cx", text: "help", user_id: "U1" });
//   ...
//   await h.stop();

export const SIGNING_SECRET = "test-signing-secret-0123456789";

export interface SlackHarness {
  app: SlackApp;
  fake: FakeSlack;
  slack: SlackHttpClient;
  db: Database;
  port: number;
  stop(): Promise<void>;
}

export async function startSlackHarness(
  db: Database,
  opts: {
    env?: Record<string, string>;
    clock?: () => Date;
    fake?: FakeSlack;
    /** Overrides for createSlackApp (logger, features, ...); `routes` are served beside /healthz and /metrics. */
    app?: Partial<Omit<SlackAppOptions, "db" | "config">>;
  } = {},
): Promise<SlackHarness> {
  const fake = opts.fake ?? (await startFakeSlack());
  const config = parseConfig({
    SLACK_BOT_TOKEN: "xoxb-fake",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: fake.url,
    LOG_LEVEL: "error",
    ...opts.env,
  });
  // Each harness has its own registry, as each process has: apps in one test process never share counts.
  const metrics = opts.app?.metrics ?? createMetrics();
  const app = createSlackApp({
    db,
    config,
    metrics,
    features: allFeatures,
    clock: opts.clock,
    retryConfig: FAST_RETRIES,
    ...opts.app,
    // As npm start mounts them: health and metrics beside whatever else the test serves.
    routes: [
      ...operationsRoutes({
        db,
        config,
        logger: opts.app?.logger,
        slack: slackHealthFor(config, opts.app?.logger),
        metrics,
      }),
      ...(opts.app?.routes ?? []),
    ],
  });
  const { port } = await app.start(0, "127.0.0.1");
  if (port === null) throw new Error("expected HTTP mode");
  const slack = createSlackClient({
    baseUrl: `http://127.0.0.1:${port}`,
    signingSecret: SIGNING_SECRET,
    responseUrl: () => fake.responseUrl(),
    teamId: fake.teamId,
  });
  return {
    app,
    fake,
    slack,
    db,
    port,
    stop: async () => {
      await fake.waitForQuiet(50).catch(() => {});
      await app.stop();
      if (!opts.fake) await fake.close();
    },
  };
}
