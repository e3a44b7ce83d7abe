import type { WebClient } from "@slack/web-api";
import type { PrismaClient } from "../data/client.js";
import type { ForgetCounts } from "../domain/forgetting.js";
import { deleteSlackMessages } from "./delete-slack-messages.js";
import { forgetPerson } from "./forget-person.js";

// An admin's confirmed "forget this person" from Slack: their data (forget-person.ts), then the
// messages the app posted about them, which nothing in the database points at any more.

export interface ForgottenEverywhere {
  counts: ForgetCounts;
  /** How many of the app's messages Slack refused to delete (to remove by hand). */
  slackFailed: number;
}

export async function forgetPersonEverywhere(
  db: PrismaClient,
  client: WebClient,
  req: { workspaceId: string; userId: string; actor: string },
): Promise<ForgottenEverywhere> {
  const counts = await forgetPerson(db, { ...req, dryRun: false });
  const messages = await deleteSlackMessages(client, counts.slackMessages);
  return { counts, slackFailed: messages.failed.length };
}
