import type { Feature } from "../../kit/deps.js";
import { helpTexts } from "./texts.js";

export const helpFeature: Feature = {
  name: "help",
  subcommands: {
    help: async ({ args, ctx, ack }) => {
      const t = helpTexts[ctx.locale];
      const topic = args[0]?.toLowerCase();
      await ack({
        response_type: "ephemeral",
        text: topic === "metrics" || topic === "metricas" || topic === "métricas" ? t.metrics : t.usage,
      });
    },
  },
};
