import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { type Database, fromPostgresUrl, openDatabase } from "../../src/data/database.js";
import { type Child, kill, startProgram, until } from "./child-process.js";
import type { FaultRow } from "./fault-report.js";
import type { MovementsFile } from "./movements-file.js";
import { query } from "./pg-cluster.js";

// `npm run cli -- import movements FILE` killed (SIGKILL) while it is writing, then run again to
// the end: every distinct row of the file stored once, and every customer in the state a clean
// import of the same file leaves.

export type ImportTarget = { kind: "postgres"; url: string } | { kind: "pglite"; dataDir: string };

export interface CustomerState {
  externalId: string;
  segment: string;
  status: string;
  currentValue: string;
  openingActive: boolean;
  openingValue: string;
}

export interface LedgerSnapshot {
  /** `csv:<id>` of every movement row, one entry per row. */
  movementKeys: string[];
  /** customer + type + instant of every movement row: a duplicate shows up here even without the key index. */
  movementFacts: string[];
  customers: CustomerState[];
}

export async function snapshotLedger(db: Database): Promise<LedgerSnapshot> {
  const movements = await db.prisma.customerMovement.findMany({
    select: {
      idempotencyKey: true,
      type: true,
      occurredAt: true,
      customer: { select: { externalId: true } },
    },
  });
  const customers = await db.prisma.customer.findMany({
    select: {
      externalId: true,
      status: true,
      currentValue: true,
      openingActive: true,
      openingValue: true,
      segment: { select: { name: true } },
    },
    orderBy: { externalId: "asc" },
  });
  return {
    movementKeys: movements.map((m) => m.idempotencyKey),
    movementFacts: movements.map((m) => `${m.customer.externalId}|${m.type}|${m.occurredAt.toISOString()}`),
    customers: customers.map((c) => ({
      externalId: c.externalId,
      segment: c.segment.name,
      status: c.status,
      currentValue: c.currentValue.toFixed(2),
      openingActive: c.openingActive,
      openingValue: c.openingValue.toFixed(2),
    })),
  };
}

async function dirBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    total += await stat(join(entry.parentPath, entry.name)).then(
      (s) => s.size,
      () => 0,
    );
  }
  return total;
}

const envFor = (target: ImportTarget): Record<string, string> =>
  target.kind === "postgres" ? { DATABASE_URL: target.url } : { DATA_DIR: target.dataDir };

const openTarget = (target: ImportTarget) =>
  target.kind === "postgres"
    ? Promise.resolve(fromPostgresUrl(target.url))
    : openDatabase({ kind: "pglite", dataDir: target.dataDir });

/**
 * How far the import has written, read from outside the process: the movements table's size on
 * the server (rows of an open transaction take space too), or the embedded data directory's.
 */
function writtenBytes(target: ImportTarget): () => Promise<number> {
  if (target.kind === "pglite") return () => dirBytes(target.dataDir);
  return async () => {
    const [row] = await query<{ bytes: string }>(
      target.url,
      "SELECT pg_relation_size('customer_movement') AS bytes",
    );
    return Number(row?.bytes ?? 0);
  };
}

export interface ImportKillOutcome {
  /** Movement rows visible right after the kill (0: it died inside its transaction). */
  rowsAfterKill: number;
  /** How the killed process ended. */
  killedBy: NodeJS.Signals | null;
  rerun: { code: number | null; output: string };
  after: LedgerSnapshot;
}

/** Imports, kills the import once it has written `killAfterBytes`, imports again to the end. */
export async function killImportThenRerun(
  target: ImportTarget,
  file: MovementsFile,
  killAfterBytes: number,
): Promise<ImportKillOutcome> {
  // Migrate first, so what grows during the import is the import's own writing.
  const migrate = startProgram("src/cli/main.ts", ["migrate"], envFor(target));
  const migrated = await migrate.exited;
  if (migrated.code !== 0) throw new Error(`migrate failed: ${migrate.output()}`);
  const written = writtenBytes(target);
  const base = await written();

  const args = ["import", "movements", file.path];
  const first: Child = startProgram("src/cli/main.ts", args, envFor(target));
  let exitedOnItsOwn = false;
  void first.exited.then(() => {
    exitedOnItsOwn = true;
  });
  await until(
    async () => exitedOnItsOwn || (await written()) - base >= killAfterBytes,
    () => `the import wrote nothing; output: ${first.output()}`,
  );
  if (exitedOnItsOwn) throw new Error(`the import finished before it could be killed: ${first.output()}`);
  await kill(first);
  const { signal } = await first.exited;

  const db = await openTarget(target);
  let rowsAfterKill: number;
  try {
    rowsAfterKill = await db.prisma.customerMovement.count();
  } finally {
    await db.close();
  }

  const second = startProgram("src/cli/main.ts", args, envFor(target));
  const { code } = await second.exited;
  const reopened = await openTarget(target);
  try {
    return {
      rowsAfterKill,
      killedBy: signal,
      rerun: { code, output: second.output() },
      after: await snapshotLedger(reopened),
    };
  } finally {
    await reopened.close();
  }
}

/** The table row: accepted = the file's distinct rows the finished import answered for. */
export function importRow(
  label: string,
  file: MovementsFile,
  outcome: ImportKillOutcome,
  expectedKeys: string[],
): FaultRow {
  const stored = new Set(outcome.after.movementKeys);
  const distinctFacts = new Set(outcome.after.movementFacts).size;
  return {
    fault: `Process killed during an import (${label})`,
    faultsInjected: 1,
    accepted: outcome.rerun.code === 0 ? file.distinct : 0,
    stored: stored.size,
    duplicates: outcome.after.movementKeys.length - distinctFacts,
    losses: expectedKeys.filter((k) => !stored.has(k)).length,
    detail:
      `${file.rows} CSV rows (${file.distinct} distinct, ${file.rows - file.distinct} repeated ids) through the real CLI; ` +
      `SIGKILL once the import had written to the database; ${outcome.rowsAfterKill} movements were visible after the kill ` +
      "(the import is one transaction); the second run finished; customers compared with a clean import of the file.",
  };
}
