import { mkdir, writeFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import { renderDigestChart } from "../charts/render-digest-chart.js";
import { type ScreenshotOptions, type ScreenshotResult, screenshotPage } from "../charts/screenshot-page.js";
import type { DigestModel } from "../domain/digest.js";
import { digestDeliveryTexts } from "../i18n/digest-delivery.js";
import { renderBlockKitPage } from "../render/block-kit-html.js";
import { renderDigestText } from "../render/digest-text.js";
import { digestChartData } from "../render/digest-to-chart.js";
import { digestMessages } from "./features/digest/blocks.js";

export interface DigestFiles {
  dir: string;
  text: string;
  blocks: string;
  chart: string;
  /** The messages laid out as Slack shows them (open it in a browser). */
  html: string;
  /** A screenshot of that page, when a Chromium was there to take it. */
  screenshot: ScreenshotResult;
}

/**
 * Writes the digest as it would reach Slack: the terminal text, the Block Kit JSON (paste it
 * into Block Kit Builder), the chart PNG, an HTML page that lays the messages out as Slack does,
 * and a PNG screenshot of that page (skipped without Chromium). For running without Slack credentials.
 */
export async function writeDigestFiles(
  model: DigestModel,
  dir: string,
  screenshot: ScreenshotOptions = {},
): Promise<DigestFiles> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const paths = {
    dir: out,
    text: join(out, "digest.txt"),
    blocks: join(out, "digest-blocks.json"),
    chart: join(out, "digest-chart.png"),
    html: join(out, "digest.html"),
  };
  const messages = digestMessages(model, { withButtons: true });
  await writeFile(paths.text, `${renderDigestText(model)}\n`);
  await writeFile(
    paths.blocks,
    `${JSON.stringify({ text: messages.text, blocks: messages.blocks, thread: messages.thread }, null, 2)}\n`,
  );
  await writeFile(paths.chart, await renderDigestChart(digestChartData(model)));
  const t = digestDeliveryTexts[model.locale];
  const page = renderBlockKitPage({
    locale: model.locale,
    title: messages.text,
    appName: "RightToGrow",
    main: { blocks: messages.blocks },
    // As posted: the thread replies, then the chart as a file in the thread.
    thread: [
      ...messages.thread.map((reply) => ({ blocks: reply.blocks })),
      { blocks: [], files: [{ src: basename(paths.chart), alt: t.chartAlt(model.title) }] },
    ],
  });
  await writeFile(paths.html, page);
  return {
    ...paths,
    screenshot: await screenshotPage(paths.html, join(out, "digest-preview.png"), screenshot),
  };
}
