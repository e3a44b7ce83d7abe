import type { SurveyKind } from "../domain/scores.js";
import type { SurveyRecord } from "../domain/survey-record.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";

// Surveys, who they were sent to (deliveries) and the answers given in Slack.

const surveySelect = {
  id: true,
  workspaceId: true,
  kind: true,
  question: true,
  touchpoint: true,
  anonymous: true,
  customerId: true,
  segmentId: true,
  createdBySlackUser: true,
  closedAt: true,
} as const;

export interface NewSurvey {
  id: string;
  workspaceId: string;
  kind: SurveyKind;
  question: string;
  touchpoint: string;
  audience: Prisma.InputJsonValue;
  anonymous: boolean;
  customerId: string | null;
  segmentId: string | null;
  createdBySlackUser: string;
  createdAt: Date;
  campaignId?: string | null;
}

/** Inserts the survey unless one with this id exists (a re-sent form); true when inserted. */
export async function insertSurvey(db: DbClient, survey: NewSurvey): Promise<boolean> {
  const { count } = await db.survey.createMany({ data: [survey], skipDuplicates: true });
  return count === 1;
}

export async function findSurvey(
  db: DbClient,
  workspaceId: string,
  id: string,
): Promise<SurveyRecord | null> {
  return db.survey.findFirst({ where: { id, workspaceId }, select: surveySelect });
}

/** The latest sent delivery of `kind` per recipient since `since`: what throttling reads. */
export async function lastAskedAt(
  db: DbClient,
  workspaceId: string,
  kind: SurveyKind,
  recipients: string[],
  since: Date,
): Promise<Map<string, Date>> {
  if (recipients.length === 0) return new Map();
  const rows = await db.surveyDelivery.groupBy({
    by: ["recipientSlackId"],
    where: {
      workspaceId,
      kind,
      recipientSlackId: { in: recipients },
      status: { in: ["sent", "answered"] },
      sentAt: { gte: since },
    },
    _max: { sentAt: true },
  });
  const out = new Map<string, Date>();
  for (const r of rows) if (r._max.sentAt) out.set(r.recipientSlackId, r._max.sentAt);
  return out;
}

export type DeliveryOutcome =
  | { status: "pending" }
  | { status: "skipped"; reason: string }
  | { status: "failed"; reason: string }
  | { status: "sent"; channelId: string; messageTs: string; sentAt: Date };

export async function insertDeliveries(
  db: DbClient,
  survey: { id: string; workspaceId: string; kind: SurveyKind },
  rows: Array<{ recipient: string; outcome: DeliveryOutcome }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.surveyDelivery.createMany({
    data: rows.map(({ recipient, outcome }) => ({
      workspaceId: survey.workspaceId,
      surveyId: survey.id,
      kind: survey.kind,
      recipientSlackId: recipient,
      ...deliveryFields(outcome),
    })),
    skipDuplicates: true,
  });
}

export async function updateDelivery(
  db: DbClient,
  survey: { id: string; workspaceId: string },
  recipient: string,
  outcome: DeliveryOutcome,
): Promise<void> {
  await db.surveyDelivery.updateMany({
    where: { surveyId: survey.id, workspaceId: survey.workspaceId, recipientSlackId: recipient },
    data: deliveryFields(outcome),
  });
}

function deliveryFields(outcome: DeliveryOutcome) {
  switch (outcome.status) {
    case "sent":
      return {
        status: "sent" as const,
        channelId: outcome.channelId,
        messageTs: outcome.messageTs,
        sentAt: outcome.sentAt,
        skipReason: null,
      };
    case "pending":
      return { status: "pending" as const };
    default:
      return { status: outcome.status, skipReason: outcome.reason };
  }
}

export interface SlackAnswer {
  id: string;
  workspaceId: string;
  surveyId: string;
  kind: SurveyKind;
  score: number;
  customerId: string | null;
  segmentId: string | null;
  respondentSlackId: string | null;
  touchpoint: string;
  respondedAt: Date;
  idempotencyKey: string;
  contentHash: string;
  /** The id for the alert this answer raises (closing the loop); null when it raises none. */
  alertId: string | null;
}

export interface StoredSlackAnswer {
  workspaceId: string;
  idempotencyKey: string;
  /** The answer's row: new, or the one an earlier click with the same key created. */
  id: string;
  inserted: boolean;
  score: number;
  /** The alert created by this statement; null when none was asked for or one existed. */
  alertId: string | null;
}

