import type { Logger } from "@slack/bolt";
import type { Config } from "../config/env.js";
import type { SlackHealth } from "../services/check-health.js";
import { slackAuthProbe } from "./auth-probe.js";

/** How /healthz checks Slack for a configuration: auth.test with the bot token, or the installations. */
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
