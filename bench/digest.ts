import { rm } from "node:fs/promises";
import { join } from "node:path";
import { renderDigestChart } from "../src/charts/render-digest-chart.js";
import { type Database, fromPostgresUrl, openDatabase } from "../src/data/database.js";
import {
  querySayVersusDo,
  queryScoreTrends,
  queryValueAtRisk,
  queryVoiceQuotes,
  queryVoiceThemes,
  type Scope,
} from "../src/data/digest-queries.js";
import { statsRows } from "../src/data/stats-queries.js";
import { listReasons, listSegments } from "../src/data/taxonomy.js";
import { resolveWorkspace } from "../src/data/workspaces.js";
import { buildStatsReport } from "../src/domain/customer-math.js";
import type { DigestModel } from "../src/domain/digest.js";
import { renderDigestText } from "../src/render/digest-text.js";
import { digestChartData } from "../src/render/digest-to-chart.js";
import { buildDigest, type DigestRequest, TREND_PERIODS } from "../src/services/build-digest.js";
import { getStats } from "../src/services/get-stats.js";
import { digestMessages } from "../src/slack/features/digest/blocks.js";
import { buildVoiceNotes } from "./digest-data.js";
import { type DigestFloorArgs, type DigestFloorRow, digestFloor } from "./digest-floor.js";
import {
  createDatabase,
  dropDatabase,
  fmtInt,
  fmtMs,
  fmtRatio,
  intArg,
  median,
  note,
  printTable,
  RssSampler,
  readArgs,
  startPostgres,
  timed,
  worldReadableTempDir,
} from "./lib.js";
import { buildStatsData, DAYS, T0 } from "./stats-data.js";

// npm run bench:digest -- [--rows N] [--responses N] [--notes N] [--runs N] [--renders N]
//                         [--only pglite|postgres] [--keep]
//
// Builds a database with N movements (N/5 customers, 20 segments), 2N survey responses and N/100
// voice notes with SQL (bench/stats-data.ts, bench/digest-data.ts), then times one leadership
// digest for the last 4 weeks of the data, all segments: buildDigest (every query and the
// model), each of its queries, the Block Kit messages, the text, and the chart (data + Vega-Lite
// + PNG). The queries are compared with the floor, one hand-written statement returning the
// same numbers (bench/digest-floor.ts). "cold" is the first call on a freshly opened database
// (for the chart: the first render in the process, loading Vega and the fonts), "warm" the
// median of --runs further calls (--renders for the chart). On PostgreSQL the queries are timed
// with the server's defaults and with jit=off for the session; the floor is the faster of the two.

const WEEK = 7 * 86_400_000;

interface Timing {
  cold: number;
  warm: number;
}

async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  const cold = (await timed(fn)).ms;
  const all: number[] = [];
  for (let i = 0; i < runs; i++) all.push((await timed(fn)).ms);
  return { cold, warm: median(all) };
}

interface EngineResult {
  engine: string;
  buildDigest: Timing;
  parts: Record<string, Timing>;
  floor: Timing;
  equal: string[];
  model: DigestModel | null;
  peakRss: number;
}

/** Rows as sorted JSON lines, so that two results compare whatever their order and types. */
const canon = (rows: unknown[] | null, pick: (r: Record<string, unknown>) => unknown[]) =>
  (rows ?? [])
    .map((r) => JSON.stringify(pick(r as Record<string, unknown>)))
    .sort()
    .join("\n");

