import { randomBytes } from "node:crypto";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { TestProject } from "vitest/node";
import { fromPGlite, fromPostgresUrl, redactUrl } from "../../src/data/database.js";
import { databaseUrl, ident, withAdmin } from "./postgres-admin.js";

// Runs once per `vitest run`, in the main process: migrates one database of each kind and hands
// the workers what they need to clone it (test/helpers/db.ts).
//   PGlite:     a tarball of the migrated data directory (dumpDataDir) in a temp file.
//   PostgreSQL: a migrated template database, only when TEST_DATABASE_URL is set.

declare module "vitest" {
  export interface ProvidedContext {
    /** Path of the dumpDataDir() tarball of a migrated PGlite. */
    rtgPgliteTemplate: string;
    /** The migrated template database and the name prefix of its clones; null without TEST_DATABASE_URL. */
    rtgPostgres: { template: string; clonePrefix: string } | null;
  }
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const cleanups: Array<() => Promise<void>> = [];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) {
      await cleanup().catch((error) => console.error("test database teardown:", error));
    }
  };
  try {
    const dir = await mkdtemp(join(tmpdir(), "rtg-test-"));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));

    let started = performance.now();
    const file = join(dir, "pglite-template.tar");
    const pglite = await PGlite.create();
    // fromPGlite's close() closes the PGlite too: dump before closing.
    const template = fromPGlite(pglite, "PGlite test template");
    try {
      await template.migrate();
      const dump = await pglite.dumpDataDir("none");
      await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    } finally {
      await template.close();
    }
    project.provide("rtgPgliteTemplate", file);
    const timings = [`PGlite template ${seconds(started)}`];

    const serverUrl = process.env.TEST_DATABASE_URL;
    if (serverUrl) {
      started = performance.now();
      // A name per run: two runs against one server must not drop each other's template.
      const runId = randomBytes(4).toString("hex");
      const name = `rtg_template_${runId}`;
      const clonePrefix = `rtg_test_${runId}_`;
      await withAdmin(serverUrl, async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
        await admin.query(`CREATE DATABASE ${ident(name)}`);
      }).catch((error: Error) => {
        throw new Error(
          `TEST_DATABASE_URL is set, but creating a database at ${redactUrl(serverUrl)} failed: ${error.message}`,
          { cause: error },
        );
      });
      cleanups.push(() =>
        withAdmin(serverUrl, async (admin) => {
          // Clones a test forgot to close, then the template.
          const { rows } = await admin.query<{ datname: string }>(
            "SELECT datname FROM pg_database WHERE starts_with(datname, $1)",
            [clonePrefix],
          );
          for (const { datname } of rows)
            await admin.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
          await admin.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
        }),
      );
      const db = fromPostgresUrl(databaseUrl(serverUrl, name));
      try {
        await db.migrate();
      } finally {
        await db.close();
      }
      // CREATE DATABASE … TEMPLATE fails while anyone is connected to the template, and the
      // schema engine does not dispose the connection pool it opened. Refuse new connections,
      // then end the open ones.
      await withAdmin(serverUrl, async (admin) => {
        await admin.query(`ALTER DATABASE ${ident(name)} WITH ALLOW_CONNECTIONS false`);
        await admin.query(
          "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()",
          [name],
        );
      });
      project.provide("rtgPostgres", { template: name, clonePrefix });
      timings.push(`PostgreSQL template ${name} ${seconds(started)}`);
    } else {
      project.provide("rtgPostgres", null);
    }
    console.log(`Test databases migrated: ${timings.join(", ")}`);
  } catch (error) {
    await teardown();
    throw error;
  }
  return teardown;
}
