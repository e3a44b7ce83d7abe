import type { WebClient } from "@slack/web-api";
import { recordCampaignRun } from "../observability/metrics.js";
import {
  type CampaignRunSummary,
  describeCampaignRun,
  runDueCampaigns,
} from "../services/run-due-campaigns.js";
import type { SlackDeps } from "./deps.js";
import { slackOutbox } from "./features/surveys/slack-outbox.js";
import { anonymousSecret } from "./features/surveys/values.js";

// Survey campaigns ride on the digest scheduler's tick: same wake-ups, same clock, the app's
// own WebClient. What was sent (or why not) goes to the log, one line per busy campaign.

export function campaignTickJob(
  client: WebClient,
  deps: SlackDeps,
  log: (line: string) => void,
): (now: Date) => Promise<void> {
  // The bot's own user id keeps it out of channel audiences; asked once, on the first tick.
  let botUserId: Promise<string | undefined> | undefined;
  return async (now) => {
    botUserId ??= client.auth
      .test()
      .then((r) => r.user_id)
      .catch(() => {
        botUserId = undefined; // asked again next tick
        return undefined;
      });
    let summary: CampaignRunSummary;
    try {
      summary = await runDueCampaigns({
        db: deps.db.prisma,
        now,
        outbox: slackOutbox(client, deps, await botUserId),
        deliver: {
          throttleDays: deps.config.surveyThrottleDays,
          anonymousSecret: anonymousSecret(deps.config),
        },
      });
    } catch (error) {
      // Logged here rather than by the digest scheduler, whose message would blame the digests.
      log(
        `campaigns: run failed, next minute tries again: ${error instanceof Error ? error.message : String(error)}`,
      );
      return;
    }
    recordCampaignRun(summary);
    for (const line of describeCampaignRun(summary)) log(line);
  };
}
