import type { Database } from "../src/data/database.js";
import { loadTimelines } from "../src/data/ledger.js";
import { replayTimeline } from "../src/domain/ledger-rules.js";
import { segmentKey } from "../src/domain/taxonomy.js";
import { SEGMENT_NAMES } from "./lib.js";

// Loads a statistics test bed straight with SQL (INSERT … SELECT … generate_series), several
// orders of magnitude faster than the import, yet with the derived columns the ledger service
// would have written. Every customer follows one of four fixed five-movement patterns (cut short
// at the end of the data for recent customers) whose state after each step is a linear
// combination of five per-customer amounts:
//   v (first annual value), e (an expansion), c (a contraction), r (the value at reactivation),
//   e2 (a later expansion).
// Pattern 3 starts mid-way (its first movement is an expansion), so the customer was already
// active when the ledger began: opening_active, with opening_value v (the least value consistent
// with the later loss, see ledger-rules.ts), or 0 when its timeline is cut before the loss. checkLedgerConsistency() replays a sample with the
// real ledger rules to prove the derived columns right.

export const DAYS = 730;
export const T0 = new Date("2024-01-01T00:00:00Z");
export const MOVEMENTS_PER_CUSTOMER = 5;

// p, j, type, status_after, value = coefficients of (v, e, c, r, e2), value_after = coefficients.
const PATTERNS: Array<[number, number, string, string, number[], number[]]> = [
  [0, 0, "gained", "active", [1, 0, 0, 0, 0], [1, 0, 0, 0, 0]],
  [0, 1, "expanded", "active", [0, 1, 0, 0, 0], [1, 1, 0, 0, 0]],
  [0, 2, "expanded", "active", [0, 1, 0, 0, 0], [1, 2, 0, 0, 0]],
  [0, 3, "contracted", "active", [0, 0, 1, 0, 0], [1, 2, -1, 0, 0]],
  [0, 4, "referred", "active", [0, 0, 0, 0, 0], [1, 2, -1, 0, 0]],
  [1, 0, "gained", "active", [1, 0, 0, 0, 0], [1, 0, 0, 0, 0]],
  [1, 1, "expanded", "active", [0, 1, 0, 0, 0], [1, 1, 0, 0, 0]],
  [1, 2, "contracted", "active", [0, 0, 1, 0, 0], [1, 1, -1, 0, 0]],
  [1, 3, "lost", "lost", [1, 1, -1, 0, 0], [0, 0, 0, 0, 0]],
  [1, 4, "reactivated", "active", [0, 0, 0, 1, 0], [0, 0, 0, 1, 0]],
  [2, 0, "gained", "active", [1, 0, 0, 0, 0], [1, 0, 0, 0, 0]],
  [2, 1, "lost", "lost", [1, 0, 0, 0, 0], [0, 0, 0, 0, 0]],
  [2, 2, "reactivated", "active", [0, 0, 0, 1, 0], [0, 0, 0, 1, 0]],
  [2, 3, "expanded", "active", [0, 0, 0, 0, 1], [0, 0, 0, 1, 1]],
  [2, 4, "lost", "lost", [0, 0, 0, 1, 1], [0, 0, 0, 0, 0]],
  [3, 0, "expanded", "active", [0, 1, 0, 0, 0], [1, 1, 0, 0, 0]],
  [3, 1, "contracted", "active", [0, 0, 1, 0, 0], [1, 1, -1, 0, 0]],
  [3, 2, "lost", "lost", [1, 1, -1, 0, 0], [0, 0, 0, 0, 0]],
  [3, 3, "reactivated", "active", [0, 0, 0, 1, 0], [0, 0, 0, 1, 0]],
  [3, 4, "expanded", "active", [0, 0, 0, 0, 1], [0, 0, 0, 1, 1]],
];

const PATTERN_CTE = `pattern(p, j, type, status, a1, a2, a3, a4, a5, b1, b2, b3, b4, b5) AS (VALUES ${PATTERNS.map(
  ([p, j, type, status, a, b]) => `(${p}, ${j}, '${type}', '${status}', ${[...a, ...b].join(", ")})`,
).join(", ")})`;

const linear = (prefix: "a" | "b") =>
  `(pt.${prefix}1 * b.v + pt.${prefix}2 * b.e + pt.${prefix}3 * b.c + pt.${prefix}4 * b.r + pt.${prefix}5 * b.e2)`;

