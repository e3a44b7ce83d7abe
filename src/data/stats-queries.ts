import type { BaseRow, FlowRow, ScoreRow } from "../domain/customer-math.js";
import type { DbClient } from "./client.js";

// The aggregates behind the customer math. Each is one grouped statement; Node only ever sees a
// few hundred summary rows, whatever the size of the ledger.

export interface StatsWindow {
  workspaceId: string;
  previousFrom: Date;
  from: Date;
  to: Date;
  segmentId: string | null;
}

export async function queryFlows(db: DbClient, w: StatsWindow): Promise<FlowRow[]> {
  const rows = await db.$queryRaw<Array<Omit<FlowRow, "window"> & { current: boolean }>>`
    SELECT segment_id AS "segmentId", occurred_at >= ${w.from} AS current, type::text AS type,
           reason_code_id AS "reasonCodeId", count(*)::int AS count, sum(value)::text AS value
    FROM customer_movement
    WHERE workspace_id = ${w.workspaceId}
      AND occurred_at >= ${w.previousFrom} AND occurred_at < ${w.to}
      AND (${w.segmentId}::text IS NULL OR segment_id = ${w.segmentId})
    GROUP BY 1, 2, 3, 4`;
  return rows.map(({ current, ...r }) => ({ ...r, window: current ? "current" : "previous" }));
}

export async function queryScores(db: DbClient, w: StatsWindow): Promise<ScoreRow[]> {
  const rows = await db.$queryRaw<Array<Omit<ScoreRow, "window"> & { current: boolean }>>`
    SELECT segment_id AS "segmentId", responded_at >= ${w.from} AS current, kind::text AS kind, score,
           count(*)::int AS count
    FROM survey_response
    WHERE workspace_id = ${w.workspaceId}
      AND responded_at >= ${w.previousFrom} AND responded_at < ${w.to}
      AND (${w.segmentId}::text IS NULL OR segment_id = ${w.segmentId})
    GROUP BY 1, 2, 3, 4`;
  return rows.map(({ current, ...r }) => ({ ...r, window: current ? "current" : "previous" }));
}

/**
 * The active base at the three instants that bound both windows. A customer is active at t when
 * its latest movement before t left it active (status_after), or when it has no movement before
 * t but was already a customer when the ledger began; it counts in the segment of that movement
 * (or of its first movement) with the annual value the ledger service derived.
 */
export async function queryBase(db: DbClient, w: StatsWindow): Promise<BaseRow[]> {
  const rows = await db.$queryRaw<Array<{ idx: number; segmentId: string; count: number; value: string }>>`
    SELECT t.idx, COALESCE(last.segment_id, first.segment_id) AS "segmentId",
           count(*)::int AS count, COALESCE(sum(COALESCE(last.value_after, c.opening_value)), 0)::text AS value
    FROM (VALUES (0, ${w.previousFrom}::timestamptz), (1, ${w.from}::timestamptz), (2, ${w.to}::timestamptz)) AS t(idx, at)
    CROSS JOIN customer c
    LEFT JOIN LATERAL (
      SELECT m.segment_id, m.status_after, m.value_after FROM customer_movement m
      WHERE m.customer_id = c.id AND m.occurred_at < t.at
      ORDER BY m.occurred_at DESC, m.id DESC LIMIT 1
    ) last ON true
    LEFT JOIN LATERAL (
      SELECT m.segment_id FROM customer_movement m
      WHERE m.customer_id = c.id AND last.segment_id IS NULL AND c.opening_active
      ORDER BY m.occurred_at, m.id LIMIT 1
    ) first ON true
    WHERE c.workspace_id = ${w.workspaceId}
      AND (last.status_after = 'active' OR (last.status_after IS NULL AND c.opening_active))
    GROUP BY 1, 2`;
  const instants = ["previousStart", "start", "end"] as const;
  return rows
    .filter((r) => w.segmentId === null || r.segmentId === w.segmentId)
    .map((r) => ({
      segmentId: r.segmentId,
      instant: instants[r.idx] ?? "end",
      count: r.count,
      value: r.value,
    }));
}
