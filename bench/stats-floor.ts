import type { DbClient } from "../src/data/client.js";
import type { StatsWindow } from "../src/data/stats-queries.js";
import type { BaseRow, FlowRow, ScoreRow } from "../src/domain/customer-math.js";

// The floor for getStats: one hand-written statement that returns everything getStats' three
// queries return (flows per segment/window/type/reason, score histograms per segment/window/kind,
// the active base per segment at the three instants).
//
// The flows and the scores are the same index range scans getStats makes (there is nothing
// cheaper without new indexes). The base is computed differently: instead of one index probe per
// customer and instant (3 × all customers), it starts from each customer's state now (customer
// status / current_value / segment_id, kept by the ledger service) and corrects only the
// customers that have a movement at or after the earliest instant, probing those alone.

const SQL = `
WITH instants(idx, at) AS (VALUES (0, $2::timestamptz), (1, $3::timestamptz), (2, $4::timestamptz)),
-- customers with a movement at or after the earliest instant: the only ones whose state at an
-- instant can differ from their state now
recent AS MATERIALIZED (
  SELECT c.id, c.segment_id, c.status, c.current_value, c.opening_active, c.opening_value, r.last_at
  FROM (SELECT customer_id, max(occurred_at) AS last_at FROM customer_movement
        WHERE workspace_id = $1 AND occurred_at >= $2::timestamptz GROUP BY customer_id) r
  JOIN customer c ON c.id = r.customer_id
),
base AS (
  -- every customer active now, at each instant …
  SELECT i.idx, a.segment_id, a.n, a.v
  FROM (SELECT segment_id, count(*) AS n, sum(current_value) AS v FROM customer
        WHERE workspace_id = $1 AND status = 'active' GROUP BY segment_id) a
  CROSS JOIN instants i
  UNION ALL
  -- … minus those that moved at or after the instant …
  SELECT i.idx, c.segment_id, -1, -c.current_value
  FROM recent c JOIN instants i ON c.last_at >= i.at
  WHERE c.status = 'active'
  UNION ALL
  -- … plus their state at the instant: the latest movement before it, or the opening state
  SELECT i.idx, COALESCE(last.segment_id, first.segment_id), 1, COALESCE(last.value_after, c.opening_value)
  FROM recent c JOIN instants i ON c.last_at >= i.at
  LEFT JOIN LATERAL (
    SELECT m.segment_id, m.status_after, m.value_after FROM customer_movement m
    WHERE m.customer_id = c.id AND m.occurred_at < i.at
    ORDER BY m.occurred_at DESC, m.id DESC LIMIT 1
  ) last ON true
  LEFT JOIN LATERAL (
    SELECT m.segment_id FROM customer_movement m
    WHERE m.customer_id = c.id AND last.segment_id IS NULL AND c.opening_active
    ORDER BY m.occurred_at, m.id LIMIT 1
  ) first ON true
  WHERE last.status_after = 'active' OR (last.status_after IS NULL AND c.opening_active)
)
SELECT 'b' AS part, idx AS w, segment_id AS seg, NULL AS k, NULL AS reason, NULL::int AS score,
       sum(n)::int AS n, sum(v)::text AS v
FROM base GROUP BY idx, segment_id HAVING sum(n) <> 0
UNION ALL
SELECT 'f', (occurred_at >= $3::timestamptz)::int, segment_id, type::text, reason_code_id, NULL,
       count(*)::int, sum(value)::text
FROM customer_movement
WHERE workspace_id = $1 AND occurred_at >= $2::timestamptz AND occurred_at < $4::timestamptz
GROUP BY 2, 3, 4, 5
UNION ALL
SELECT 's', (responded_at >= $3::timestamptz)::int, segment_id, kind::text, NULL, score, count(*)::int, NULL
FROM survey_response
WHERE workspace_id = $1 AND responded_at >= $2::timestamptz AND responded_at < $4::timestamptz
GROUP BY 2, 3, 4, 6`;

interface Row {
  part: "b" | "f" | "s";
  w: number;
  seg: string | null;
  k: string | null;
  reason: string | null;
  score: number | null;
  n: number;
  v: string | null;
}

export interface FloorResult {
  flows: FlowRow[];
  scores: ScoreRow[];
  base: BaseRow[];
}

export async function floorQuery(db: DbClient, w: StatsWindow): Promise<Row[]> {
  return db.$queryRawUnsafe<Row[]>(SQL, w.workspaceId, w.previousFrom, w.from, w.to);
}

/** The floor's rows in the shapes getStats' queries return, for buildStatsReport. */
export function floorToRows(rows: Row[]): FloorResult {
  const out: FloorResult = { flows: [], scores: [], base: [] };
  const instants = ["previousStart", "start", "end"] as const;
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
    } else {
      out.base.push({
        segmentId: r.seg ?? "",
        instant: instants[r.w] ?? "end",
        count: r.n,
        value: r.v ?? "0",
      });
    }
  }
  return out;
}

export const FLOOR_SQL = SQL;
