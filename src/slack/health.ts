import type { Logger } from "@slack/bolt";
import type { Config } from "../config/env.js";
import type { SlackHealth } from "../services/check-health.js";
import { slackAuthProbe } from "./auth-probe.js";
import type { PostingStatus } from "./posting-status.js";

/** How /healthz checks Slack for a configuration: auth.test with the bot token, or the installations. */
export function slackHealthFor(config: Config, logger?: Logger, posting?: PostingStatus): SlackHealth {
  // Workspaces whose digests cannot be posted exactly once (a reinstall is needed) are listed.
  const warnings = posting ? { warnings: () => posting.warnings() } : {};
  if (config.slack.botToken) {
    return {
      kind: "bot",
      probe: slackAuthProbe({ token: config.slack.botToken, apiUrl: config.slack.apiUrl, logger }),
      ...warnings,
    };
  }
  // OAuth install (many workspaces): no single token to test, see check-health.ts.
  if (config.slack.oauth) return { kind: "installations", ...warnings };
  return { kind: "none" };
}
