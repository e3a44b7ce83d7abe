import type { WebClient } from "@slack/web-api";
import type { SlackMessageRef } from "../domain/forgetting.js";

// Deletes messages the app posted (alerts quoting a forgotten person's answer, surveys sent to
// them). One at a time: a forget request is rare and Slack rate-limits chat.delete per channel.

export interface DeletedMessages {
  /** Deleted now, or already gone (message_not_found, channel_not_found). */
  deleted: number;
  /** Slack refused: still there (the channel archived, the app removed from it, …). */
  failed: SlackMessageRef[];
}

const ALREADY_GONE = new Set(["message_not_found", "channel_not_found", "thread_not_found"]);

export async function deleteSlackMessages(
  client: WebClient,
  refs: SlackMessageRef[],
): Promise<DeletedMessages> {
  const result: DeletedMessages = { deleted: 0, failed: [] };
  for (const ref of refs) {
    try {
      await client.chat.delete({ channel: ref.channelId, ts: ref.messageTs });
      result.deleted++;
    } catch (error) {
      const code = (error as { data?: { error?: string } }).data?.error;
      if (code && ALREADY_GONE.has(code)) result.deleted++;
      else result.failed.push(ref);
    }
  }
  return result;
}
