import type { RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";

// A button click as this feature needs it, parsed from Slack's block_actions payload, and the
// private answer to it: through the response_url when Slack gave one, else as an ephemeral
// message in the channel, else as a DM.

const ZClickBody = z
  .object({
    user: z.object({ id: z.string().min(1), team_id: z.string().optional() }).loose(),
    team: z.object({ id: z.string() }).loose().nullish(),
    trigger_id: z.string().optional(),
    response_url: z.string().optional(),
    channel: z.object({ id: z.string() }).loose().optional(),
    container: z
      .object({ channel_id: z.string().optional(), message_ts: z.string().optional() })
      .loose()
      .optional(),
    message: z.object({ ts: z.string() }).loose().optional(),
    actions: z.array(z.object({ action_id: z.string(), value: z.string().optional() }).loose()).min(1),
  })
  .loose();

export interface Click {
  userId: string;
  teamId: string;
  triggerId: string | null;
  channelId: string | null;
  messageTs: string | null;
  hasResponseUrl: boolean;
  actionId: string;
  value: string | undefined;
}

export function parseClick(body: unknown): Click | null {
  const parsed = ZClickBody.safeParse(body);
  if (!parsed.success) return null;
  const b = parsed.data;
  const action = b.actions[0];
  if (!action) return null;
  return {
    userId: b.user.id,
    teamId: b.team?.id ?? b.user.team_id ?? "",
    triggerId: b.trigger_id ?? null,
    channelId: b.container?.channel_id ?? b.channel?.id ?? null,
    messageTs: b.container?.message_ts ?? b.message?.ts ?? null,
    hasResponseUrl: Boolean(b.response_url),
    actionId: action.action_id,
    value: action.value,
  };
}

export async function replyPrivately(
  click: Click,
  io: { client: WebClient; respond: RespondFn },
  text: string,
): Promise<void> {
  if (click.hasResponseUrl) {
    await io.respond({ response_type: "ephemeral", replace_original: false, text });
  } else if (click.channelId) {
    await io.client.chat.postEphemeral({ channel: click.channelId, user: click.userId, text });
  } else {
    await io.client.chat.postMessage({ channel: click.userId, text });
  }
}
