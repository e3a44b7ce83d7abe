import type { WebClient } from "@slack/web-api";
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
  onRun?: (summary: CampaignRunSummary) => void,
): (now: Date) => Promise<void> {
  // The bot's own user id keeps it out of channel audiences; asked once, on the first tick.
  let botUserId: Promise<string | undefined> | undefined;
  return async (now) => {
    botUserId ??= client.auth
      .test()
      .then((r) => r.user_id)
      .catch(() => undefined);
    const summary = await runDueCampaigns({
      db: deps.db.prisma,
      now,
      outbox: slackOutbox(client, deps, await botUserId),
      deliver: {
        throttleDays: deps.config.surveyThrottleDays,
        anonymousSecret: anonymousSecret(deps.config),
      },
    });
    for (const line of describeCampaignRun(summary)) log(line);
    onRun?.(summary);
  };
}
