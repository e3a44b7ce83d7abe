import type { DbClient } from "../src/data/client.js";
import { type StatsStatementRow, type StatsWindow, statsStatement } from "../src/data/stats-queries.js";
import { Prisma } from "../src/generated/prisma/client.js";

// The floor for the digest's queries: one statement that returns every number buildDigest reads
// from the database, each part as a JSON array (json_agg costs a millisecond or two here):
//   stats    the fastest getStats floor (bench/stats-floor.ts "one pass", getStats' own statement)
//   trends   score histograms per period: one range scan, grouped
//   sayDo    lost customers by the class of their latest NPS answer in the 90 days before: one
//            probe of the answers index per lost movement
//   risks    active customers whose latest NPS / CSAT answer in the last 90 days was bad: the
//            answers of those 90 days scanned once and the latest kept per customer
//   themes, quotes   voice notes of the window: range scan, grouped / sorted
// The scope is every segment, as in the bench's digest.

export interface DigestFloorArgs {
  window: StatsWindow;
  trendFrom: Date;
  trendSeconds: number;
  trendPeriods: number;
  riskDays: number;
  sayDays: number;
  quotes: number;
}

export interface DigestFloorRow {
  stats: StatsStatementRow[] | null;
  trends: Array<{ bucket: number; kind: string; score: number; count: number }> | null;
  sayDo: Array<{ said: string; count: number; value: string }> | null;
  risks: Array<{
    customerId: string;
    value: string;
    kind: string;
    score: number;
    respondedAt: string;
  }> | null;
  themes: Array<{ source: string; stage: string | null; sentiment: string | null; count: number }> | null;
  quotes: Array<{ id: string }> | null;
}

export function digestFloorStatement(a: DigestFloorArgs): Prisma.Sql {
  const { workspaceId, from, to } = a.window;
  return Prisma.sql`
SELECT
  (SELECT json_agg(x) FROM (${statsStatement(a.window)}) x) AS stats,
  (SELECT json_agg(x) FROM (
     SELECT (${a.trendPeriods - 1} - floor(extract(epoch FROM (${to}::timestamptz - responded_at)) / ${a.trendSeconds}))::int AS bucket,
            kind::text AS kind, score, count(*)::int AS count
     FROM survey_response
     WHERE workspace_id = ${workspaceId} AND responded_at >= ${a.trendFrom}::timestamptz AND responded_at < ${to}::timestamptz
     GROUP BY 1, kind, score) x) AS trends,
  (SELECT json_agg(x) FROM (
     SELECT CASE WHEN last.score IS NULL THEN 'never' WHEN last.score >= 9 THEN 'promoter'
                 WHEN last.score >= 7 THEN 'passive' ELSE 'detractor' END AS said,
            count(*)::int AS count, COALESCE(sum(m.value), 0)::text AS value
     FROM customer_movement m
     LEFT JOIN LATERAL (
       SELECT r.score FROM survey_response r
       WHERE r.customer_id = m.customer_id AND r.kind = 'nps' AND r.responded_at < m.occurred_at
         AND r.responded_at >= m.occurred_at - make_interval(days => ${a.sayDays})
       ORDER BY r.responded_at DESC LIMIT 1
     ) last ON true
     WHERE m.workspace_id = ${workspaceId} AND m.type = 'lost'
       AND m.occurred_at >= ${from}::timestamptz AND m.occurred_at < ${to}::timestamptz
     GROUP BY 1) x) AS "sayDo",
  (SELECT json_agg(x) FROM (
     SELECT c.id AS "customerId", c.current_value::text AS value, l.kind::text AS kind, l.score,
            l.responded_at AS "respondedAt"
     FROM (SELECT DISTINCT ON (customer_id COLLATE "C") customer_id, kind, score, responded_at
           FROM survey_response
           WHERE workspace_id = ${workspaceId} AND kind IN ('nps', 'csat') AND customer_id IS NOT NULL
             AND responded_at < ${to}::timestamptz
             AND responded_at >= ${to}::timestamptz - make_interval(days => ${a.riskDays})
           ORDER BY customer_id COLLATE "C", responded_at DESC) l
     JOIN customer c ON c.id = l.customer_id
     WHERE c.status = 'active' AND ((l.kind = 'nps' AND l.score <= 6) OR (l.kind = 'csat' AND l.score <= 2))) x) AS risks,
  (SELECT json_agg(x) FROM (
     SELECT source::text AS source, stage::text AS stage, sentiment::text AS sentiment, count(*)::int AS count
     FROM voice_note
     WHERE workspace_id = ${workspaceId} AND created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
       AND status <> 'archived'
     GROUP BY 1, 2, 3) x) AS themes,
  (SELECT json_agg(x) FROM (
     SELECT id FROM voice_note
     WHERE workspace_id = ${workspaceId} AND created_at >= ${from}::timestamptz AND created_at < ${to}::timestamptz
       AND status <> 'archived'
     ORDER BY (sentiment = 'negative') DESC, created_at DESC
     LIMIT ${a.quotes}) x) AS quotes`;
}

export async function digestFloor(db: DbClient, a: DigestFloorArgs): Promise<DigestFloorRow> {
  const sql = digestFloorStatement(a);
  const [row] = await db.$queryRawUnsafe<DigestFloorRow[]>(sql.text, ...sql.values);
  if (!row) throw new Error("the digest floor returned no row");
  return row;
}