export interface BuiltData {
  customers: number;
  movements: number;
  responses: number;
  steps: Array<{ step: string; ms: number }>;
}

export async function buildStatsData(
  db: Database,
  workspaceId: string,
  opts: { movements: number; responses: number; vacuum: boolean; log: (s: string) => void },
): Promise<BuiltData> {
  // Customers start uniformly over the DAYS and move every 7–27 days (17 on average); timelines
  // that would run past the end of the data stop there, as for customers who joined recently.
  const customers = Math.max(1, Math.round(opts.movements / (MOVEMENTS_PER_CUSTOMER - (10 * 17) / DAYS)));
  const steps: BuiltData["steps"] = [];
  const step = async (name: string, sql: string, ...params: unknown[]) => {
    const started = performance.now();
    await db.prisma.$executeRawUnsafe(sql, ...params);
    const ms = performance.now() - started;
    steps.push({ step: name, ms });
    opts.log(`  ${name}: ${(ms / 1000).toFixed(1)} s`);
  };

  await db.prisma.segment.createMany({
    data: SEGMENT_NAMES.map((name) => ({ workspaceId, key: segmentKey(name), name })),
    skipDuplicates: true,
  });

  await step(
    "customer parameters",
    `CREATE TABLE bench_params AS
     SELECT k, 'bench-c' || lpad(k::text, 8, '0') AS id, s.ids[1 + k % 20] AS segment_id, p, jmax,
            CASE WHEN p = 3 AND jmax < 2 THEN 0 ELSE v END AS v,
            round(v * 0.10, 2) AS e, round(v * 0.05, 2) AS c, v + 500 AS r, 250.00::numeric(16,2) AS e2,
            gap, $2::timestamptz + make_interval(secs => start_secs) AS start_at
     FROM generate_series(1, $3::int) AS k
     CROSS JOIN (SELECT array_agg(id ORDER BY key) AS ids FROM segment WHERE workspace_id = $1) AS s
     CROSS JOIN LATERAL (SELECT (k / 20) % 4 AS p, 7 + k % 21 AS gap,
                                (1000 + (k::bigint * 7919) % 9000 + ((k * 13) % 100) / 100.0)::numeric(16,2) AS v,
                                (k::bigint * 104729) % 1000003 * ${DAYS * 86400} / 1000003 AS start_secs) AS x
     CROSS JOIN LATERAL (SELECT least(4, (${DAYS * 86400 - 1} - start_secs) / (gap * 86400)) AS jmax) AS y`,
    workspaceId,
    T0.toISOString(),
    customers,
  );

  await step(
    "customers",
    `WITH ${PATTERN_CTE}
     INSERT INTO customer (id, workspace_id, external_id, name, segment_id, opening_active, opening_value, status,
                           current_value)
     SELECT b.id, $1, 'ext-' || b.k, 'Customer ' || b.k, b.segment_id, b.p = 3,
            CASE WHEN b.p = 3 THEN b.v ELSE 0 END, pt.status::"CustomerStatus", ${linear("b")}
     FROM bench_params b JOIN pattern pt ON pt.p = b.p AND pt.j = b.jmax`,
    workspaceId,
  );

  await step(
    "movements",
    `WITH ${PATTERN_CTE},
     reasons AS (
       SELECT array_agg(id ORDER BY sort_order) FILTER (WHERE direction = 'gained') AS g,
              array_agg(id ORDER BY sort_order) FILTER (WHERE direction = 'lost') AS l
       FROM reason_code WHERE workspace_id = $1)
     INSERT INTO customer_movement (workspace_id, customer_id, segment_id, type, occurred_at, value, currency,
       reason_code_id, source, idempotency_key, content_hash, status_after, value_after)
     SELECT $1, b.id, b.segment_id, pt.type::"MovementType", b.start_at + make_interval(days => pt.j * b.gap),
            ${linear("a")}, 'EUR',
            CASE WHEN pt.type = 'referred' OR (b.k + pt.j) % 7 = 0 THEN NULL
                 WHEN pt.type IN ('lost', 'contracted') THEN r.l[1 + (b.k + pt.j) % cardinality(r.l)]
                 ELSE r.g[1 + (b.k + pt.j) % cardinality(r.g)] END,
            'csv', 'bench:m:' || b.k || ':' || pt.j, md5(b.k || ':' || pt.j),
            pt.status::"CustomerStatus", ${linear("b")}
     FROM bench_params b JOIN pattern pt ON pt.p = b.p AND pt.j <= b.jmax CROSS JOIN reasons r
     ORDER BY 5`,
    workspaceId,
  );

  await step(
    "responses",
    `INSERT INTO survey_response (id, workspace_id, kind, score, customer_id, segment_id, responded_at, source,
       idempotency_key, content_hash)
     SELECT 'bench-r' || i, $1, (ARRAY['nps', 'csat', 'ces'])[1 + i % 3]::"SurveyKind",
            CASE i % 3 WHEN 0 THEN (i * 31) % 11 WHEN 1 THEN 1 + (i * 17) % 5 ELSE 1 + (i * 13) % 7 END,
            CASE WHEN i % 10 < 7 THEN b.id END,
            CASE WHEN i % 10 < 7 THEN b.segment_id WHEN i % 10 < 9 THEN s.ids[1 + i % 20] END,
            $2::timestamptz + make_interval(secs => ((i::bigint * 7919) % $4::int)::float8 * ${DAYS * 86400} / $4::int),
            'csv', 'bench:r:' || i, md5('r' || i)
     FROM generate_series(1, $4::int) AS i
     JOIN bench_params b ON b.k = 1 + i % $3::int
     CROSS JOIN (SELECT array_agg(id ORDER BY key) AS ids FROM segment WHERE workspace_id = $1) AS s
     ORDER BY 7`,
    workspaceId,
    T0.toISOString(),
    customers,
    opts.responses,
  );

  await step("drop parameters", "DROP TABLE bench_params");
  if (opts.vacuum) {
    for (const table of ["customer", "customer_movement", "survey_response"]) {
      await step(`VACUUM ANALYZE ${table}`, `VACUUM ANALYZE ${table}`);
    }
  }
  const [count] = await db.prisma.$queryRawUnsafe<Array<{ n: number }>>(
    "SELECT count(*)::int AS n FROM customer_movement WHERE workspace_id = $1",
    workspaceId,
  );
  return { customers, movements: count?.n ?? 0, responses: opts.responses, steps };
}

