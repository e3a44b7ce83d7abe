import type { MoveInput } from "../domain/digest.js";
import type { SurveyKind } from "../domain/scores.js";
import { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";
import { queryWithoutJit } from "./without-jit.js";

// Aggregates the digest needs beyond the customer math: score trends over several periods,
// what lost customers had said before leaving, value at risk, and the themes of voice notes.
// All grouped in the database; Node gets summary rows. The three that read many rows run with
// PostgreSQL's JIT compiler off (see queryWithoutJit).

export interface Scope {
  workspaceId: string;
  /** Empty: every segment. */
  segmentIds: string[];
}

export interface TrendRow {
  /** 0 = the oldest period. */
  bucket: number;
  kind: SurveyKind;
  score: number;
  count: number;
}

/** Score histograms for `periods` consecutive windows of `lengthMs` ending at `to`. */
export async function queryScoreTrends(
  db: DbClient,
  scope: Scope,
  to: Date,
  lengthMs: number,
  periods: number,
): Promise<TrendRow[]> {
  const from = new Date(to.getTime() - lengthMs * periods);
  const seconds = lengthMs / 1000;
  return queryWithoutJit<TrendRow>(
    db,
    Prisma.sql`
    SELECT (${periods - 1} - floor(extract(epoch FROM (${to}::timestamptz - responded_at)) / ${seconds}))::int AS bucket,
           kind::text AS kind, score, count(*)::int AS count
    FROM survey_response
    WHERE workspace_id = ${scope.workspaceId} AND responded_at >= ${from} AND responded_at < ${to}
      AND (cardinality(${scope.segmentIds}::text[]) = 0 OR segment_id = ANY(${scope.segmentIds}::text[]))
    GROUP BY 1, 2, 3`,
  );
}

export interface SayDoRow {
  /** promoter | passive | detractor | never */
  said: "promoter" | "passive" | "detractor" | "never";
  count: number;
  value: string;
}

/**
 * For each customer lost in [from, to): the class of their latest NPS answer in the `days` days
 * before the loss, or "never" when they gave none.
 */
export async function querySayVersusDo(
  db: DbClient,
  scope: Scope,
  from: Date,
  to: Date,
  days = 90,
): Promise<SayDoRow[]> {
  return queryWithoutJit<SayDoRow>(
    db,
    Prisma.sql`
    SELECT CASE WHEN last.score IS NULL THEN 'never'
                WHEN last.score >= 9 THEN 'promoter'
                WHEN last.score >= 7 THEN 'passive'
                ELSE 'detractor' END AS said,
           count(*)::int AS count, COALESCE(sum(m.value), 0)::text AS value
    FROM customer_movement m
    LEFT JOIN LATERAL (
      SELECT r.score FROM survey_response r
      WHERE r.customer_id = m.customer_id AND r.kind = 'nps'
        AND r.responded_at < m.occurred_at
        AND r.responded_at >= m.occurred_at - make_interval(days => ${days})
      ORDER BY r.responded_at DESC LIMIT 1
    ) last ON true
    WHERE m.workspace_id = ${scope.workspaceId} AND m.type = 'lost'
      AND m.occurred_at >= ${from} AND m.occurred_at < ${to}
      AND (cardinality(${scope.segmentIds}::text[]) = 0 OR m.segment_id = ANY(${scope.segmentIds}::text[]))
    GROUP BY 1`,
  );
}

export interface RiskRow {
  customerId: string;
  name: string;
  segmentId: string;
  value: string;
  kind: SurveyKind;
  score: number;
  respondedAt: Date;
}

/**
 * Active customers whose latest NPS or CSAT answer in the `days` days before `at` was an NPS
 * detractor (0–6) or a CSAT of 1–2: the losses the next meeting can still prevent.
 *
 * The answers of those days are read once and the latest kept per customer (DISTINCT ON over a
 * sort by customer in byte order, which is all the grouping needs), rather than probing the
 * answers of every active customer: most of them said nothing lately.
 */
export async function queryValueAtRisk(db: DbClient, scope: Scope, at: Date, days = 90): Promise<RiskRow[]> {
  return queryWithoutJit<RiskRow>(
    db,
    Prisma.sql`
    SELECT c.id AS "customerId", c.name, c.segment_id AS "segmentId", c.current_value::text AS value,
           last.kind::text AS kind, last.score, last.responded_at AS "respondedAt"
    FROM (
      SELECT DISTINCT ON (r.customer_id COLLATE "C") r.customer_id, r.kind, r.score, r.responded_at
      FROM survey_response r
      WHERE r.workspace_id = ${scope.workspaceId} AND r.kind IN ('nps', 'csat') AND r.customer_id IS NOT NULL
        AND r.responded_at < ${at}::timestamptz
        AND r.responded_at >= ${at}::timestamptz - make_interval(days => ${days})
      ORDER BY r.customer_id COLLATE "C", r.responded_at DESC
    ) last
    JOIN customer c ON c.id = last.customer_id
    WHERE c.workspace_id = ${scope.workspaceId} AND c.status = 'active'
      AND (cardinality(${scope.segmentIds}::text[]) = 0 OR c.segment_id = ANY(${scope.segmentIds}::text[]))
      AND ((last.kind = 'nps' AND last.score <= 6) OR (last.kind = 'csat' AND last.score <= 2))
    ORDER BY c.current_value DESC, c.name`,
  );
}

export interface ThemeRow {
  source: string;
  stage: string | null;
  sentiment: string | null;
  count: number;
}

export async function queryVoiceThemes(
  db: DbClient,
  scope: Scope,
  from: Date,
  to: Date,
): Promise<ThemeRow[]> {
  return db.$queryRaw<ThemeRow[]>`
    SELECT source::text AS source, stage::text AS stage, sentiment::text AS sentiment, count(*)::int AS count
    FROM voice_note
    WHERE workspace_id = ${scope.workspaceId} AND created_at >= ${from} AND created_at < ${to}
      AND status <> 'archived'
      AND (cardinality(${scope.segmentIds}::text[]) = 0 OR segment_id = ANY(${scope.segmentIds}::text[]))
    GROUP BY 1, 2, 3`;
}

export interface QuoteRow {
  id: string;
  source: string;
  stage: string | null;
  sentiment: string | null;
  text: string;
}

/** A few recent notes to quote: the text only, never who wrote it. */
export async function queryVoiceQuotes(
  db: DbClient,
  scope: Scope,
  from: Date,
  to: Date,
  limit = 3,
): Promise<QuoteRow[]> {
  return db.$queryRaw<QuoteRow[]>`
    SELECT id, source::text AS source, stage::text AS stage, sentiment::text AS sentiment, text
    FROM voice_note
    WHERE workspace_id = ${scope.workspaceId} AND created_at >= ${from} AND created_at < ${to}
      AND status <> 'archived'
      AND (cardinality(${scope.segmentIds}::text[]) = 0 OR segment_id = ANY(${scope.segmentIds}::text[]))
    ORDER BY (sentiment = 'negative') DESC, created_at DESC
    LIMIT ${limit}`;
}

export interface WhyMovementRow {
  occurredAt: Date;
  type: string;
  value: string;
  customer: string;
  segment: string;
  reason: string | null;
  note: string | null;
}

/** The ledger entries behind a segment's change (largest first), for "Why did this change?". */
export async function queryWhyMovements(
  db: DbClient,
  scope: Scope,
  from: Date,
  to: Date,
  limit = 15,
): Promise<{ rows: WhyMovementRow[]; total: number }> {
  const rows = await db.$queryRaw<Array<WhyMovementRow & { total: number }>>`
    SELECT m.occurred_at AS "occurredAt", m.type::text AS type, m.value::text AS value, c.name AS customer,
           s.name AS segment, r.code AS reason, m.note, count(*) OVER ()::int AS total
    FROM customer_movement m
    JOIN customer c ON c.id = m.customer_id
    JOIN segment s ON s.id = m.segment_id
    LEFT JOIN reason_code r ON r.id = m.reason_code_id
    WHERE m.workspace_id = ${scope.workspaceId} AND m.occurred_at >= ${from} AND m.occurred_at < ${to}
      AND (cardinality(${scope.segmentIds}::text[]) = 0 OR m.segment_id = ANY(${scope.segmentIds}::text[]))
    ORDER BY m.value DESC, m.occurred_at DESC
    LIMIT ${limit}`;
  return { rows, total: rows[0]?.total ?? 0 };
}

/** Answers behind a segment's scores: counts per kind and score class. */
export async function queryWhyResponses(
  db: DbClient,
  scope: Scope,
  from: Date,
  to: Date,
): Promise<Array<{ kind: SurveyKind; score: number; count: number }>> {
  return db.$queryRaw`
    SELECT kind::text AS kind, score, count(*)::int AS count
    FROM survey_response
    WHERE workspace_id = ${scope.workspaceId} AND responded_at >= ${from} AND responded_at < ${to}
      AND (cardinality(${scope.segmentIds}::text[]) = 0 OR segment_id = ANY(${scope.segmentIds}::text[]))
    GROUP BY 1, 2`;
}

/** A large move as one SQL row: the domain's MoveInput with its value still a decimal string. */
export type MoveRow = Omit<MoveInput, "value"> & { value: string };

/**
 * The period's largest gains (new, reactivation, expansion) and largest losses (churn,
 * contraction) by value, `limit` of each, largest first (then the latest, then the first entered).
 */
export async function queryBiggestMoves(
  db: DbClient,
  scope: Scope,
  from: Date,
  to: Date,
  limit = 3,
): Promise<MoveRow[]> {
  return db.$queryRaw<MoveRow[]>`
    SELECT direction, type, value, customer, "segmentId", segment, "reasonEn", "reasonEs", note
    FROM (
      SELECT CASE WHEN m.type IN ('lost', 'contracted') THEN 'loss' ELSE 'gain' END AS direction,
             m.type::text AS type, m.value::text AS value, m.value AS amount, c.name AS customer,
             m.segment_id AS "segmentId", s.name AS segment, r.label_en AS "reasonEn",
             r.label_es AS "reasonEs", m.note,
             row_number() OVER (
               PARTITION BY (m.type IN ('lost', 'contracted'))
               ORDER BY m.value DESC, m.occurred_at DESC, m.id
             ) AS rank
      FROM customer_movement m
      JOIN customer c ON c.id = m.customer_id
      JOIN segment s ON s.id = m.segment_id
      LEFT JOIN reason_code r ON r.id = m.reason_code_id
      WHERE m.workspace_id = ${scope.workspaceId} AND m.occurred_at >= ${from} AND m.occurred_at < ${to}
        AND m.type IN ('gained', 'reactivated', 'expanded', 'lost', 'contracted') AND m.value > 0
        AND (cardinality(${scope.segmentIds}::text[]) = 0 OR m.segment_id = ANY(${scope.segmentIds}::text[]))
    ) ranked
    WHERE rank <= ${limit}
    ORDER BY direction, amount DESC, rank`;
}
