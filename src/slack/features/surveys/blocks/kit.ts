import type { types } from "@slack/bolt";
import { escapeMrkdwn } from "../../../kit/mrkdwn.js";

// Small Block Kit helpers shared by this feature's builders.

export type KnownBlock = types.KnownBlock;
export type ModalView = types.ModalView;
export type Button = types.Button;

export const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
export const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });
export const section = (text: string): KnownBlock => ({ type: "section", text: mrkdwn(text) });
export const context = (text: string): KnownBlock => ({ type: "context", elements: [mrkdwn(text)] });

/** Slack caps plain texts (option labels 75, button texts 75, titles 24); cut with an ellipsis. */
export const cut = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** A date each reader sees in their own time zone and format; the ISO day as fallback. */
export const slackDate = (d: Date): string =>
  `<!date^${Math.floor(d.getTime() / 1000)}^{date_short}|${d.toISOString().slice(0, 10)}>`;

export { escapeMrkdwn };
