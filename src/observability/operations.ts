import type { Logger } from "@slack/bolt";
import type { Config } from "../config/env.js";
import type { Database } from "../data/database.js";
import { healthRoutes } from "../http/health-routes.js";
import { metricsRoute } from "../http/metrics-route.js";
import type { HttpRoute } from "../http/routes.js";
import { createHealthChecks, type SlackHealth } from "../services/check-health.js";
import { slackAuthProbe } from "../slack/auth-probe.js";
import { renderMetrics } from "./metrics.js";

// /healthz, /readyz and /metrics for a configuration: main.ts mounts them on every server the
// process runs (Slack's HTTP port, the API's own port), and so does the Slack test harness.

export interface OperationsRoutesOptions {
  db: Database;
  config: Config;
  logger?: Logger;
  /** How long Slack's auth.test answer is reused (default 30 s). */
  slackCacheMs?: number;
}

export function slackHealthFor(config: Config, logger?: Logger): SlackHealth {
  if (config.slack.botToken) {
    return {
      kind: "bot",
      probe: slackAuthProbe({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger }),
    };
  }
  // OAuth install (many workspaces): no single token to test, see check-health.ts.
  if (config.slack.oauth) return { kind: "installations" };
  return { kind: "none" };
}

export function operationsRoutes(opts: OperationsRoutesOptions): HttpRoute[] {
  const checks = createHealthChecks({
    db: opts.db,
    slack: slackHealthFor(opts.config, opts.logger),
    slackCacheMs: opts.slackCacheMs,
  });
  return [...healthRoutes(checks), metricsRoute({ token: opts.config.metricsToken, render: renderMetrics })];
}
