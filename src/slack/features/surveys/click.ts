import type { BlockAction } from "@slack/bolt";

// What a click says besides its value: the value of the button, and the message it was in.

/** The clicked element's value (buttons carry one; other elements none). */
export const clickedValue = (action: BlockAction["actions"][number]): string | undefined =>
  (action as { value?: string }).value;

/** The message the button was in, to update it in place; nulls for a button outside a message. */
export function clickedMessage(body: BlockAction): { channelId: string | null; messageTs: string | null } {
  const container = body.container as { channel_id?: string; message_ts?: string } | undefined;
  return {
    channelId: container?.channel_id ?? body.channel?.id ?? null,
    messageTs: container?.message_ts ?? body.message?.ts ?? null,
  };
}
