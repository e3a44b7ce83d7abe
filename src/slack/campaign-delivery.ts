import type { WebClient } from "@slack/web-api";
import {
  type CampaignRunSummary,
  describeCampaignRun,
  runDueCampaigns,
} from "../services/run-due-campaigns.js";
import { slackOutbox } from "./features/surveys/slack-outbox.js";
import { anonymousSecret } from "./features/surveys/values.js";
import type { SlackDeps } from "./kit/deps.js";
import type { WorkspaceClients } from "./workspace-clients.js";

// Survey campaigns ride on the digest scheduler's tick: same wake-ups, same clock, and the
// WebClient of each campaign's workspace. What was sent (or why not) goes to the log, one line
// per busy campaign.

export function campaignTickJob(
  clients: WorkspaceClients,
  deps: SlackDeps,
  log: (line: string) => void,
): (now: Date) => Promise<void> {
  // The bot's own user id (one per installation) keeps it out of channel audiences; asked once
  // per client, and again next tick when Slack did not answer.
  const botUserIds = new Map<WebClient, Promise<string | undefined>>();
  const botUserId = (client: WebClient) => {
    let id = botUserIds.get(client);
    if (!id) {
      id = client.auth
        .test()
        .then((r) => r.user_id)
        .catch(() => {
          botUserIds.delete(client);
          return undefined;
        });
      botUserIds.set(client, id);
    }
    return id;
  };
  return async (now) => {
    let summary: CampaignRunSummary;
    try {
      summary = await runDueCampaigns({
        db: deps.db.prisma,
        now,
        outbox: async (workspaceId) => {
          const client = await clients.forWorkspace(workspaceId);
          return client ? slackOutbox(client, deps, await botUserId(client)) : null;
        },
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
    deps.metrics.recordCampaignRun(summary);
    for (const line of describeCampaignRun(summary)) log(line);
  };
}
