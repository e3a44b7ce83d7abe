import type { SurveyKind } from "../domain/scores.js";
import type { ThemeText } from "../domain/themes.js";
import type { DbClient } from "./client.js";

export async function findExistingResponseKeys(
  db: DbClient,
  workspaceId: string,
  keys: string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.$queryRaw<Array<{ key: string; hash: string }>>`
    SELECT idempotency_key AS key, content_hash AS hash FROM survey_response
    WHERE workspace_id = ${workspaceId} AND idempotency_key = ANY(${keys}::text[])`;
  return new Map(rows.map((r) => [r.key, r.hash]));
}

export interface NewResponse {
  id: string;
  surveyId: string | null;
  kind: SurveyKind;
  score: number;
  comment: string | null;
  customerId: string | null;
  segmentId: string | null;
  respondentSlackId: string | null;
  touchpoint: string | null;
  respondedAt: Date;
  source: string;
  idempotencyKey: string;
  contentHash: string;
}

export async function insertResponses(
  db: DbClient,
  workspaceId: string,
  rows: NewResponse[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof NewResponse>(k: K) => rows.map((r) => r[k]);
  return db.$executeRaw`
    INSERT INTO survey_response (id, workspace_id, survey_id, kind, score, comment, customer_id, segment_id,
      respondent_slack_id, touchpoint, responded_at, source, idempotency_key, content_hash)
    SELECT id, ${workspaceId}, survey_id, kind::"SurveyKind", score, comment, customer_id, segment_id,
      respondent_slack_id, touchpoint, responded_at::timestamptz, source::"RecordSource", idempotency_key, content_hash
    FROM unnest(${col("id")}::text[], ${col("surveyId")}::text[], ${col("kind")}::text[], ${col("score")}::int[],
                ${col("comment")}::text[], ${col("customerId")}::text[], ${col("segmentId")}::text[],
                ${col("respondentSlackId")}::text[], ${col("touchpoint")}::text[],
                ${rows.map((r) => r.respondedAt.toISOString())}::text[], ${col("source")}::text[],
                ${col("idempotencyKey")}::text[], ${col("contentHash")}::text[])
         AS t(id, survey_id, kind, score, comment, customer_id, segment_id, respondent_slack_id, touchpoint,
              responded_at, source, idempotency_key, content_hash)
    ON CONFLICT (workspace_id, idempotency_key) DO NOTHING`;
}

/** The survey comments answered in [from, to), as theme texts (anonymous: no respondent stored). */
export async function listResponseComments(
  db: DbClient,
  workspaceId: string,
  from: Date,
  to: Date,
): Promise<ThemeText[]> {
  const rows = await db.surveyResponse.findMany({
    where: { workspaceId, respondedAt: { gte: from, lt: to }, comment: { not: null } },
    select: { comment: true, kind: true, score: true, segmentId: true, respondentSlackId: true },
  });
  return rows.flatMap((r) =>
    r.comment?.trim()
      ? [
          {
            text: r.comment,
            score: { kind: r.kind, value: r.score },
            anonymous: r.respondentSlackId === null,
            author: r.respondentSlackId,
            segmentId: r.segmentId,
          },
        ]
      : [],
  );
}
