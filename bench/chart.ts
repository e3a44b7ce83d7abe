// Digest chart render time: cold (first render in a fresh process: loading vega, vega-lite,
// resvg and the fonts included) and warm (median of 50 renders in one process), and peak RSS.
//
//   npx tsx bench/chart.ts [renders=50] [coldProcesses=5]

import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import type { DigestChartData } from "../src/charts/digest-chart-data.js";
import { renderDigestChart } from "../src/charts/render-digest-chart.js";

const WEEKS = [
  "2026-01-05",
  "2026-01-12",
  "2026-01-19",
  "2026-01-26",
  "2026-02-02",
  "2026-02-09",
  "2026-02-16",
  "2026-02-23",
];

function data(i: number): DigestChartData {
  const wobble = (k: number) => Math.round(10 * Math.sin(i + k)) / 10;
  return {
    locale: i % 2 ? "es" : "en",
    title: i % 2 ? "¿Nos hemos ganado el derecho a crecer?" : "Did we earn the right to grow?",
    segments: ["Enterprise", "Mid-Market", "SMB", "Public Sector"].map((name, k) => ({
      name,
      gained: 3 + ((i + k * 5) % 12),
      lost: (i * 3 + k) % 17,
      gainedValue: "0",
      lostValue: "0",
    })),
    trends: WEEKS.flatMap((periodStart, k) => [
      { kind: "NPS" as const, periodStart, score: 30 - 3 * k + wobble(k), n: 20 },
      { kind: "CSAT" as const, periodStart, score: 82 - k + wobble(k), n: 30 },
      { kind: "CES" as const, periodStart, score: 5.6 - 0.1 * k + wobble(k) / 10, n: 12 },
    ]),
  };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
};
const mib = (kib: number) => `${(kib / 1024).toFixed(0)} MiB`;

async function timed(i: number): Promise<{ ms: number; bytes: number }> {
  const start = performance.now();
  const png = await renderDigestChart(data(i));
  return { ms: performance.now() - start, bytes: png.length };
}

if (process.argv[2] === "--cold-once") {
  const { ms } = await timed(0);
  process.stdout.write(`${ms}\n`);
} else {
  const renders = Number(process.argv[2] ?? 50);
  const coldProcesses = Number(process.argv[3] ?? 5);
  const self = fileURLToPath(import.meta.url);
  const tsx = fileURLToPath(new URL("../node_modules/tsx/dist/cli.mjs", import.meta.url));
  const cold: number[] = [];
  for (let p = 0; p < coldProcesses; p++) {
    cold.push(
      Number(execFileSync(process.execPath, [tsx, self, "--cold-once"], { encoding: "utf8" }).trim()),
    );
  }
  const first = await timed(0);
  const warm: number[] = [];
  let bytes = 0;
  for (let i = 1; i <= renders; i++) {
    const r = await timed(i);
    warm.push(r.ms);
    bytes = r.bytes;
  }
  const rss = process.resourceUsage().maxRSS;
  console.log(`cold (fresh process, median of ${coldProcesses}): ${median(cold).toFixed(0)} ms`);
  console.log(`first render in this process:             ${first.ms.toFixed(0)} ms`);
  console.log(
    `warm (median of ${renders}): ${median(warm).toFixed(0)} ms (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)})`,
  );
  console.log(
    `PNG size: ${(bytes / 1024).toFixed(0)} KiB; peak RSS: ${mib(rss)}; RSS now: ${mib(process.memoryUsage().rss / 1024)}`,
  );
}