async function measure(
  engine: string,
  open: () => Promise<Database>,
  workspaceId: string,
  runs: number,
): Promise<EngineResult> {
  const sampler = new RssSampler().start();
  const to = new Date(T0.getTime() + DAYS * 86_400_000);
  const from = new Date(to.getTime() - 4 * WEEK);
  const length = to.getTime() - from.getTime();
  const request: DigestRequest = {
    workspaceId,
    currency: "EUR",
    segmentIds: [],
    from,
    to,
    title: "Leadership meeting",
    locale: "en",
    timeZone: "UTC",
    demo: false,
  };
  const scope: Scope = { workspaceId, segmentIds: [] };

  let db = await open();
  note(`  ${engine}: buildDigest …`);
  let model: DigestModel | null = null;
  const built = await timeRuns(runs, async () => {
    model = await buildDigest(db.prisma, request);
  });
  const stats = () => getStats(db.prisma, { workspaceId, currency: "EUR", from, to, segmentIds: [] });
  const parts: Record<string, Timing> = {
    getStats: await timeRuns(runs, stats),
    queryScoreTrends: await timeRuns(runs, () =>
      queryScoreTrends(db.prisma, scope, to, length, TREND_PERIODS),
    ),
    querySayVersusDo: await timeRuns(runs, () => querySayVersusDo(db.prisma, scope, from, to)),
    queryValueAtRisk: await timeRuns(runs, () => queryValueAtRisk(db.prisma, scope, to)),
    queryVoiceThemes: await timeRuns(runs, () => queryVoiceThemes(db.prisma, scope, from, to)),
    queryVoiceQuotes: await timeRuns(runs, () => queryVoiceQuotes(db.prisma, scope, from, to)),
  };
  const ours = {
    report: await stats(),
    trends: await queryScoreTrends(db.prisma, scope, to, length, TREND_PERIODS),
    sayDo: await querySayVersusDo(db.prisma, scope, from, to),
    risks: await queryValueAtRisk(db.prisma, scope, to),
    themes: await queryVoiceThemes(db.prisma, scope, from, to),
    quotes: await queryVoiceQuotes(db.prisma, scope, from, to),
  };
  const segments = (await listSegments(db.prisma, workspaceId)).map((s) => ({ id: s.id, name: s.name }));
  const reasons = await listReasons(db.prisma, workspaceId);
  await db.close();

  db = await open();
  note(`  ${engine}: floor …`);
  const args: DigestFloorArgs = {
    window: { workspaceId, previousFrom: new Date(from.getTime() - length), from, to, segmentId: null },
    trendFrom: new Date(to.getTime() - length * TREND_PERIODS),
    trendSeconds: length / 1000,
    trendPeriods: TREND_PERIODS,
    riskDays: 90,
    sayDays: 90,
    quotes: 3,
  };
  let floorRow: DigestFloorRow | null = null;
  const floor = await timeRuns(runs, async () => {
    floorRow = await digestFloor(db.prisma, args);
  });
  await db.close();
  const peakRss = sampler.stop();

  // Same numbers? Part by part.
  const f = floorRow as DigestFloorRow | null;
  const equal: string[] = [];
  const check = (part: string, a: string, b: string, n: number) =>
    equal.push(a === b ? `${part}: same (${n} rows)` : `${part}: DIFFERENT`);
  const fromFloor = buildStatsReport({
    from,
    to,
    currency: "EUR",
    segments,
    reasons,
    ...statsRows(f?.stats ?? [], null),
  });
  check("stats", JSON.stringify(ours.report), JSON.stringify(fromFloor), (f?.stats ?? []).length);
  const trend = (r: Record<string, unknown>) => [r.bucket, r.kind, r.score, r.count];
  check("trends", canon(ours.trends, trend), canon(f?.trends ?? null, trend), ours.trends.length);
  const sayDo = (r: Record<string, unknown>) => [r.said, r.count, Number(r.value).toFixed(2)];
  check("say vs do", canon(ours.sayDo, sayDo), canon(f?.sayDo ?? null, sayDo), ours.sayDo.length);
  const risk = (r: Record<string, unknown>) => [
    r.customerId,
    Number(r.value).toFixed(2),
    r.kind,
    r.score,
    new Date(r.respondedAt as string).toISOString(),
  ];
  check("value at risk", canon(ours.risks, risk), canon(f?.risks ?? null, risk), ours.risks.length);
  const theme = (r: Record<string, unknown>) => [r.source, r.stage, r.sentiment, r.count];
  check("themes", canon(ours.themes, theme), canon(f?.themes ?? null, theme), ours.themes.length);
  const quote = (r: Record<string, unknown>) => [r.id];
  check("quotes", canon(ours.quotes, quote), canon(f?.quotes ?? null, quote), ours.quotes.length);

  return { engine, buildDigest: built, parts, floor, equal, model, peakRss };
}

