import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type Database, fromPostgresUrl, openDatabase } from "../src/data/database.js";
import { queryStats, type StatsWindow } from "../src/data/stats-queries.js";
import { listReasons, listSegments } from "../src/data/taxonomy.js";
import { resolveWorkspace } from "../src/data/workspaces.js";
import { buildStatsReport, type StatsReport } from "../src/domain/customer-math.js";
import { getStats } from "../src/services/get-stats.js";
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
import { buildStatsData, checkLedgerConsistency, DAYS, T0 } from "./stats-data.js";
import { FLOORS, floorToRows } from "./stats-floor.js";

// npm run bench:stats -- [--rows N] [--responses N] [--runs N] [--only pglite|postgres] [--no-vacuum] [--keep]
//
// Builds a database with N movements (N/5 customers, 20 segments) and N survey responses with
// SQL, then times getStats for the last 4 weeks of the data against the floor: the fastest of the
// single statements in bench/stats-floor.ts that return the same numbers. "cold" is the first call on a
// freshly opened database (PGlite: a new instance on the data directory, empty buffer cache;
// PostgreSQL: a new connection pool, the server's caches stay warm); "warm" is the median of
// --runs further calls. On PostgreSQL both are timed twice: with the server's defaults, and with
// jit=off for the session (the JIT compiler costs ~0.2 s per call of these aggregates).

const WEEK = 7 * 86_400_000;

interface Timing {
  cold: number;
  warm: number;
  all: number[];
}

async function timeRuns(runs: number, fn: () => Promise<unknown>): Promise<Timing> {
  const cold = (await timed(fn)).ms;
  const all: number[] = [];
  for (let i = 0; i < runs; i++) all.push((await timed(fn)).ms);
  return { cold, warm: median(all), all };
}

function firstDifference(a: unknown, b: unknown, path = "report"): string | null {
  if (typeof a !== typeof b || a === null || b === null || typeof a !== "object") {
    return Object.is(a, b) ? null : `${path}: getStats ${JSON.stringify(a)} ≠ floor ${JSON.stringify(b)}`;
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of keys) {
    const d = firstDifference(
      (a as Record<string, unknown>)[k],
      (b as Record<string, unknown>)[k],
      `${path}.${k}`,
    );
    if (d) return d;
  }
  return null;
}

interface EngineResult {
  engine: string;
  buildMs: number;
  ledgerCheck: string;
  getStats: Timing;
  floors: Record<string, Timing>;
  parts: Record<string, Timing>;
  equal: string[];
  totals: string[];
  peakRss: number;
}

