import { execFile, fork } from "node:child_process";
import { chmodSync, existsSync, statSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fromPostgresUrl, openDatabase } from "../src/data/database.js";
import { resolveWorkspace } from "../src/data/workspaces.js";
import type { ImportReport } from "../src/import/import-report.js";
import { importCsv } from "../src/services/import-csv.js";
import {
  createDatabase,
  dropDatabase,
  fmtInt,
  fmtMB,
  fmtMs,
  fmtRatio,
  intArg,
  maxRssBytes,
  note,
  printTable,
  RssSampler,
  readArgs,
  startPostgres,
  timed,
  withClient,
  worldReadableTempDir,
} from "./lib.js";
import { writeMovementsCsv } from "./movements-csv.js";

// npm run bench:import -- [--rows N] [--batch N] [--only pglite|postgres] [--keep] [--cpu-prof]
//
// Generates a movements CSV of N rows, then imports it with importCsv into a fresh PGlite and a
// fresh PostgreSQL database, and imports it a second time (every row a duplicate). The database
// is created and migrated in one child process; the imports run in another that opens it, runs
// the (no-op) migration and resolves the workspace as `npm run cli -- import` does, so peak RSS
// and maxRSS belong to an import into an existing database. On PostgreSQL the floor is a
// server-side COPY of the same file into a bare table.

const CHILD_ENV = "RTG_BENCH_IMPORT_CHILD";

interface ChildSpec {
  /** prepare: create and migrate the database (PGlite: initdb) and exit; import: what the CLI does. */
  mode: "prepare" | "import";
  target: "pglite" | "postgres";
  file: string;
  dataDir?: string;
  url?: string;
  batchSize?: number;
}

interface RunFigures {
  ms: number;
  peakRss: number;
  maxRss: number;
  report: Pick<ImportReport, "rows" | "inserted" | "duplicates" | "rejected" | "errorCount" | "committed"> & {
    firstErrors: string[];
  };
}

interface ChildResult {
  openMs: number;
  migrateMs: number;
  first?: RunFigures;
  second?: RunFigures;
}

// ---------------------------------------------------------------------------------------------
// Child: one target, import twice.

function memory(): string {
  const m = process.memoryUsage();
  return `rss ${fmtMB(m.rss)} (JS heap ${fmtMB(m.heapUsed)}, external ${fmtMB(m.external)})`;
}

async function child(spec: ChildSpec): Promise<void> {
  const expectedRows = Number(process.env.RTG_BENCH_ROWS ?? "1");
  const opened = await timed(async () =>
    spec.target === "pglite"
      ? openDatabase({ kind: "pglite", dataDir: spec.dataDir ?? "" })
      : fromPostgresUrl(spec.url ?? ""),
  );
  const db = opened.value;
  const migrated = await timed(() => db.migrate());
  const workspace = await resolveWorkspace(db.prisma, {
    reportingCurrency: "EUR",
    defaultLocale: "en",
    timezone: "UTC",
  });
  if (spec.mode === "prepare") {
    await db.close();
    process.send?.({ openMs: opened.ms, migrateMs: migrated.ms } satisfies ChildResult);
    process.exit(0);
  }
  const once = async (label: string): Promise<RunFigures> => {
    const sampler = new RssSampler().start();
    const started = performance.now();
    let nextReport = 0.1;
    let last = { rows: 0, at: started };
    const report = await importCsv(db, "movements", spec.file, {
      workspaceId: workspace.id,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
      ...(spec.batchSize ? { batchSize: spec.batchSize } : {}),
      onProgress: (rows) => {
        const fraction = rows / expectedRows;
        if (fraction >= nextReport) {
          const now = performance.now();
          const recent = (rows - last.rows) / ((now - last.at) / 1000);
          note(
            `  ${spec.target} ${label}: ${fmtInt(rows)} rows, ${((now - started) / 1000).toFixed(1)} s, ${fmtInt(recent)} rows/s lately, ${memory()}`,
          );
          last = { rows, at: now };
          while (nextReport <= fraction) nextReport += 0.1;
        }
      },
    });
    const ms = performance.now() - started;
    const peakRss = sampler.stop();
    return {
      ms,
      peakRss,
      maxRss: maxRssBytes(),
      report: {
        rows: report.rows,
        inserted: report.inserted,
        duplicates: report.duplicates,
        rejected: report.rejected,
        errorCount: report.errorCount,
        committed: report.committed,
        firstErrors: report.errors.slice(0, 5).map((e) => `line ${e.line} ${e.column}: ${e.message}`),
      },
    };
  };
  note(`  ${spec.target}: before the import ${memory()}`);
  const first = await once("import");
  const second = await once("re-import");
  await db.close();
  const result: ChildResult = { openMs: opened.ms, migrateMs: migrated.ms, first, second };
  process.send?.(result);
  // The schema engine keeps a pool open on PostgreSQL: do not wait for it.
  process.exit(0);
}

