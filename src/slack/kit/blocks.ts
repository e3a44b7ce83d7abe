import type { types } from "@slack/bolt";
import { escapeMrkdwn } from "./mrkdwn.js";

// The Block Kit helpers every feature's builders use: one definition of each element, so a
// section, a button or a menu is built the same way in the digest, the Home tab and the modals.
// Pure functions of their arguments; the feature's texts say what they show.

export type KnownBlock = types.KnownBlock;
export type ModalView = types.ModalView;
export type Button = types.Button;
/** A block or element as plain JSON, for builders that assemble shapes Bolt's types do not name. */
export type Block = Record<string, unknown>;

export const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
export const mrkdwn = (text: string) => ({ type: "mrkdwn" as const, text });

/** Slack caps plain texts (option labels 75, button texts 75, titles 24); cut with an ellipsis. */
export const cut = (text: string, max: number): string =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

export const section = (text: string, accessory?: Block): KnownBlock =>
  ({ type: "section", text: mrkdwn(text), ...(accessory ? { accessory } : {}) }) as KnownBlock;
export const context = (...lines: string[]): KnownBlock => ({ type: "context", elements: lines.map(mrkdwn) });
export const header = (text: string): KnownBlock => ({ type: "header", text: plain(text) });
export const divider = (): KnownBlock => ({ type: "divider" });

export function button(
  text: string,
  actionId: string,
  opts: { value?: string; style?: "primary" | "danger"; url?: string } = {},
): Button {
  return {
    type: "button",
    text: plain(text),
    action_id: actionId,
    ...(opts.value !== undefined ? { value: opts.value } : {}),
    ...(opts.style ? { style: opts.style } : {}),
    ...(opts.url ? { url: opts.url } : {}),
  };
}

/** An option of a select, radio buttons or checkboxes. */
export const option = (value: string, text: string, description?: string) => ({
  text: plain(text),
  value,
  ...(description ? { description: plain(description) } : {}),
});

/** A "⋯" menu: each option's value says what to do to which item. */
export function overflow(actionId: string, options: Array<{ text: string; value: string }>): Block {
  return {
    type: "overflow",
    action_id: actionId,
    options: options.map((o) => ({ text: plain(o.text), value: o.value })),
  };
}

/** A date each reader sees in their own time zone and format; the ISO day as fallback. */
export const slackDate = (d: Date): string =>
  `<!date^${Math.floor(d.getTime() / 1000)}^{date_short}|${d.toISOString().slice(0, 10)}>`;

export { escapeMrkdwn };
