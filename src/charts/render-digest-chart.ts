import type { DigestChartData } from "./digest-chart-data.js";
import { digestChartSpec } from "./digest-chart-spec.js";
import { renderChartPng } from "./render-png.js";

/** The digest chart as a PNG (2× zoom, ~1300 px wide), in `data.locale`. */
export function renderDigestChart(data: DigestChartData): Promise<Buffer> {
  return renderChartPng(digestChartSpec(data));
}
