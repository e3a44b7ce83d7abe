import { writeFile } from "node:fs/promises";
import type { Profiler } from "node:inspector";
import { Session } from "node:inspector/promises";

// `npm run bench:ack -- --cpu-prof`: a CPU profile of this process's main thread (the app, the
// database when it is PGlite, and the fake Slack) while the app answers the measured burst,
// summed by where the code comes from, and saved for Chrome DevTools / speedscope.

export interface CpuProfiler {
  stop(file: string): Promise<Array<{ where: string; ms: number; share: number }>>;
}

export async function startCpuProfile(): Promise<CpuProfiler> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  return {
    async stop(file) {
      const { profile } = await session.post("Profiler.stop");
      session.disconnect();
      await writeFile(file, JSON.stringify(profile));
      return summarise(profile);
    },
  };
}

const CATEGORIES: Array<[RegExp, string]> = [
  [/@electric-sql\/pglite|^wasm:/, "PGlite (Postgres in Wasm)"],
  [/pglite-prisma-adapter|@prisma\/driver-adapter-utils/, "Prisma PGlite adapter"],
  [/@prisma\/adapter-pg|node_modules\/pg/, "Prisma pg adapter / node-postgres"],
  [/@prisma|\/generated\/prisma\//, "Prisma client"],
  [/@slack\/bolt/, "Bolt"],
  [
    /@slack\/web-api|@slack\/logger|node_modules\/axios|form-data|follow-redirects|p-queue|p-retry/,
    "Slack WebClient (axios)",
  ],
  [/node_modules\/zod/, "zod"],
  [/node_modules\/(raw-body|tsscmp|iconv-lite)/, "body parsing"],
  [/\/test\/helpers\//, "fake Slack (test helper)"],
  [/\/src\//, "app code (src/)"],
  [/\/bench\//, "bench"],
  [/node_modules/, "other packages"],
];

function categoryOf(frame: Profiler.ProfileNode["callFrame"]): string {
  const url = frame.url;
  if (!url) {
    if (frame.functionName === "(garbage collector)") return "GC";
    if (frame.functionName === "(idle)") return "idle";
    if (frame.functionName === "(program)") return "V8 / native (program)";
    return `native: ${frame.functionName || "(anonymous)"}`;
  }
  for (const [re, name] of CATEGORIES) if (re.test(url)) return name;
  if (url.startsWith("node:")) return "Node internals (http, net, crypto, streams)";
  return "other";
}

function summarise(profile: Profiler.Profile): Array<{ where: string; ms: number; share: number }> {
  const byNode = new Map(profile.nodes.map((n) => [n.id, n]));
  const totals = new Map<string, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  let all = 0;
  for (let i = 0; i < samples.length; i++) {
    const node = byNode.get(samples[i] as number);
    const us = deltas[i] ?? 0;
    if (!node) continue;
    const where = categoryOf(node.callFrame);
    totals.set(where, (totals.get(where) ?? 0) + us);
    all += us;
  }
  return [...totals]
    .map(([where, us]) => ({ where, ms: us / 1000, share: all ? us / all : 0 }))
    .sort((a, b) => b.ms - a.ms);
}
