import type { AlertStatus, AlertView } from "../domain/closing-the-loop.js";
import type { DbClient } from "./client.js";

// Alerts raised by worrying answers (closing the loop). One per answer: the unique response id
// makes a changed answer that stays a detractor, or a double click, raise nothing new.

/** Creates the alert for an answer unless it exists; the new alert's id, or null. */
export async function insertAlertOnce(
  db: DbClient,
  a: { id: string; workspaceId: string; responseId: string; customerId: string | null; createdAt: Date },
): Promise<string | null> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO alert (id, workspace_id, response_id, customer_id, status, created_at)
    VALUES (${a.id}, ${a.workspaceId}, ${a.responseId}, ${a.customerId}, 'open'::"AlertStatus", ${a.createdAt})
    ON CONFLICT (response_id) DO NOTHING
    RETURNING id`;
  return rows[0]?.id ?? null;
}

export async function setAlertMessage(
  db: DbClient,
  workspaceId: string,
  alertId: string,
  channelId: string,
  messageTs: string,
) {
  await db.alert.updateMany({ where: { id: alertId, workspaceId }, data: { channelId, messageTs } });
}

const alertInclude = {
  response: {
    select: {
      kind: true,
      score: true,
      comment: true,
      respondentSlackId: true,
      touchpoint: true,
      survey: { select: { question: true, createdBySlackUser: true } },
      customer: {
        select: { id: true, name: true, ownerSlackUserId: true, segment: { select: { name: true } } },
      },
    },
  },
} as const;

export async function findAlertView(
  db: DbClient,
  workspaceId: string,
  where: { id: string } | { responseId: string },
): Promise<AlertView | null> {
  const a = await db.alert.findFirst({ where: { workspaceId, ...where }, include: alertInclude });
  if (!a) return null;
  const r = a.response;
  return {
    id: a.id,
    status: a.status,
    handledBy: a.handledBy,
    handledAt: a.handledAt,
    channelId: a.channelId,
    messageTs: a.messageTs,
    kind: r.kind,
    score: r.score,
    comment: r.comment,
    respondentSlackId: r.respondentSlackId,
    touchpoint: r.touchpoint,
    question: r.survey?.question ?? null,
    surveySender: r.survey?.createdBySlackUser ?? null,
    customer: r.customer
      ? {
          id: r.customer.id,
          name: r.customer.name,
          segmentName: r.customer.segment.name,
          ownerSlackUserId: r.customer.ownerSlackUserId,
        }
      : null,
  };
}

/**
 * Moves an alert forward (open → acknowledged → actioned, or straight to actioned), never back.
 * Returns false when the alert is already at or past `to`.
 */
export async function advanceAlert(
  db: DbClient,
  workspaceId: string,
  alertId: string,
  to: "acknowledged" | "actioned",
  by: string,
  at: Date,
): Promise<boolean> {
  const from: AlertStatus[] = to === "acknowledged" ? ["open"] : ["open", "acknowledged"];
  const { count } = await db.alert.updateMany({
    where: { id: alertId, workspaceId, status: { in: from } },
    data: { status: to, handledBy: by, handledAt: at },
  });
  return count === 1;
}
