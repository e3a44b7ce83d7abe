import type { SurveyKind } from "../domain/scores.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";

// Surveys, who they were sent to (deliveries) and the answers given in Slack.

export interface SurveyRecord {
  id: string;
  workspaceId: string;
  kind: SurveyKind;
  question: string;
  touchpoint: string;
  anonymous: boolean;
  customerId: string | null;
  segmentId: string | null;
  createdBySlackUser: string | null;
  closedAt: Date | null;
}

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

export interface CustomerBrief {
  id: string;
  name: string;
  segmentId: string;
  segmentName: string;
  ownerSlackUserId: string | null;
}

export async function findCustomerBrief(
  db: DbClient,
  workspaceId: string,
  id: string,
): Promise<CustomerBrief | null> {
  const c = await db.customer.findFirst({
    where: { id, workspaceId },
    select: {
      id: true,
      name: true,
      segmentId: true,
      ownerSlackUserId: true,
      segment: { select: { name: true } },
    },
  });
  return c
    ? {
        id: c.id,
        name: c.name,
        segmentId: c.segmentId,
        segmentName: c.segment.name,
        ownerSlackUserId: c.ownerSlackUserId,
      }
    : null;
}

export async function segmentExists(db: DbClient, workspaceId: string, id: string): Promise<boolean> {
  return (await db.segment.count({ where: { id, workspaceId, archived: false } })) > 0;
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
  surveyId: string,
  recipient: string,
  outcome: DeliveryOutcome,
): Promise<void> {
  await db.surveyDelivery.updateMany({
    where: { surveyId, recipientSlackId: recipient },
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

/** A signed answer was given: the person's own delivery (a DM) is answered. */
export async function markDeliveryAnswered(db: DbClient, surveyId: string, recipient: string): Promise<void> {
  await db.surveyDelivery.updateMany({
    where: { surveyId, recipientSlackId: recipient, status: "sent" },
    data: { status: "answered" },
  });
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
}

/**
 * Stores an answer, or changes the score of the answer with the same key: one statement, so a
 * double click or a retry arriving at the same time still leaves exactly one row.
 */
export async function upsertSlackAnswer(
  db: DbClient,
  a: SlackAnswer,
): Promise<{ id: string; inserted: boolean }> {
  const rows = await db.$queryRaw<Array<{ id: string; inserted: boolean }>>`
    INSERT INTO survey_response (id, workspace_id, survey_id, kind, score, customer_id, segment_id,
      respondent_slack_id, touchpoint, responded_at, source, idempotency_key, content_hash, created_at, updated_at)
    VALUES (${a.id}, ${a.workspaceId}, ${a.surveyId}, ${a.kind}::"SurveyKind", ${a.score}, ${a.customerId},
      ${a.segmentId}, ${a.respondentSlackId}, ${a.touchpoint}, ${a.respondedAt}, 'slack'::"RecordSource",
      ${a.idempotencyKey}, ${a.contentHash}, ${a.respondedAt}, ${a.respondedAt})
    ON CONFLICT (workspace_id, idempotency_key) DO UPDATE
      SET score = EXCLUDED.score, content_hash = EXCLUDED.content_hash,
          responded_at = EXCLUDED.responded_at, updated_at = EXCLUDED.updated_at
    RETURNING id, (xmax = 0) AS inserted`;
  const row = rows[0];
  if (!row) throw new Error("survey answer upsert returned no row");
  return row;
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
