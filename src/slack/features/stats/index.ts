import type { WebClient } from "@slack/web-api";
import { renderDigestChart } from "../../../charts/render-digest-chart.js";
import type { StatsReport } from "../../../domain/customer-math.js";
import type { Locale } from "../../../domain/locale.js";
import { parseStatsArgs } from "../../../domain/period.js";
import { segmentKey } from "../../../domain/taxonomy.js";
import { isValidTimeZone, localDate } from "../../../domain/time.js";
import { statsChartData } from "../../../render/stats-to-chart.js";
import { getStats, UnknownSegmentError } from "../../../services/get-stats.js";
import { listSegments } from "../../../services/list-segments.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { Feature, Subcommand } from "../../kit/deps.js";
import { deniedText } from "../../kit/request-context.js";
import { statsMessage } from "./blocks.js";
import { statsTexts } from "./texts.js";

// `/cx stats [segment] [period]`: the customer math for one segment (or all), privately.
// Periods are read in the workspace's time zone, so everyone gets the same numbers for the same
// words (and the same as the digest), whatever their own zone.

/**
 * The small chart goes to the person's DM with the app: a reply only they can see cannot carry
 * an uploaded image. After the ack, so the numbers are never late for the chart.
 */
async function sendChart(
  client: WebClient,
  userId: string,
  chart: { report: StatsReport; segment: string | null; locale: Locale; timeZone: string },
  warn: (error: unknown) => void,
): Promise<void> {
  try {
    const { report, segment, locale, timeZone } = chart;
    const period = {
      from: localDate(new Date(report.from), timeZone),
      to: localDate(new Date(report.to), timeZone),
    };
    const data = statsChartData(report, segment, locale, period);
    const png = await renderDigestChart(data);
    const dm = await client.conversations.open({ users: userId });
    const channel = dm.channel?.id;
    if (!channel) return;
    await client.files.uploadV2({
      channel_id: channel,
      file: png,
      filename: "stats-chart.png",
      title: data.title,
      alt_text: statsTexts[locale].chartAlt(segment),
    });
  } catch (error) {
    // The numbers were already given; a chart that could not be sent is only logged.
    warn(error);
  }
}

const stats: Subcommand = async ({ args, ack, ctx, deps, client }) => {
  const t = statsTexts[ctx.locale];
  if (!ctx.can("stats.view")) {
    await ack({ response_type: "ephemeral", text: deniedText(ctx, "stats.view") });
    return;
  }
  const ws = ctx.workspace;
  const tz = isValidTimeZone(ws.timezone) ? ws.timezone : deps.config.defaultTimezone;
  const now = deps.clock();
  const reply = (text: string) => ack({ response_type: "ephemeral", text });
  try {
    let parsed = parseStatsArgs(args, now, tz);
    if (!parsed.ok) {
      // A segment whose name starts with a digit ("2025 cohort") is not a bad period.
      const segments = await listSegments(deps.db, ws.id);
      const whole = args.join(" ");
      const named = parseStatsArgs([], now, tz);
      if (named.ok && segments.some((s) => s.key === segmentKey(whole))) {
        parsed = { ...named, segment: whole };
      } else {
        await reply(
          [
            t.badPeriod(parsed.text, parsed.error),
            t.formats,
            t.segmentsList(segments.map((s) => s.name)),
            t.usage,
          ].join("\n"),
        );
        return;
      }
    }
    const report = await getStats(deps.db.prisma, {
      workspaceId: ws.id,
      currency: ws.reportingCurrency,
      from: parsed.period.from,
      to: parsed.period.to,
      segment: parsed.segment,
    });
    const segment = parsed.segment === undefined ? null : (report.segments[0]?.segment ?? parsed.segment);
    const message = statsMessage({ report, segment, locale: ctx.locale, timeZone: tz });
    await ack({
      response_type: "ephemeral",
      ...message,
      // Within Slack's 50 blocks: the note about the chart is the first thing to go.
      blocks:
        message.blocks.length < 50
          ? [...message.blocks, { type: "context", elements: [{ type: "mrkdwn", text: t.chartFollows }] }]
          : message.blocks,
    });
    await sendChart(client, ctx.userId, { report, segment, locale: ctx.locale, timeZone: tz }, (error) =>
      console.warn("Could not send the /cx stats chart", error),
    );
  } catch (error) {
    if (error instanceof UnknownSegmentError) {
      await reply([t.unknownSegment(error.segment, error.valid), t.formats, t.usage].join("\n"));
      return;
    }
    await reply(commonTexts[ctx.locale].somethingWrong);
    throw error;
  }
};

export const statsFeature: Feature = { name: "stats", subcommands: { stats, cifras: stats } };
