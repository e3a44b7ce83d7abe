import { execFile } from "node:child_process";
import { chmodSync, existsSync, readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

// Shared helpers of the benchmarks: argument parsing, timing, memory sampling, a throwaway
// PostgreSQL cluster and the summary table. Benchmarks print figures; they assert nothing.

const run = promisify(execFile);

export const REPO_ROOT = resolve(import.meta.dirname, "..");

/** `--rows N` (also `--rows=N`, `1e6`, `1_000_000`), `--flag`, `--name value`. */
export function readArgs(argv = process.argv.slice(2)): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("--")) continue;
    const eq = arg.indexOf("=");
    if (eq > 0) {
      out.set(arg.slice(2, eq), arg.slice(eq + 1));
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith("--")) {
      out.set(arg.slice(2), next);
      i++;
    } else out.set(arg.slice(2), "true");
  }
  return out;
}

export function intArg(args: Map<string, string>, name: string, fallback: number): number {
  const raw = args.get(name);
  if (raw === undefined) return fallback;
  const n = Number(raw.replaceAll("_", ""));
  if (!Number.isFinite(n) || n < 1 || Math.floor(n) !== n) {
    console.error(`--${name} needs a positive whole number, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

export const fmtInt = (n: number) => Math.round(n).toLocaleString("en-US");
export const fmtMs = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(1)} ms`);
export const fmtMB = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;
export const fmtRatio = (r: number) => `${r.toFixed(2)}×`;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  return { ms: performance.now() - started, value };
}

/** Progress and notes go to stderr so that stdout holds the figures. */
export function note(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Peak RSS sampled every 100 ms (plus once at start and stop). */
export class RssSampler {
  private peak = 0;
  private timer: NodeJS.Timeout | null = null;

  start(): this {
    this.peak = process.memoryUsage.rss();
    this.timer = setInterval(() => this.sample(), 100);
    this.timer.unref();
    return this;
  }

  sample(): void {
    const rss = process.memoryUsage.rss();
    if (rss > this.peak) this.peak = rss;
  }

  stop(): number {
    this.sample();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    return this.peak;
  }
}

/** process.resourceUsage().maxRSS is in kilobytes; this returns bytes. */
export const maxRssBytes = () => process.resourceUsage().maxRSS * 1024;

export function printTable(title: string, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  ");
  console.log(`\n${title}`);
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

/** A temporary directory the postgres OS user can read (server-side COPY reads files from it). */
export async function worldReadableTempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function postgresBinaries(): string | null {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return null;
  const bins = readdirSync(root)
    .map((v) => join(root, v, "bin"))
    .filter((b) => existsSync(join(b, "initdb")) && existsSync(join(b, "pg_ctl")));
  return bins.sort().at(-1) ?? null;
}

export interface PostgresServer {
  /** URL of the server's maintenance database (postgres). */
  url: string;
  description: string;
  stop(): Promise<void>;
}

/**
 * BENCH_DATABASE_URL when set, else a throwaway cluster from scripts/pg-throwaway.sh.
 * Returns the reason instead when neither is available.
 */
export async function startPostgres(): Promise<PostgresServer | { skipped: string }> {
  const given = process.env.BENCH_DATABASE_URL?.trim();
  if (given) {
    const u = new URL(given);
    if (u.password) u.password = "***";
    return { url: given, description: `BENCH_DATABASE_URL (${u.toString()})`, stop: async () => {} };
  }
  if (!postgresBinaries()) {
    return {
      skipped:
        "PostgreSQL part SKIPPED: BENCH_DATABASE_URL is not set and no PostgreSQL server binaries were found under /usr/lib/postgresql",
    };
  }
  const dir = await mkdtemp(join(tmpdir(), "rtg-bench-pg-"));
  const port = await freePort();
  const script = join(REPO_ROOT, "scripts/pg-throwaway.sh");
  const stop = async () => {
    await run("bash", [script, "stop", dir]).catch((error: Error) =>
      note(`stopping the throwaway PostgreSQL in ${dir} failed: ${error.message}`),
    );
    await rm(dir, { recursive: true, force: true }).catch(() => {});
  };
  try {
    const { stdout } = await run("bash", [script, "start", dir, String(port)]);
    const url = stdout.trim().split("\n").at(-1) ?? "";
    const onSignal = () => {
      void stop().finally(() => process.exit(130));
    };
    process.once("SIGINT", onSignal);
    process.once("SIGTERM", onSignal);
    return { url, description: `throwaway PostgreSQL cluster on port ${port} (fsync off)`, stop };
  } catch (error) {
    await stop();
    return {
      skipped: `PostgreSQL part SKIPPED: starting a throwaway cluster failed: ${(error as Error).message}`,
    };
  }
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${encodeURIComponent(database)}`;
  return url.toString();
}

export const ident = (name: string) => `"${name.replaceAll('"', '""')}"`;

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database on the server and returns its URL. */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  await withClient(serverUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${ident(name)}`);
  });
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).catch(
    (error: Error) => note(`dropping database ${name} failed: ${error.message}`),
  );
}

/** Deterministic pseudo-random numbers (mulberry32), so runs are comparable. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const SEGMENT_NAMES = [
  "SMB",
  "Mid Market",
  "Enterprise",
  "Public Sector",
  "Education",
  "Healthcare",
  "Retail",
  "Financial Services",
  "Manufacturing",
  "Logistics",
  "Media",
  "Energy",
  "Telecom",
  "Hospitality",
  "Real Estate",
  "Nonprofit",
  "Agriculture",
  "Automotive",
  "Insurance",
  "Legal",
] as const;
