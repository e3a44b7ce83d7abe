import type { WebClient } from "@slack/web-api";
import { renderDigestChart } from "../../../charts/render-digest-chart.js";
import type { StatsReport } from "../../../domain/customer-math.js";
import type { Locale } from "../../../domain/locale.js";
import { localDate } from "../../../domain/time.js";
import { statsChartData } from "../../../render/stats-to-chart.js";
import { statsTexts } from "./texts.js";

/**
 * The small chart goes to the person's DM with the app: a reply only they can see cannot carry
 * an uploaded image. After the reply, so the numbers are never late for the chart.
 */
export async function sendStatsChart(
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
