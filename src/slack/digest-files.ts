import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { renderDigestChart } from "../charts/render-digest-chart.js";
import type { DigestModel } from "../domain/digest.js";
import { renderDigestText } from "../render/digest-text.js";
import { digestChartData } from "../render/digest-to-chart.js";
import { digestMessages } from "./features/digest/blocks.js";

export interface DigestFiles {
  dir: string;
  text: string;
  blocks: string;
  chart: string;
}

/**
 * Writes the digest as it would reach Slack: the terminal text, the Block Kit JSON (paste it
 * into Block Kit Builder) and the chart PNG. For running without Slack credentials.
 */
export async function writeDigestFiles(model: DigestModel, dir: string): Promise<DigestFiles> {
  const out = resolve(dir);
  await mkdir(out, { recursive: true });
  const files = {
    dir: out,
    text: join(out, "digest.txt"),
    blocks: join(out, "digest-blocks.json"),
    chart: join(out, "digest-chart.png"),
  };
  const messages = digestMessages(model, { withButtons: true });
  await writeFile(files.text, `${renderDigestText(model)}\n`);
  await writeFile(
    files.blocks,
    `${JSON.stringify({ text: messages.text, blocks: messages.blocks, thread: messages.thread }, null, 2)}\n`,
  );
  await writeFile(files.chart, await renderDigestChart(digestChartData(model)));
  return files;
}