async function measure(
  engine: string,
  open: () => Promise<Database>,
  workspaceId: string,
  runs: number,
  buildMs: number,
  ledgerCheck: string,
): Promise<EngineResult> {
  const sampler = new RssSampler().start();
  const to = new Date(T0.getTime() + DAYS * 86_400_000);
  const from = new Date(to.getTime() - 4 * WEEK);
  const request = { workspaceId, currency: "EUR", from, to };
  const window: StatsWindow = {
    workspaceId,
    previousFrom: new Date(2 * from.getTime() - to.getTime()),
    from,
    to,
    segmentId: null,
  };

  // getStats and its parts, on a fresh handle.
  let db = await open();
  let report: StatsReport | null = null;
  note(`  ${engine}: getStats …`);
  const gs = await timeRuns(runs, async () => {
    report = await getStats(db.prisma, request);
  });
  const parts: Record<string, Timing> = {
    "listSegments + listReasons": await timeRuns(runs, () =>
      Promise.all([listSegments(db.prisma, workspaceId), listReasons(db.prisma, workspaceId)]),
    ),
    "queryStats (one statement, jit off)": await timeRuns(runs, () => queryStats(db.prisma, window)),
  };
  const segments = await listSegments(db.prisma, workspaceId);
  const reasons = await listReasons(db.prisma, workspaceId);
  const { flows, scores, base } = await queryStats(db.prisma, window);
  parts["buildStatsReport (JS)"] = await timeRuns(runs, async () =>
    buildStatsReport({
      from,
      to,
      currency: "EUR",
      segments: segments.map((s) => ({ id: s.id, name: s.name })),
      reasons,
      flows,
      scores,
      base,
    }),
  );
  await db.close();

  // Each floor, on a fresh handle of its own.
  const floors: Record<string, Timing> = {};
  const equal: string[] = [];
  const ours = report as StatsReport | null;
  let fromFloor: StatsReport | null = null;
  for (const floor of FLOORS) {
    db = await open();
    note(`  ${engine}: floor "${floor.name}" …`);
    let floorRows: Awaited<ReturnType<typeof floor.run>> = [];
    floors[floor.name] = await timeRuns(runs, async () => {
      floorRows = await floor.run(db.prisma, window);
    });
    await db.close();
    // Same numbers? Feed the floor's rows to the same pure report builder and compare everything.
    fromFloor = buildStatsReport({
      from,
      to,
      currency: "EUR",
      segments: segments.map((s) => ({ id: s.id, name: s.name })),
      reasons,
      ...floorToRows(floorRows),
    });
    const diff = ours
      ? firstDifference(JSON.parse(JSON.stringify(ours)), JSON.parse(JSON.stringify(fromFloor)))
      : "no report";
    equal.push(
      diff === null
        ? `floor "${floor.name}": identical report (${fromFloor.segments.length} segments + total)`
        : `floor "${floor.name}": DIFFERENT: ${diff}`,
    );
  }
  const peakRss = sampler.stop();
  const t = ours?.total;
  const f = (fromFloor as StatsReport | null)?.total;
  const totals =
    t && f
      ? [
          `gained ${t.gained.count}/${t.gained.value} (floor ${f.gained.count}/${f.gained.value})`,
          `lost ${t.lost.count}/${t.lost.value} (floor ${f.lost.count}/${f.lost.value})`,
          `base start ${t.base.start.count}/${t.base.start.value} end ${t.base.end.count}/${t.base.end.value} previous start ${t.previous.base.start.count}/${t.previous.base.start.value} (floor ${f.base.start.count}/${f.base.start.value}, ${f.base.end.count}/${f.base.end.value}, ${f.previous.base.start.count}/${f.previous.base.start.value})`,
          `NPS n ${t.nps.n} score ${t.nps.score}, CSAT n ${t.csat.n}, CES n ${t.ces.n} (floor ${f.nps.n}/${f.nps.score}, ${f.csat.n}, ${f.ces.n})`,
        ]
      : [];
  return {
    engine,
    buildMs,
    ledgerCheck,
    getStats: gs,
    floors,
    parts,
    equal,
    totals,
    peakRss,
  };
}

async function prepare(
  db: Database,
  args: { movements: number; responses: number; vacuum: boolean },
): Promise<{ workspaceId: string; buildMs: number; ledgerCheck: string; counts: string }> {
  await db.migrate();
  const workspace = await resolveWorkspace(db.prisma, {
    reportingCurrency: "EUR",
    defaultLocale: "en",
    timezone: "UTC",
  });
  const built = await timed(() =>
    buildStatsData(db, workspace.id, { ...args, log: (s) => note(`  ${db.kind}${s}`) }),
  );
  const problems = await checkLedgerConsistency(db, 400);
  const ledgerCheck = problems.length
    ? `LEDGER MISMATCH (${problems.length}): ${problems.slice(0, 3).join("; ")}`
    : "ledger check: 400 customers (all four patterns, timelines cut short too) replayed with ledger-rules, every derived column matches";
  const counts = `${fmtInt(built.value.movements)} movements, ${fmtInt(built.value.customers)} customers, ${fmtInt(built.value.responses)} responses`;
  return { workspaceId: workspace.id, buildMs: built.ms, ledgerCheck, counts };
}