function runChild(spec: ChildSpec, rows: number, cpuProfDir: string | null): Promise<ChildResult> {
  return new Promise((resolveResult, reject) => {
    const execArgv = [...process.execArgv];
    if (cpuProfDir) execArgv.push("--cpu-prof", `--cpu-prof-dir=${cpuProfDir}`);
    const proc = fork(import.meta.filename, [], {
      execArgv,
      env: { ...process.env, [CHILD_ENV]: JSON.stringify(spec), RTG_BENCH_ROWS: String(rows) },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    let result: ChildResult | null = null;
    proc.on("message", (m) => {
      result = m as ChildResult;
    });
    proc.on("error", reject);
    proc.on("exit", (code) => {
      if (result) resolveResult(result);
      else reject(new Error(`the ${spec.target} import child exited with code ${code} and no result`));
    });
  });
}

type Imported = Required<ChildResult> & { prepareMs: number };

/** Creates and migrates the database in one child, then imports (twice) in another, as the CLI would. */
async function importInChild(
  spec: Omit<ChildSpec, "mode">,
  rows: number,
  cpuProfDir: string | null,
): Promise<Imported> {
  const started = performance.now();
  await runChild({ ...spec, mode: "prepare" }, rows, null);
  const prepareMs = performance.now() - started;
  const r = await runChild({ ...spec, mode: "import" }, rows, cpuProfDir);
  if (!r.first || !r.second) throw new Error(`the ${spec.target} import child returned no figures`);
  return { ...r, first: r.first, second: r.second, prepareMs };
}

// ---------------------------------------------------------------------------------------------
// Parent.

const run = promisify(execFile);

async function copyFloor(
  url: string,
  file: string,
): Promise<{ typedMs: number; textMs: number; rows: number; method: string }> {
  const typed = `CREATE TABLE bench_copy_typed (id text, occurred_at timestamptz, customer_id text,
    customer_name text, segment text, type text, value numeric(16,2), currency char(3), reason text, note text)`;
  const text = `CREATE TABLE bench_copy_text (id text, occurred_at text, customer_id text,
    customer_name text, segment text, type text, value text, currency text, reason text, note text)`;
  return withClient(url, async (c) => {
    await c.query(typed);
    await c.query(text);
    const serverSide = async (table: string) => {
      const started = performance.now();
      const r = await c.query(
        `COPY ${table} FROM '${file.replaceAll("'", "''")}' WITH (FORMAT csv, HEADER true)`,
      );
      return { ms: performance.now() - started, rows: r.rowCount ?? 0 };
    };
    const viaPsql = async (table: string) => {
      const started = performance.now();
      const { stdout } = await run(
        "psql",
        [url, "-v", "ON_ERROR_STOP=1", "-c", `\\copy ${table} FROM '${file}' WITH (FORMAT csv, HEADER true)`],
        { maxBuffer: 1 << 20 },
      );
      return { ms: performance.now() - started, rows: Number(/COPY (\d+)/.exec(stdout)?.[1] ?? 0) };
    };
    let method = "server-side COPY FROM file";
    let copy = serverSide;
    try {
      await c.query(
        `COPY bench_copy_text FROM '${file.replaceAll("'", "''")}' WITH (FORMAT csv, HEADER true)`,
      );
      await c.query("TRUNCATE bench_copy_text");
    } catch (error) {
      note(`server-side COPY failed (${(error as Error).message}); trying psql \\copy`);
      method = "psql \\copy (client-side)";
      copy = viaPsql;
    }
    // Best of two for each: the floor should be a floor.
    const best = async (table: string) => {
      const a = await copy(table);
      await c.query(`TRUNCATE ${table}`);
      const b = await copy(table);
      return a.ms < b.ms ? a : b;
    };
    const t = await best("bench_copy_typed");
    const x = await best("bench_copy_text");
    await c.query("DROP TABLE bench_copy_typed");
    await c.query("DROP TABLE bench_copy_text");
    return { typedMs: t.ms, textMs: x.ms, rows: t.rows, method };
  });
}

/**
 * Not a floor the import is measured against, but where its time goes: the server's own cost of
 * the real table for the same rows, inserted again with other keys by one INSERT … SELECT (its
 * indexes, foreign keys and checks; no client, no ledger rules), then rolled back.
 */
async function tableCost(url: string): Promise<{ ms: number; rows: number }> {
  return withClient(url, async (c) => {
    await c.query("BEGIN");
    try {
      const started = performance.now();
      const r =
        await c.query(`INSERT INTO customer_movement (workspace_id, customer_id, segment_id, type, occurred_at,
          value, currency, reason_code_id, note, source, idempotency_key, content_hash, recorded_by, status_after, value_after)
        SELECT workspace_id, customer_id, segment_id, type, occurred_at, value, currency, reason_code_id, note, source,
          idempotency_key || '#again', content_hash, recorded_by, status_after, value_after
        FROM customer_movement ORDER BY id`);
      return { ms: performance.now() - started, rows: r.rowCount ?? 0 };
    } finally {
      await c.query("ROLLBACK");
    }
  });
}

function check(target: string, r: RunFigures, expect: { inserted: number; duplicates: number }): string {
  const ok =
    r.report.committed &&
    r.report.inserted === expect.inserted &&
    r.report.duplicates === expect.duplicates &&
    r.report.rejected === 0;
  if (!ok) {
    note(`!! ${target}: unexpected import report ${JSON.stringify(r.report)}`);
    return "UNEXPECTED";
  }
  return "ok";
}

async function main(): Promise<void> {
  const args = readArgs();
  const rows = intArg(args, "rows", 1_000_000);
  const batchSize = args.has("batch") ? intArg(args, "batch", 2000) : undefined;
  const only = args.get("only");
  const keep = args.has("keep");
  const wallStart = performance.now();

  const dir = await worldReadableTempDir("rtg-bench-import-");
  const file = join(dir, "movements.csv");
  const cpuProfDir = args.has("cpu-prof") ? await mkdtemp(join(tmpdir(), "rtg-bench-cpu-prof-")) : null;
  const cleanups: Array<() => Promise<void>> = [];
  if (!keep) cleanups.push(() => rm(dir, { recursive: true, force: true }));

  try {
    note(`Generating ${fmtInt(rows)} movements into ${file} …`);
    const csv = await writeMovementsCsv(file, rows);
    chmodSync(file, 0o644);
    note(
      `  ${fmtMB(csv.bytes)} in ${fmtMs(csv.ms)}; ${fmtInt(csv.customers)} customers; ${Object.entries(
        csv.byType,
      )
        .map(([t, n]) => `${t} ${fmtInt(n)}`)
        .join(", ")}`,
    );

    const table: string[][] = [];
    const summary: string[] = [];
    const addRows = (target: string, r: Imported, extra: { copyMs?: number } = {}) => {
      const status1 = check(target, r.first, { inserted: rows, duplicates: 0 });
      const status2 = check(target, r.second, { inserted: 0, duplicates: rows });
      const vsCopy = extra.copyMs ? fmtRatio(r.first.ms / extra.copyMs) : "";
      table.push([
        `${target} import`,
        fmtInt(rows),
        fmtMs(r.first.ms),
        fmtInt(rows / (r.first.ms / 1000)),
        fmtMB(r.first.peakRss),
        fmtMB(r.first.maxRss),
        vsCopy,
        status1,
      ]);
      table.push([
        `${target} re-import (all duplicates)`,
        fmtInt(rows),
        fmtMs(r.second.ms),
        fmtInt(rows / (r.second.ms / 1000)),
        fmtMB(r.second.peakRss),
        fmtMB(r.second.maxRss),
        extra.copyMs ? fmtRatio(r.second.ms / extra.copyMs) : "",
        status2,
      ]);
      summary.push(
        `${target}: creating and migrating the database ${fmtMs(r.prepareMs)} in a process of its own; in the import process open ${fmtMs(r.openMs)}, migrate (nothing pending) ${fmtMs(r.migrateMs)}; neither is in the import times`,
      );
    };

    if (only !== "postgres") {
      const dataDir = join(dir, "pglite-data");
      note(`PGlite: importing into a fresh data directory ${dataDir} …`);
      const r = await importInChild(
        { target: "pglite", file, dataDir, ...(batchSize ? { batchSize } : {}) },
        rows,
        cpuProfDir,
      );
      addRows("PGlite", r);
      if (existsSync(dataDir) && !keep) await rm(dataDir, { recursive: true, force: true });
    }

    if (only !== "pglite") {
      const server = await startPostgres();
      if ("skipped" in server) {
        summary.push(server.skipped);
        console.log(server.skipped);
      } else {
        cleanups.unshift(() => server.stop());
        note(`PostgreSQL: ${server.description}`);
        const name = `rtg_bench_import_${process.pid}`;
        const url = await createDatabase(server.url, name);
        if (!keep) cleanups.unshift(() => dropDatabase(server.url, name));
        note("PostgreSQL: COPY floor …");
        const floor = await copyFloor(url, file);
        note(`  COPY typed ${fmtMs(floor.typedMs)}, all text ${fmtMs(floor.textMs)} (${floor.method})`);
        note("PostgreSQL: importing …");
        const r = await importInChild(
          { target: "postgres", file, url, ...(batchSize ? { batchSize } : {}) },
          rows,
          cpuProfDir,
        );
        table.push([
          "PostgreSQL COPY, typed bare table (floor)",
          fmtInt(floor.rows),
          fmtMs(floor.typedMs),
          fmtInt(floor.rows / (floor.typedMs / 1000)),
          "",
          "",
          "1.00×",
          floor.rows === rows ? "ok" : "UNEXPECTED",
        ]);
        table.push([
          "PostgreSQL COPY, all-text bare table",
          fmtInt(floor.rows),
          fmtMs(floor.textMs),
          fmtInt(floor.rows / (floor.textMs / 1000)),
          "",
          "",
          fmtRatio(floor.textMs / floor.typedMs),
          floor.rows === rows ? "ok" : "UNEXPECTED",
        ]);
        addRows("PostgreSQL", r, { copyMs: floor.typedMs });
        note("PostgreSQL: the table's own cost (INSERT … SELECT of the imported rows, rolled back) …");
        const cost = await tableCost(url);
        table.push([
          "PostgreSQL INSERT…SELECT into customer_movement",
          fmtInt(cost.rows),
          fmtMs(cost.ms),
          fmtInt(cost.rows / (cost.ms / 1000)),
          "",
          "",
          fmtRatio(cost.ms / floor.typedMs),
          cost.rows === rows ? "ok" : "UNEXPECTED",
        ]);
        summary.push(
          `PostgreSQL INSERT…SELECT into customer_movement: the same rows copied inside the server into the real table (4 indexes, 4 foreign keys, 2 checks), no client and no ledger rules: ${fmtRatio(cost.ms / floor.typedMs)} the floor; the import takes ${fmtRatio(r.first.ms / cost.ms)} that`,
        );
        summary.push(`PostgreSQL floor: ${floor.method}, best of two runs`);
        summary.push(
          `PostgreSQL import / COPY(typed) = ${fmtRatio(r.first.ms / floor.typedMs)} (aim ≤ 3×); / COPY(text) = ${fmtRatio(r.first.ms / floor.textMs)}`,
        );
        if (keep) summary.push(`kept database ${url}`);
      }
    }

    printTable(
      `bench:import — ${fmtInt(rows)} movement rows, ${fmtMB(statSync(file).size)} CSV, ${fmtInt(csv.customers)} customers, batch ${batchSize ?? "default (2000)"}`,
      ["run", "rows", "time", "rows/s", "peak RSS", "maxRSS", "vs COPY", "check"],
      table,
    );
    console.log(
      "\npeak RSS: process.memoryUsage().rss sampled every 100 ms during that run; maxRSS: process.resourceUsage().maxRSS of the",
    );
    console.log(
      "child process so far (aim < 300 MB). On PostgreSQL both are the Node process only, not the server.",
    );
    for (const s of summary) console.log(s);
    if (cpuProfDir) console.log(`CPU profiles in ${cpuProfDir}`);
    console.log(`Total bench wall time ${fmtMs(performance.now() - wallStart)}`);
  } finally {
    for (const c of cleanups) await c();
  }
}

const childSpec = process.env[CHILD_ENV];
if (childSpec) await child(JSON.parse(childSpec) as ChildSpec);
else {
  await main();
  process.exit(0);
}