/**
 * Stores answers in one statement: each one inserted, or changing the score of the answer with
 * the same key; a person's first signed answer marks their delivery answered; a detractor's
 * alert is created unless the answer has one. One statement is atomic: an answer is never
 * stored without its alert. Keys must be distinct within a call (a row cannot be upserted
 * twice in one statement); the caller keeps the last click of each key.
 */
export async function storeSlackAnswers(db: DbClient, answers: SlackAnswer[]): Promise<StoredSlackAnswer[]> {
  if (answers.length === 0) return [];
  const col = <T>(pick: (a: SlackAnswer) => T) => answers.map(pick);
  // Rows go in key order, so two statements that meet on the same keys lock them in the same order.
  const rows = await db.$queryRaw<StoredSlackAnswer[]>`
    WITH input AS (
      SELECT * FROM unnest(
        ${col((a) => a.id)}::text[], ${col((a) => a.workspaceId)}::text[], ${col((a) => a.surveyId)}::text[],
        ${col((a) => a.kind)}::text[], ${col((a) => a.score)}::int[], ${col((a) => a.customerId)}::text[],
        ${col((a) => a.segmentId)}::text[], ${col((a) => a.respondentSlackId)}::text[],
        ${col((a) => a.touchpoint)}::text[], ${col((a) => a.respondedAt.toISOString())}::timestamptz[],
        ${col((a) => a.idempotencyKey)}::text[], ${col((a) => a.contentHash)}::text[],
        ${col((a) => a.alertId)}::text[]
      ) AS t(id, workspace_id, survey_id, kind, score, customer_id, segment_id, respondent_slack_id,
             touchpoint, responded_at, idempotency_key, content_hash, alert_id)
    ),
    upserted AS (
      INSERT INTO survey_response (id, workspace_id, survey_id, kind, score, customer_id, segment_id,
        respondent_slack_id, touchpoint, responded_at, source, idempotency_key, content_hash, created_at, updated_at)
      SELECT id, workspace_id, survey_id, kind::"SurveyKind", score, customer_id, segment_id,
        respondent_slack_id, touchpoint, responded_at, 'slack'::"RecordSource", idempotency_key, content_hash,
        responded_at, responded_at
      FROM input
      ORDER BY workspace_id, idempotency_key
      ON CONFLICT (workspace_id, idempotency_key) DO UPDATE
        SET score = EXCLUDED.score, content_hash = EXCLUDED.content_hash,
            responded_at = EXCLUDED.responded_at, updated_at = EXCLUDED.updated_at
      RETURNING id, workspace_id, idempotency_key, survey_id, respondent_slack_id, score, (xmax = 0) AS inserted
    ),
    answered AS (
      UPDATE survey_delivery d SET status = 'answered'::"DeliveryStatus"
      FROM upserted u
      WHERE u.inserted AND u.respondent_slack_id IS NOT NULL AND d.survey_id = u.survey_id
        AND d.recipient_slack_id = u.respondent_slack_id AND d.status = 'sent'::"DeliveryStatus"
      RETURNING d.id
    ),
    alerted AS (
      INSERT INTO alert (id, workspace_id, response_id, customer_id, status, created_at)
      SELECT i.alert_id, u.workspace_id, u.id, i.customer_id, 'open'::"AlertStatus", i.responded_at
      FROM upserted u
      JOIN input i ON i.workspace_id = u.workspace_id AND i.idempotency_key = u.idempotency_key
      WHERE i.alert_id IS NOT NULL
      ORDER BY u.id
      ON CONFLICT (response_id) DO NOTHING
      RETURNING id, response_id
    )
    SELECT u.workspace_id AS "workspaceId", u.idempotency_key AS "idempotencyKey", u.id, u.inserted,
      u.score, a.id AS "alertId"
    FROM upserted u LEFT JOIN alerted a ON a.response_id = u.id`;
  if (rows.length !== answers.length) {
    throw new Error(`storing ${answers.length} survey answers returned ${rows.length} rows`);
  }
  return rows;
}

/** Sets the comment of the answer with this key; null when there is no such answer. */
export async function setAnswerComment(
  db: DbClient,
  workspaceId: string,
  idempotencyKey: string,
  comment: string,
  now: Date,
): Promise<{ id: string; score: number } | null> {
  const rows = await db.$queryRaw<Array<{ id: string; score: number }>>`
    UPDATE survey_response SET comment = ${comment}, updated_at = ${now}
    WHERE workspace_id = ${workspaceId} AND idempotency_key = ${idempotencyKey}
    RETURNING id, score`;
  return rows[0] ?? null;
}