async function main(): Promise<void> {
  const args = readArgs();
  const movements = intArg(args, "rows", 1_000_000);
  const responses = intArg(args, "responses", movements);
  const runs = intArg(args, "runs", 5);
  const only = args.get("only");
  const keep = args.has("keep");
  const vacuum = !args.has("no-vacuum");
  const wallStart = performance.now();
  const results: EngineResult[] = [];
  const lines: string[] = [];
  let counts = "";
  const dir = await worldReadableTempDir("rtg-bench-stats-");
  const cleanups: Array<() => Promise<void>> = [];
  if (!keep) cleanups.push(() => rm(dir, { recursive: true, force: true }));

  try {
    if (only !== "postgres") {
      const dataDir = join(dir, "pglite-data");
      note(`PGlite: building the data in ${dataDir} …`);
      const db = await openDatabase({ kind: "pglite", dataDir });
      const p = await prepare(db, { movements, responses, vacuum }).finally(() => db.close());
      counts = p.counts;
      results.push(
        await measure(
          "PGlite",
          () => openDatabase({ kind: "pglite", dataDir }),
          p.workspaceId,
          runs,
          p.buildMs,
          p.ledgerCheck,
        ),
      );
    }
    if (only !== "pglite") {
      const server = await startPostgres();
      if ("skipped" in server) {
        lines.push(server.skipped);
        console.log(server.skipped);
      } else {
        cleanups.unshift(() => server.stop());
        note(`PostgreSQL: ${server.description}`);
        const name = `rtg_bench_stats_${process.pid}`;
        const url = await createDatabase(server.url, name);
        if (!keep) cleanups.unshift(() => dropDatabase(server.url, name));
        else lines.push(`kept database ${url}`);
        note("PostgreSQL: building the data …");
        const db = fromPostgresUrl(url);
        const p = await prepare(db, { movements, responses, vacuum }).finally(() => db.close());
        counts = p.counts;
        results.push(
          await measure(
            "PostgreSQL",
            async () => fromPostgresUrl(url),
            p.workspaceId,
            runs,
            p.buildMs,
            p.ledgerCheck,
          ),
        );
        // The same with the JIT compiler off for the session: PostgreSQL's default (jit on,
        // jit_above_cost 100 000) compiles these aggregates with LLVM on every call.
        const noJit = new URL(url);
        noJit.searchParams.set("options", "-c jit=off");
        results.push(
          await measure(
            "PostgreSQL jit=off",
            async () => fromPostgresUrl(noJit.toString()),
            p.workspaceId,
            runs,
            p.buildMs,
            p.ledgerCheck,
          ),
        );
      }
    }

    // The floor is the fastest way to get the numbers: the fastest statement, and on PostgreSQL
    // with the better of the two session settings (the JIT compiler can cost more than it saves).
    const family = (r: EngineResult) => r.engine.split(" ")[0] ?? r.engine;
    const fastest = (r: EngineResult) => ({
      warm: Math.min(...Object.values(r.floors).map((t) => t.warm)),
      cold: Math.min(...Object.values(r.floors).map((t) => t.cold)),
    });
    const bestFloor = (r: EngineResult) => {
      const same = results.filter((x) => family(x) === family(r)).map(fastest);
      return { warm: Math.min(...same.map((x) => x.warm)), cold: Math.min(...same.map((x) => x.cold)) };
    };
    const rows: string[][] = [];
    for (const r of results) {
      const best = bestFloor(r);
      rows.push([
        `${r.engine} getStats`,
        fmtMs(r.getStats.cold),
        fmtMs(r.getStats.warm),
        fmtRatio(r.getStats.warm / best.warm),
      ]);
      for (const [name, t] of Object.entries(r.parts)) {
        rows.push([`  ${name}`, fmtMs(t.cold), fmtMs(t.warm), fmtRatio(t.warm / best.warm)]);
      }
      for (const [name, t] of Object.entries(r.floors)) {
        rows.push([
          `${r.engine} floor "${name}"`,
          fmtMs(t.cold),
          fmtMs(t.warm),
          fmtRatio(t.warm / best.warm),
        ]);
      }
    }
    printTable(
      `bench:stats — ${counts}, 20 segments; window: 4 weeks ending ${new Date(T0.getTime() + DAYS * 86_400_000).toISOString().slice(0, 10)} and the 4 weeks before; ${runs} warm runs${vacuum ? "" : "; no VACUUM ANALYZE after loading"}`,
      ["run", "cold", "warm median", "vs best floor (warm)"],
      rows,
    );
    console.log(
      "\nratio getStats / floor (aim ≤ 1.5×); best floor = the fastest floor statement with the engine's faster settings:",
    );
    let printedTotals = "";
    let printedCheck = "";
    for (const r of results) {
      const best = bestFloor(r);
      console.log(
        `  ${r.engine}: getStats / best floor: warm ${fmtRatio(r.getStats.warm / best.warm)}, cold ${fmtRatio(r.getStats.cold / best.cold)}` +
          ` (fastest floor with the same settings: warm ${fmtRatio(r.getStats.warm / fastest(r).warm)}); ` +
          `data built in ${fmtMs(r.buildMs)}; peak RSS while timing ${(r.peakRss / 1048576).toFixed(0)} MB`,
      );
      for (const e of r.equal) console.log(`    same numbers as ${e}`);
      const totals = r.totals.join("\n");
      if (totals !== printedTotals) for (const t of r.totals) console.log(`    ${t}`);
      printedTotals = totals;
      if (r.ledgerCheck !== printedCheck) console.log(`    ${r.ledgerCheck}`);
      printedCheck = r.ledgerCheck;
    }
    for (const l of lines) console.log(l);
    console.log(`Total bench wall time ${fmtMs(performance.now() - wallStart)}`);
  } finally {
    for (const c of cleanups) await c();
  }
}

await main();
process.exit(0);
