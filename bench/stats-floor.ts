import type { DbClient } from "../src/data/client.js";
import {
  type StatsRows,
  type StatsStatementRow,
  type StatsWindow,
  statsRows,
  statsStatement,
} from "../src/data/stats-queries.js";

// The floors for getStats: single hand-written statements that return everything getStats needs
// (flows per segment/window/type/reason, score histograms per segment/window/kind, the active
// base per segment at the three instants), run bare through $queryRawUnsafe: no transaction, no
// settings, no mapping. The bench takes the fastest of them as "the floor".
//
// "current state": the flows and the scores are plain index range scans. The base starts from
// each customer's state now (customer status / current_value / segment_id, kept by the ledger
// service) and corrects only the customers that have a movement at or after the earliest
// instant, with one index probe per such customer and instant.
//
// "one pass": getStats' own statement (src/data/stats-queries.ts), bare. It corrects the same
// customers from the range scan the flows read anyway (each movement holds until the customer's
// next one), probing only the state before each customer's first movement in the range.

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

export const FLOORS: Array<{
  name: string;
  run: (db: DbClient, w: StatsWindow) => Promise<StatsStatementRow[]>;
}> = [
  {
    name: "current state",
    run: (db, w) => db.$queryRawUnsafe<StatsStatementRow[]>(SQL, w.workspaceId, w.previousFrom, w.from, w.to),
  },
  {
    name: "one pass",
    run: (db, w) => {
      const sql = statsStatement(w);
      return db.$queryRawUnsafe<StatsStatementRow[]>(sql.text, ...sql.values);
    },
  },
];

/** A floor's rows in the shapes getStats' query returns, for buildStatsReport. */
export const floorToRows = (rows: StatsStatementRow[]): StatsRows => statsRows(rows, null);
