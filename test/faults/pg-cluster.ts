import { execFile } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import type pg from "pg";
import { databaseUrl, ident, withAdmin } from "../helpers/postgres-admin.js";

// A PostgreSQL cluster of the fault suite's own (scripts/pg-throwaway.sh), so it can be restarted
// and crashed without disturbing the database the rest of the suite shares.

const run = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const script = join(root, "scripts/pg-throwaway.sh");

/** The newest PostgreSQL server's bin directory, or null when the server binaries are missing. */
export function postgresBin(): string | null {
  const base = "/usr/lib/postgresql";
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(join(base, v, "bin/pg_ctl")))
    .sort((a, b) => Number(a) - Number(b));
  const newest = versions.at(-1);
  return newest ? join(base, newest, "bin") : null;
}

export const NO_POSTGRES_SERVER =
  "fault suite: PostgreSQL scenarios skipped: no server binaries under /usr/lib/postgresql (bash .ci/run installs them)";

export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

export interface Cluster {
  /** postgresql://postgres@127.0.0.1:PORT/postgres */
  serverUrl: string;
  /** Creates an empty database; with `durable`, commits wait for the WAL flush (PostgreSQL's default). */
  createDatabase(name: string, opts?: { durable?: boolean }): Promise<string>;
  /** pg_ctl restart: "fast" ends sessions cleanly, "immediate" is a crash (recovery from WAL at start). */
  restart(mode: "fast" | "immediate"): Promise<void>;
  stop(): Promise<void>;
}

export async function startCluster(bin: string): Promise<Cluster> {
  // In /tmp: as root the cluster runs as the postgres user, who must reach the directory.
  const dir = await mkdtemp("/tmp/rtg-faults-pg-");
  const port = await freePort();
  let serverUrl: string;
  try {
    serverUrl = (await run(script, ["start", dir, String(port)])).stdout.trim();
  } catch (error) {
    await run(script, ["stop", dir]).catch(() => {});
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const asPostgres = (args: string[]) =>
    process.getuid?.() === 0
      ? run("runuser", ["-u", "postgres", "--", ...args])
      : run(args[0] as string, args.slice(1));
  return {
    serverUrl,
    async createDatabase(name, opts = {}) {
      await withAdmin(serverUrl, async (admin) => {
        await admin.query(`CREATE DATABASE ${ident(name)}`);
        // pg-throwaway.sh starts the server with synchronous_commit=off (fast tests, and a crash
        // may then drop the last commits it already acknowledged). A per-database setting
        // overrides the command line, so this database keeps what PostgreSQL does by default.
        if (opts.durable) await admin.query(`ALTER DATABASE ${ident(name)} SET synchronous_commit = on`);
      });
      return databaseUrl(serverUrl, name);
    },
    async restart(mode) {
      // pg_ctl restart reuses the options the server was started with (postmaster.opts). The log
      // file keeps the server off pg_ctl's stdout, which would otherwise never close.
      const data = join(dir, "data");
      await asPostgres([
        join(bin, "pg_ctl"),
        "-D",
        data,
        "-l",
        join(dir, "server.log"),
        "-m",
        mode,
        "-w",
        "restart",
      ]);
    },
    async stop() {
      await run(script, ["stop", dir]).catch(() => {});
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs one query on a short-lived connection. */
export async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []) {
  return withAdmin(url, async (client) => (await client.query<T>(sql, params)).rows);
}
