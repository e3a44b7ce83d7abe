import type { App } from "@slack/bolt";
import type { Locale } from "../../domain/locale.js";
import { helpTexts } from "../features/help/texts.js";
import { commonTexts } from "../kit/common-texts.js";
import type { Feature, SlackDeps, Subcommand } from "../kit/deps.js";
import { onCommand } from "../kit/listen.js";
import { escapeMrkdwn } from "../kit/mrkdwn.js";

// `/cx <subcommand> …`: one slash command, many features. Unknown words get the usage and the
// nearest known subcommand, never silence.

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] ?? 0;
      row[j] = Math.min(cur + 1, (row[j - 1] ?? 0) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] ?? 0;
}

export function suggest(word: string, known: string[]): string | null {
  const best = known.map((k) => ({ k, d: distance(word.toLowerCase(), k) })).sort((x, y) => x.d - y.d)[0];
  return best && best.d <= 2 ? best.k : null;
}

/** The private answer to a word no feature knows: the nearest known one, and the usage. */
export function unknownCommandText(locale: Locale, word: string, known: string[]): string {
  // Escaped: the word is the person's own text, and <!channel> or <@U…> in it would be a mention.
  const unknown = commonTexts[locale].unknownCommand(escapeMrkdwn(word), suggest(word, known));
  return `${unknown}\n\n${helpTexts[locale].usage}`;
}

export function registerCxCommand(app: App, deps: SlackDeps, features: Feature[]): void {
  const subcommands: Record<string, Subcommand> = {};
  for (const f of features) Object.assign(subcommands, f.subcommands ?? {});

  onCommand(app, deps, "/cx", async ({ command, ack, client, respond, ctx, reply }) => {
    const [word = "help", ...args] = command.text.trim().split(/\s+/).filter(Boolean);
    const handler = subcommands[word.toLowerCase()];
    if (!handler) return void (await reply(unknownCommandText(ctx.locale, word, Object.keys(subcommands))));
    await handler({ args, ack, command, ctx, client, respond, deps });
  });
}
