import type { Feature } from "../../kit/deps.js";
import { subcommand } from "../../kit/listen.js";
import { helpTexts } from "./texts.js";

// `/cx help [metrics]`: the usage, or what the numbers mean. Everyone may ask.

const METRICS_TOPICS = ["metrics", "metricas", "métricas"];

const help = subcommand({}, async ({ args, ctx, reply }) => {
  const t = helpTexts[ctx.locale];
  await reply(METRICS_TOPICS.includes(args[0]?.toLowerCase() ?? "") ? t.metrics : t.usage);
});

export const helpFeature: Feature = { name: "help", subcommands: { help } };
