import type { WebClient } from "@slack/web-api";

/** A private message in the person's DM with the app: for replies where Slack gives no response_url. */
export const dm = (client: WebClient, userId: string, text: string) =>
  client.chat.postMessage({ channel: userId, text });
