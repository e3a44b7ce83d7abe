import type { FollowUpRow, FollowUpStatus, FollowUpSubjectType } from "../domain/follow-ups.js";
import type { DbClient } from "./client.js";

// Data access for follow-ups. Writes are keyed by an idempotency key, so a double click or a
// form submitted twice records one follow-up.

export interface NewFollowUp {
  id: string;
  workspaceId: string;
  meetingId: string | null;
  kind: "discussed" | "action";
  subjectType: FollowUpSubjectType | null;
  subjectId: string | null;
  title: string;
  ownerSlackId: string | null;
  dueOn: Date | null;
  status: FollowUpStatus;
  createdBy: string;
  createdAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
  idempotencyKey: string;
}

/** Inserts unless the key was used; returns the row with that key and whether it is new. */
export async function insertFollowUpOnce(
  db: DbClient,
  f: NewFollowUp,
): Promise<{ id: string; inserted: boolean; title: string; ownerSlackId: string | null }> {
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    INSERT INTO follow_up (id, workspace_id, meeting_id, kind, subject_type, subject_id, title,
      owner_slack_id, due_on, status, created_by, created_at, closed_by, closed_at, idempotency_key)
    VALUES (${f.id}, ${f.workspaceId}, ${f.meetingId}, ${f.kind}::"FollowUpKind",
      ${f.subjectType}::"FollowUpSubject", ${f.subjectId}, ${f.title}, ${f.ownerSlackId},
      ${f.dueOn}::date, ${f.status}::"FollowUpStatus", ${f.createdBy}, ${f.createdAt}, ${f.closedBy},
      ${f.closedAt}, ${f.idempotencyKey})
    ON CONFLICT (workspace_id, idempotency_key) DO NOTHING
    RETURNING id`;
  if (rows[0]) return { id: rows[0].id, inserted: true, title: f.title, ownerSlackId: f.ownerSlackId };
  const existing = await db.followUp.findUniqueOrThrow({
    where: { workspaceId_idempotencyKey: { workspaceId: f.workspaceId, idempotencyKey: f.idempotencyKey } },
    select: { id: true, title: true, ownerSlackId: true },
  });
  return { ...existing, inserted: false };
}

/** Closes an open action; null when there is no such action or it was already closed. */
export async function closeOpenAction(
  db: DbClient,
  workspaceId: string,
  id: string,
  status: "done" | "dropped",
  by: string,
  at: Date,
): Promise<{ id: string; title: string; ownerSlackId: string | null; createdBy: string } | null> {
  const { count } = await db.followUp.updateMany({
    where: { id, workspaceId, kind: "action", status: "open" },
    data: { status, closedBy: by, closedAt: at },
  });
  if (count === 0) return null;
  return db.followUp.findFirstOrThrow({
    where: { id, workspaceId },
    select: { id: true, title: true, ownerSlackId: true, createdBy: true },
  });
}

/**
 * What the digest needs: every open action, and what was decided or closed since `since`, for
 * one meeting (and the follow-ups of no meeting, decided from previews) or for the workspace.
 */
export async function listFollowUpsForDigest(
  db: DbClient,
  workspaceId: string,
  meetingId: string | null,
  since: Date,
): Promise<FollowUpRow[]> {
  const rows = await db.followUp.findMany({
    where: {
      workspaceId,
      ...(meetingId ? { OR: [{ meetingId }, { meetingId: null }] } : {}),
      AND: [{ OR: [{ status: "open" }, { closedAt: { gte: since } }, { createdAt: { gte: since } }] }],
    },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    subjectType: r.subjectType,
    subjectId: r.subjectId,
    title: r.title,
    ownerSlackId: r.ownerSlackId,
    dueOn: r.dueOn,
    status: r.status,
    createdAt: r.createdAt,
    closedAt: r.closedAt,
    closedBy: r.closedBy,
  }));
}

/** How a follow-up's subject reads: a reason's label, or the start of a note; null if gone. */
export async function subjectLabel(
  db: DbClient,
  workspaceId: string,
  type: "reason" | "note",
  id: string,
  locale: "en" | "es",
): Promise<string | null> {
  if (type === "reason") {
    const reason = await db.reasonCode.findFirst({
      where: { workspaceId, code: id, direction: "lost" },
      select: { labelEn: true, labelEs: true },
    });
    return reason ? (locale === "es" ? reason.labelEs : reason.labelEn) : null;
  }
  const note = await db.voiceNote.findFirst({ where: { workspaceId, id }, select: { text: true } });
  if (!note) return null;
  const text = note.text.replace(/\s+/g, " ").trim();
  return text.length > 80 ? `${text.slice(0, 79)}…` : text;
}
