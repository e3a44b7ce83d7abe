import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { inject } from "vitest";
import { type Database, fromPGlite, fromPostgresUrl } from "../../src/data/database.js";
import { databaseUrl, ident, withAdmin } from "./postgres-admin.js";

// Databases for integration tests: fresh clones of the migrated templates made once per run by
// test/helpers/global-setup.ts. Intended use:
//
//   describe.each(testDatabases())("ledger on $name", ({ open }) => {
//     let db: Database;
//     beforeEach(async () => { db = await open(); });
//     afterEach(() => db.close());
//     ...
//   });

export interface TestDatabase {
  name: "pglite" | "postgres";
  open: () => Promise<Database>;
}

export const POSTGRES_SKIPPED =
  "PostgreSQL integration tests skipped: set TEST_DATABASE_URL (bash .ci/run does)";

/** PGlite always; PostgreSQL when TEST_DATABASE_URL is set. */
export function testDatabases(): TestDatabase[] {
  const databases: TestDatabase[] = [{ name: "pglite", open: openPglite }];
  if (process.env.TEST_DATABASE_URL) {
    databases.push({ name: "postgres", open: openPostgres });
  } else {
    warnOncePerProcess();
  }
  return databases;
}

function warnOncePerProcess(): void {
  // process.env survives vitest's per-file module isolation; a module variable would not.
  if (process.env.RTG_POSTGRES_SKIP_WARNED) return;
  process.env.RTG_POSTGRES_SKIP_WARNED = "1";
  console.warn(POSTGRES_SKIPPED);
}

interface PgliteAssets {
  template: Blob;
  pgliteWasmModule: WebAssembly.Module;
  initdbWasmModule: WebAssembly.Module;
  fsBundle: Blob;
}

let assets: Promise<PgliteAssets> | undefined;

// Compiling PGlite's Wasm and reading its file-system bundle once per process halves the time
// of each clone (~0.45 s instead of ~1 s).
async function loadPgliteAssets(): Promise<PgliteAssets> {
  const dist = dirname(createRequire(import.meta.url).resolve("@electric-sql/pglite"));
  const [template, pgliteWasmModule, initdbWasmModule, fsBundle] = await Promise.all([
    readFile(inject("rtgPgliteTemplate")),
    readFile(join(dist, "pglite.wasm")).then((bytes) => WebAssembly.compile(bytes)),
    readFile(join(dist, "initdb.wasm")).then((bytes) => WebAssembly.compile(bytes)),
    readFile(join(dist, "pglite.data")),
  ]);
  return {
    template: new Blob([template]),
    pgliteWasmModule,
    initdbWasmModule,
    fsBundle: new Blob([fsBundle]),
  };
}

/** A new in-memory PGlite loaded from the migrated template. close() discards it. */
export async function openPglite(): Promise<Database> {
  assets ??= loadPgliteAssets().catch((error) => {
    assets = undefined;
    throw error;
  });
  const { template, ...wasm } = await assets;
  const pglite = await PGlite.create({ loadDataDir: template, ...wasm });
  return fromPGlite(pglite, "PGlite test clone (in memory)");
}

const cloneUrls = new WeakMap<Database, string>();

/**
 * A second replica's handle on the same database: its own connection pool on PostgreSQL (close it
 * before the first), the same handle on PGlite (one process per database).
 */
export function anotherReplica(db: Database): { db: Database; close: () => Promise<void> } {
  const url = cloneUrls.get(db);
  if (!url) return { db, close: async () => {} };
  const other = fromPostgresUrl(url);
  return { db: other, close: () => other.close() };
}

/** A new database on TEST_DATABASE_URL's server, copied from the migrated template. close() drops it. */
export async function openPostgres(): Promise<Database> {
  const serverUrl = process.env.TEST_DATABASE_URL;
  const postgres = inject("rtgPostgres");
  if (!serverUrl || !postgres) {
    throw new Error(
      "openPostgres() needs TEST_DATABASE_URL, set before vitest starts (see test/helpers/db.ts)",
    );
  }
  const name = `${postgres.clonePrefix}${randomBytes(6).toString("hex")}`;
  await withAdmin(serverUrl, (admin) =>
    admin.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(postgres.template)}`),
  );
  const db = fromPostgresUrl(databaseUrl(serverUrl, name));
  cloneUrls.set(db, databaseUrl(serverUrl, name));
  const close = db.close;
  db.close = async () => {
    try {
      await close();
    } finally {
      // FORCE also ends connections nobody closed (the schema engine leaves its pool open).
      await withAdmin(serverUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`),
      );
    }
  };
  return db;
}