async function prepare(
  db: Database,
  args: { movements: number; responses: number; notes: number },
): Promise<{ workspaceId: string; counts: string; buildMs: number }> {
  await db.migrate();
  const workspace = await resolveWorkspace(db.prisma, {
    reportingCurrency: "EUR",
    defaultLocale: "en",
    timezone: "UTC",
  });
  const built = await timed(async () => {
    const data = await buildStatsData(db, workspace.id, {
      movements: args.movements,
      responses: args.responses,
      vacuum: true,
      log: (s) => note(`  ${db.kind}${s}`),
    });
    await buildVoiceNotes(db, workspace.id, args.notes);
    return data;
  });
  const counts = `${fmtInt(built.value.movements)} movements, ${fmtInt(built.value.customers)} customers, ${fmtInt(built.value.responses)} responses, ${fmtInt(args.notes)} voice notes`;
  return { workspaceId: workspace.id, counts, buildMs: built.ms };
}

async function main(): Promise<void> {
  const args = readArgs();
  const movements = intArg(args, "rows", 1_000_000);
  const responses = intArg(args, "responses", 2 * movements);
  const notes = intArg(args, "notes", Math.max(1, Math.round(movements / 100)));
  const runs = intArg(args, "runs", 5);
  const renders = intArg(args, "renders", 20);
  const only = args.get("only");
  const keep = args.has("keep");
  const wallStart = performance.now();
  const results: EngineResult[] = [];
  const lines: string[] = [];
  let counts = "";
  const dir = await worldReadableTempDir("rtg-bench-digest-");
  const cleanups: Array<() => Promise<void>> = [];
  if (!keep) cleanups.push(() => rm(dir, { recursive: true, force: true }));

  try {
    if (only !== "postgres") {
      const dataDir = join(dir, "pglite-data");
      note(`PGlite: building the data in ${dataDir} …`);
      const db = await openDatabase({ kind: "pglite", dataDir });
      const p = await prepare(db, { movements, responses, notes }).finally(() => db.close());
      counts = p.counts;
      lines.push(`PGlite data built in ${fmtMs(p.buildMs)}`);
      results.push(
        await measure("PGlite", () => openDatabase({ kind: "pglite", dataDir }), p.workspaceId, runs),
      );
    }
    if (only !== "pglite") {
      const server = await startPostgres();
      if ("skipped" in server) {
        lines.push(server.skipped);
      } else {
        cleanups.unshift(() => server.stop());
        note(`PostgreSQL: ${server.description}`);
        const name = `rtg_bench_digest_${process.pid}`;
        const url = await createDatabase(server.url, name);
        if (!keep) cleanups.unshift(() => dropDatabase(server.url, name));
        else lines.push(`kept database ${url}`);
        note("PostgreSQL: building the data …");
        const db = fromPostgresUrl(url);
        const p = await prepare(db, { movements, responses, notes }).finally(() => db.close());
        counts = p.counts;
        lines.push(`PostgreSQL data built in ${fmtMs(p.buildMs)}`);
        results.push(await measure("PostgreSQL", async () => fromPostgresUrl(url), p.workspaceId, runs));
        const noJit = new URL(url);
        noJit.searchParams.set("options", "-c jit=off");
        results.push(
          await measure(
            "PostgreSQL jit=off",
            async () => fromPostgresUrl(noJit.toString()),
            p.workspaceId,
            runs,
          ),
        );
      }
    }

    // The views of the model: Block Kit, text and chart, in this process (no database).
    const model = results.find((r) => r.model)?.model;
    const views: Record<string, Timing> = {};
    if (model) {
      note("Views: Block Kit, text, chart …");
      views["Block Kit (digestMessages)"] = await timeRuns(runs, async () => digestMessages(model));
      views["text (renderDigestText)"] = await timeRuns(runs, async () => renderDigestText(model));
      let bytes = 0;
      views["chart (data + Vega-Lite + PNG)"] = await timeRuns(renders, async () => {
        bytes = (await renderDigestChart(digestChartData(model))).length;
        // resvg frees its native memory after GC with a turn of the event loop.
        await new Promise((r) => setImmediate(r));
      });
      lines.push(`chart PNG ${(bytes / 1024).toFixed(0)} KiB`);
    }
    const viewsWarm = Object.values(views).reduce((a, t) => a + t.warm, 0);
    const viewsCold = Object.values(views).reduce((a, t) => a + t.cold, 0);

    const family = (r: EngineResult) => r.engine.split(" ")[0] ?? r.engine;
    const bestFloor = (r: EngineResult) => {
      const same = results.filter((x) => family(x) === family(r));
      return {
        warm: Math.min(...same.map((x) => x.floor.warm)),
        cold: Math.min(...same.map((x) => x.floor.cold)),
      };
    };
    const rows: string[][] = [];
    for (const r of results) {
      const best = bestFloor(r);
      rows.push([
        `${r.engine} one digest (queries + model + views)`,
        fmtMs(r.buildDigest.cold + viewsCold),
        fmtMs(r.buildDigest.warm + viewsWarm),
        "",
      ]);
      rows.push([
        "  buildDigest (queries + model)",
        fmtMs(r.buildDigest.cold),
        fmtMs(r.buildDigest.warm),
        fmtRatio(r.buildDigest.warm / best.warm),
      ]);
      for (const [name, t] of Object.entries(r.parts)) {
        rows.push([`    ${name}`, fmtMs(t.cold), fmtMs(t.warm), fmtRatio(t.warm / best.warm)]);
      }
      rows.push([
        `  floor (one statement)`,
        fmtMs(r.floor.cold),
        fmtMs(r.floor.warm),
        fmtRatio(r.floor.warm / best.warm),
      ]);
    }
    for (const [name, t] of Object.entries(views))
      rows.push([`views: ${name}`, fmtMs(t.cold), fmtMs(t.warm), ""]);
    printTable(
      `bench:digest — ${counts}, 20 segments; digest of the 4 weeks ending ${new Date(T0.getTime() + DAYS * 86_400_000).toISOString().slice(0, 10)}, all segments, ${TREND_PERIODS} trend periods; ${runs} warm runs, chart ${renders}`,
      ["run", "cold", "warm median", "vs best floor (warm)"],
      rows,
    );
    console.log("\nratio buildDigest / floor (aim ≤ 1.5×); chart render warm median (aim ≤ 150 ms):");
    for (const r of results) {
      const best = bestFloor(r);
      console.log(
        `  ${r.engine}: buildDigest / best floor: warm ${fmtRatio(r.buildDigest.warm / best.warm)}, cold ${fmtRatio(r.buildDigest.cold / best.cold)}` +
          ` (floor with the same settings: warm ${fmtRatio(r.buildDigest.warm / r.floor.warm)}); peak RSS while timing ${(r.peakRss / 1048576).toFixed(0)} MB`,
      );
      console.log(`    same numbers as the floor: ${r.equal.join("; ")}`);
    }
    const chart = views["chart (data + Vega-Lite + PNG)"];
    if (chart) console.log(`  chart: warm ${fmtMs(chart.warm)}, first in process ${fmtMs(chart.cold)}`);
    for (const l of lines) console.log(l);
    console.log(`Total bench wall time ${fmtMs(performance.now() - wallStart)}`);
  } finally {
    for (const c of cleanups) await c();
  }
}

await main();
process.exit(0);
