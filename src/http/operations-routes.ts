import type { Logger } from "@slack/bolt";
import type { Config } from "../config/env.js";
import type { Database } from "../data/database.js";
import { type Metrics, processMetrics } from "../observability/metrics.js";
import { createHealthChecks, type SlackHealth } from "../services/check-health.js";
import { healthRoutes } from "./health-routes.js";
import { metricsRoute } from "./metrics-route.js";
import type { HttpRoute } from "./routes.js";

// /healthz, /readyz and /metrics for a configuration: main.ts mounts them on every server the
// process runs (Slack's HTTP port, the API's own port), and so does the Slack test harness. How
// Slack is checked comes from the Slack layer (src/slack/health.ts).

export interface OperationsRoutesOptions {
  db: Database;
  config: Config;
  logger?: Logger;
  /** How Slack is checked: slackHealthFor(config) in src/slack/health.ts. */
  slack: SlackHealth;
  /** How long Slack's auth.test answer is reused (default 30 s). */
  slackCacheMs?: number;
  /** What /metrics serves (default: the process's metrics). */
  metrics?: Metrics;
}

export function operationsRoutes(opts: OperationsRoutesOptions): HttpRoute[] {
  const checks = createHealthChecks({
    db: opts.db,
    slack: opts.slack,
    slackCacheMs: opts.slackCacheMs,
  });
  const metrics = opts.metrics ?? processMetrics;
  return [
    ...healthRoutes(checks),
    metricsRoute({
      token: opts.config.metricsToken,
      render: metrics.render,
      contentType: metrics.contentType,
    }),
  ];
}
