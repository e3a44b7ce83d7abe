import type { BlockAction, RespondFn } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";

/**
 * The private answer to a click: through the response_url when Slack gave one, else as an
 * ephemeral message in the channel, else as a DM (buttons in modals and the Home tab).
 */
export function privateReply(a: {
  body: BlockAction;
  client: WebClient;
  respond?: RespondFn;
}): (text: string) => Promise<unknown> {
  const { body, client, respond } = a;
  const container = body.container as { channel_id?: string } | undefined;
  const channel = container?.channel_id ?? body.channel?.id;
  return (text) => {
    if (respond && body.response_url)
      return respond({ response_type: "ephemeral", replace_original: false, text });
    if (channel) return client.chat.postEphemeral({ channel, user: body.user.id, text });
    return client.chat.postMessage({ channel: body.user.id, text });
  };
}
