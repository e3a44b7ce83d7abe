import type { Config } from "../config/env.js";
import type { Database } from "../data/database.js";
import { resolveWorkspace, workspaceForTeam } from "../services/find-workspace.js";
import type { HttpRoute } from "./routes.js";
import { createStripeWebhookRoute } from "./stripe-webhook.js";

// What the composition root mounts for Stripe: nothing without a signing secret. One Stripe
// account feeds one workspace: STRIPE_SLACK_TEAM_ID's (which, like a first Slack request, adopts
// the local workspace the CLI filled), or else the only workspace there is; with several and no
// team id, each event is answered 500 with the reason, and Stripe keeps retrying until fixed.

export function stripeWebhookRoutes(opts: {
  db: Database;
  config: Config;
  log?: (line: string) => void;
  logError?: (message: string, error: unknown) => void;
}): HttpRoute[] {
  const { db, config } = opts;
  const secret = config.stripe.webhookSecret;
  if (!secret) return [];
  const defaults = {
    reportingCurrency: config.reportingCurrency,
    defaultLocale: config.defaultLocale,
    timezone: config.defaultTimezone,
  };
  const teamId = config.stripe.slackTeamId;
  return [
    createStripeWebhookRoute({
      db,
      webhookSecret: secret,
      maxBodyBytes: config.api.maxBodyBytes,
      defaultSegment: config.stripe.defaultSegment,
      workspace: () =>
        teamId ? workspaceForTeam(db.prisma, teamId, defaults) : resolveWorkspace(db.prisma, defaults),
      ...(opts.log ? { log: opts.log } : {}),
      ...(opts.logError ? { logError: opts.logError } : {}),
    }),
  ];
}
