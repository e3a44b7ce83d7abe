import type { BaseRow, FlowRow, RetentionRow, ScoreRow } from "../domain/customer-math.js";
import { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";
import { queryWithoutJit } from "./without-jit.js";

// The aggregates behind the customer math, in one statement: Node only ever sees a few hundred
// summary rows, whatever the size of the ledger.

export interface StatsWindow {
  workspaceId: string;
  previousFrom: Date;
  from: Date;
  to: Date;
  segmentId: string | null;
}

export interface StatsRows {
  flows: FlowRow[];
  scores: ScoreRow[];
  base: BaseRow[];
  retention: RetentionRow[];
}

export interface StatsStatementRow {
  /** f = flows, s = scores, b = base, r = retention (cohort customers who moved in [from, to)) */
  part: "f" | "s" | "b" | "r";
  /**
   * flows and scores: 1 = current window, 0 = previous; base: 0, 1, 2 = previousFrom, from, to;
   * retention: 0 = logos lost (n) and value change (v), 1 = kept-value change (v)
   */
  w: number;
  seg: string | null;
  /** movement type or survey kind */
  k: string | null;
  reason: string | null;
  score: number | null;
  n: number;
  v: string | null;
}

/**
 * The active base at an instant t: a customer is active at t when its latest movement before t
 * left it active (status_after), or when it has none before t but was already a customer when
 * the ledger began (opening_active); it counts in the segment of that movement (or of its first
 * movement) with the annual value the ledger service derived.
 *
 * Probing every customer's timeline at three instants reads the whole ledger's index. Instead
 * the statement starts from every customer's state now (customer.status / current_value /
 * segment_id, kept by the ledger service) and corrects only the customers that moved at or after
 * the earliest instant, from one range scan: sorted per customer, each of those movements holds
 * from its own instant until the customer's next movement, and the state before the first of
 * them is one index probe (skipped after a gained or reactivated movement, which the ledger rules
 * only accept for a customer that was not active). Everything is summed per segment with one
 * column per instant or window. The cost follows the movements since the earliest instant: small
 * for recent windows (the digest, /cx stats), a scan of the ledger's tail for windows long ago.
 */
export const statsStatement = (w: StatsWindow): Prisma.Sql => {
  const t0 = Prisma.sql`${w.previousFrom}::timestamptz`;
  const t1 = Prisma.sql`${w.from}::timestamptz`;
  const t2 = Prisma.sql`${w.to}::timestamptz`;
  const inSegment = Prisma.sql`(${w.segmentId}::text IS NULL OR segment_id = ${w.segmentId})`;
  // The movement is the customer's latest before t; the customer's latest of all.
  const holds = (t: Prisma.Sql) => Prisma.sql`occurred_at < ${t} AND (next_at IS NULL OR next_at >= ${t})`;
  const latest = Prisma.sql`next_at IS NULL`;
  return Prisma.sql`
WITH mv AS MATERIALIZED (
  SELECT customer_id, occurred_at, type, segment_id, status_after = 'active' AS active, value_after,
         lead(occurred_at) OVER w AS next_at, row_number() OVER w AS nth
  FROM customer_movement
  WHERE workspace_id = ${w.workspaceId} AND occurred_at >= ${t0}
  WINDOW w AS (PARTITION BY customer_id COLLATE "C" ORDER BY occurred_at, id)
),
before_first AS MATERIALIZED (
  SELECT m.customer_id, m.occurred_at AS first_at, COALESCE(p.segment_id, m.segment_id) AS segment_id,
         CASE WHEN p.status_after IS NOT NULL THEN CASE WHEN p.status_after = 'active' THEN p.value_after END
              ELSE (SELECT c.opening_value FROM customer c WHERE c.id = m.customer_id AND c.opening_active)
         END AS value
  FROM mv m
  LEFT JOIN LATERAL (
    SELECT p.segment_id, p.status_after, p.value_after FROM customer_movement p
    WHERE p.customer_id = m.customer_id AND p.occurred_at < ${t0}
    ORDER BY p.occurred_at DESC, p.id DESC LIMIT 1
  ) p ON true
  WHERE m.nth = 1 AND m.type NOT IN ('gained', 'reactivated')
),
-- Retention: the cohort customers (active at from) who moved in [from, to), each with its
-- segment and value at from and its value at to (NULL when no longer active). The rest of the
-- cohort ends the period as it began, so these corrections are all the statement returns.
moved AS (
  SELECT customer_id, bool_or(${holds(t1)}) AS has1,
         max(segment_id) FILTER (WHERE ${holds(t1)}) AS seg1,
         max(value_after) FILTER (WHERE ${holds(t1)} AND active) AS v1,
         max(value_after) FILTER (WHERE ${holds(t2)} AND active) AS v2
  FROM mv GROUP BY customer_id
  HAVING bool_or(occurred_at >= ${t1} AND occurred_at < ${t2})
),
cohort_moved AS (
  SELECT CASE WHEN m.has1 THEN m.seg1 ELSE bf.segment_id END AS segment_id,
         CASE WHEN m.has1 THEN m.v1 ELSE bf.value END AS v1, m.v2
  FROM moved m LEFT JOIN before_first bf ON bf.customer_id = m.customer_id
),
retention AS (
  SELECT segment_id, count(*) FILTER (WHERE v2 IS NULL) AS lost,
         sum(COALESCE(v2, 0) - v1) AS dv, sum(LEAST(COALESCE(v2, 0), v1) - v1) AS dk
  FROM cohort_moved WHERE v1 IS NOT NULL GROUP BY segment_id
),
base AS (
  -- every customer active now, at each instant …
  SELECT segment_id, count(*) AS n0, count(*) AS n1, count(*) AS n2,
         sum(current_value) AS v0, sum(current_value) AS v1, sum(current_value) AS v2
  FROM customer WHERE workspace_id = ${w.workspaceId} AND status = 'active' GROUP BY segment_id
  UNION ALL
  -- … with those that moved since in their state then rather than now …
  SELECT segment_id,
         count(*) FILTER (WHERE ${holds(t0)}) - count(*) FILTER (WHERE ${latest}),
         count(*) FILTER (WHERE ${holds(t1)}) - count(*) FILTER (WHERE ${latest}),
         count(*) FILTER (WHERE ${holds(t2)}) - count(*) FILTER (WHERE ${latest}),
         COALESCE(sum(value_after) FILTER (WHERE ${holds(t0)}), 0) - COALESCE(sum(value_after) FILTER (WHERE ${latest}), 0),
         COALESCE(sum(value_after) FILTER (WHERE ${holds(t1)}), 0) - COALESCE(sum(value_after) FILTER (WHERE ${latest}), 0),
         COALESCE(sum(value_after) FILTER (WHERE ${holds(t2)}), 0) - COALESCE(sum(value_after) FILTER (WHERE ${latest}), 0)
  FROM mv WHERE active GROUP BY segment_id
  UNION ALL
  -- … which before the first of their movements since is the state before it
  SELECT segment_id,
         count(*) FILTER (WHERE first_at >= ${t0}), count(*) FILTER (WHERE first_at >= ${t1}),
         count(*) FILTER (WHERE first_at >= ${t2}),
         COALESCE(sum(value) FILTER (WHERE first_at >= ${t0}), 0),
         COALESCE(sum(value) FILTER (WHERE first_at >= ${t1}), 0),
         COALESCE(sum(value) FILTER (WHERE first_at >= ${t2}), 0)
  FROM before_first WHERE value IS NOT NULL GROUP BY segment_id
),
flows AS (
  SELECT segment_id, type, reason_code_id,
         count(*) FILTER (WHERE occurred_at >= ${t1}) AS n1, sum(value) FILTER (WHERE occurred_at >= ${t1}) AS v1,
         count(*) FILTER (WHERE occurred_at < ${t1}) AS n0, sum(value) FILTER (WHERE occurred_at < ${t1}) AS v0
  FROM customer_movement
  WHERE workspace_id = ${w.workspaceId} AND occurred_at >= ${t0} AND occurred_at < ${t2} AND ${inSegment}
  GROUP BY segment_id, type, reason_code_id
),
scores AS (
  SELECT segment_id, kind, score,
         count(*) FILTER (WHERE responded_at >= ${t1}) AS n1, count(*) FILTER (WHERE responded_at < ${t1}) AS n0
  FROM survey_response
  WHERE workspace_id = ${w.workspaceId} AND responded_at >= ${t0} AND responded_at < ${t2} AND ${inSegment}
  GROUP BY segment_id, kind, score
)
SELECT 'b' AS part, i.w, b.segment_id AS seg, NULL AS k, NULL AS reason, NULL::int AS score,
       i.n::int AS n, i.v::text AS v
FROM (SELECT segment_id, sum(n0) AS n0, sum(n1) AS n1, sum(n2) AS n2, sum(v0) AS v0, sum(v1) AS v1, sum(v2) AS v2
      FROM base GROUP BY segment_id) b
CROSS JOIN LATERAL (VALUES (0, b.n0, b.v0), (1, b.n1, b.v1), (2, b.n2, b.v2)) AS i(w, n, v)
WHERE i.n <> 0
UNION ALL
SELECT 'f', i.w, f.segment_id, f.type::text, f.reason_code_id, NULL, i.n::int, i.v::text
FROM flows f CROSS JOIN LATERAL (VALUES (1, f.n1, f.v1), (0, f.n0, f.v0)) AS i(w, n, v)
WHERE i.n > 0
UNION ALL
SELECT 's', i.w, s.segment_id, s.kind::text, NULL, s.score, i.n::int, NULL
FROM scores s CROSS JOIN LATERAL (VALUES (1, s.n1), (0, s.n0)) AS i(w, n)
WHERE i.n > 0
UNION ALL
SELECT 'r', i.w, r.segment_id, NULL, NULL, NULL, i.n::int, i.v::text
FROM retention r CROSS JOIN LATERAL (VALUES (0, r.lost, r.dv), (1, 0, r.dk)) AS i(w, n, v)`;
};

const INSTANTS = ["previousStart", "start", "end"] as const;

/**
 * Flows per segment, window, type and reason; score histograms per segment, window and kind; the
 * active base per segment at previousFrom, from and to.
 * Runs with PostgreSQL's JIT compiler off (see queryWithoutJit).
 */
export async function queryStats(db: DbClient, w: StatsWindow): Promise<StatsRows> {
  return statsRows(await queryWithoutJit<StatsStatementRow>(db, statsStatement(w)), w.segmentId);
}

/** The statement's rows in the shapes the customer math takes. */
export function statsRows(rows: StatsStatementRow[], segmentId: string | null): StatsRows {
  const out: StatsRows = { flows: [], scores: [], base: [], retention: [] };
  const retention = new Map<string, RetentionRow>();
  for (const r of rows) {
    const window = r.w === 1 ? "current" : "previous";
    if (r.part === "f") {
      out.flows.push({
        segmentId: r.seg ?? "",
        window,
        type: r.k as FlowRow["type"],
        reasonCodeId: r.reason,
        count: r.n,
        value: r.v ?? "0",
      });
    } else if (r.part === "s") {
      out.scores.push({
        segmentId: r.seg,
        window,
        kind: r.k as ScoreRow["kind"],
        score: r.score ?? 0,
        count: r.n,
      });
    } else if (r.part === "r") {
      if (segmentId !== null && r.seg !== segmentId) continue;
      const key = r.seg ?? "";
      const row = retention.get(key) ?? { segmentId: key, lostLogos: 0, valueChange: "0", keptChange: "0" };
      if (r.w === 0) {
        row.lostLogos = r.n;
        row.valueChange = r.v ?? "0";
      } else row.keptChange = r.v ?? "0";
      retention.set(key, row);
    } else if (segmentId === null || r.seg === segmentId) {
      // The base counts a customer in the segment of its latest movement, so it is filtered
      // here, after the fact, rather than by the movements' segment.
      out.base.push({
        segmentId: r.seg ?? "",
        instant: INSTANTS[r.w] ?? "end",
        count: r.n,
        value: r.v ?? "0",
      });
    }
  }
  out.retention = [...retention.values()];
  return out;
}