/**
 * Replays the stored timelines of a sample of customers with the real ledger rules and compares
 * every derived column. Returns the mismatches (empty when the loaded data is consistent).
 */
export async function checkLedgerConsistency(db: Database, sample: number): Promise<string[]> {
  const select = { id: true, openingActive: true, openingValue: true, status: true, currentValue: true };
  // The first customers (every pattern), and customers that started mid-way with the lowest
  // opening values (among them those whose timeline is cut before the loss).
  const customers = [
    ...(await db.prisma.customer.findMany({
      orderBy: { id: "asc" },
      take: sample - Math.floor(sample / 4),
      select,
    })),
    ...(await db.prisma.customer.findMany({
      where: { openingActive: true },
      orderBy: [{ openingValue: "asc" }, { id: "desc" }],
      take: Math.floor(sample / 4),
      select,
    })),
  ];
  const stored = await loadTimelines(
    db.prisma,
    customers.map((c) => c.id),
  );
  const problems: string[] = [];
  for (const c of customers) {
    const mine = stored.filter((m) => m.customerId === c.id);
    const replay = replayTimeline(
      mine.map((m) => ({
        key: m.idempotencyKey,
        type: m.type,
        occurredAt: m.occurredAt,
        value: m.value,
        seq: Number(m.id),
      })),
    );
    if (replay.violations.length) problems.push(`${c.id}: ${replay.violations[0]?.message}`);
    for (const e of replay.entries) {
      const m = mine.find((x) => x.idempotencyKey === e.key);
      if (m && (m.statusAfter !== e.statusAfter || m.valueAfter !== e.valueAfter)) {
        problems.push(
          `${e.key}: stored ${m.statusAfter}/${m.valueAfter}, replay ${e.statusAfter}/${e.valueAfter}`,
        );
      }
    }
    const got = [c.openingActive, c.openingValue.toFixed(2), c.status, c.currentValue.toFixed(2)].join("/");
    const want = [replay.openingActive, replay.openingValue, replay.status, replay.currentValue].join("/");
    if (got !== want) problems.push(`${c.id}: stored ${got}, replay ${want}`);
  }
  return problems;
}
