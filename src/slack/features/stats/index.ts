import { askStats } from "../../../services/ask-stats.js";
import type { Feature } from "../../kit/deps.js";
import { subcommand } from "../../kit/listen.js";
import { statsReply } from "./blocks.js";
import { sendStatsChart } from "./chart.js";

// `/cx stats [segment] [period]`: the customer math for one segment (or all), privately, then a
// small chart in the person's DM. Periods are read in the workspace's time zone (services/ask-stats.ts).

const stats = subcommand({ allow: "stats.view" }, async ({ args, ack, ctx, deps, client }) => {
  const ws = ctx.workspace;
  const answer = await askStats(deps.db, {
    workspaceId: ws.id,
    currency: ws.reportingCurrency,
    words: args,
    now: deps.clock(),
    timeZone: ws.timezone,
    fallbackTimeZone: deps.config.defaultTimezone,
    minAnswers: deps.config.minScoreAnswers,
  });
  await ack({ response_type: "ephemeral", ...statsReply(answer, ctx.locale) });
  if (answer.kind !== "report") return;
  const chart = {
    report: answer.report,
    segment: answer.segment,
    locale: ctx.locale,
    timeZone: answer.timeZone,
  };
  await sendStatsChart(client, ctx.userId, chart, (error) =>
    console.warn("Could not send the /cx stats chart", error),
  );
});

export const statsFeature: Feature = { name: "stats", subcommands: { stats, cifras: stats } };
