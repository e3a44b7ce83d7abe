import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "../data/audit.js";
import type { DbClient, PrismaClient } from "../data/client.js";
import { closeOpenAction, insertFollowUpOnce, listFollowUpsForDigest } from "../data/follow-ups.js";
import { type FollowUpSubjectType, type FollowUpsSection, followUpsSection } from "../domain/follow-ups.js";
import { triageVoiceNote } from "./triage-voice-note.js";

// Follow-ups from the digest: executives mark a loss reason or a note as discussed, or open an
// action with an owner; the next digest opens with the actions still open and what was closed.
// The caller has checked the person may do this (digest.followup).

export interface Subject {
  type: FollowUpSubjectType;
  id: string;
}

export interface DiscussedInput {
  workspaceId: string;
  meetingId: string | null;
  subject: Subject;
  /** What the digest showed, e.g. the reason's label or the start of the note. */
  title: string;
  /** The digest's period: the same subject may be discussed again at a later meeting. */
  periodKey: string;
  by: string;
}

export async function markDiscussed(
  db: PrismaClient,
  input: DiscussedInput,
  now: Date,
): Promise<{ status: "recorded" | "already" | "not_found" }> {
  return db.$transaction(async (tx) => {
    if (input.subject.type === "note") {
      // A note carries its own triage status (its author follows it); "discussed" there too.
      const triage = await triageVoiceNote(
        tx,
        { workspaceId: input.workspaceId, noteId: input.subject.id, to: "discussed", by: input.by },
        now,
      );
      if (triage.status === "not_found") return { status: "not_found" as const };
    }
    const stored = await insertFollowUpOnce(tx, {
      id: randomUUID(),
      workspaceId: input.workspaceId,
      meetingId: input.meetingId,
      kind: "discussed",
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      title: clipTitle(input.title),
      ownerSlackId: null,
      dueOn: null,
      status: "done",
      createdBy: input.by,
      createdAt: now,
      closedAt: now,
      closedBy: input.by,
      idempotencyKey: `discussed:${input.meetingId ?? "-"}:${input.periodKey}:${input.subject.type}:${input.subject.id}`,
    });
    if (!stored.inserted) return { status: "already" as const };
    await recordAuditEvent(tx, {
      workspaceId: input.workspaceId,
      actor: input.by,
      action: "follow_up.discussed",
      subjectType: input.subject.type,
      subjectId: input.subject.id,
    });
    return { status: "recorded" as const };
  });
}

export interface ActionInput {
  workspaceId: string;
  meetingId: string | null;
  subject: Subject | null;
  title: string;
  ownerSlackId: string | null;
  dueOn: Date | null;
  by: string;
  /** The form's identity (its view id), so a resubmission records one action. */
  key: string;
}

export async function openAction(
  db: PrismaClient,
  input: ActionInput,
  now: Date,
): Promise<{ id: string; inserted: boolean; title: string; ownerSlackId: string | null }> {
  return db.$transaction(async (tx) => {
    const stored = await insertFollowUpOnce(tx, {
      id: randomUUID(),
      workspaceId: input.workspaceId,
      meetingId: input.meetingId,
      kind: "action",
      subjectType: input.subject?.type ?? null,
      subjectId: input.subject?.id ?? null,
      title: clipTitle(input.title),
      ownerSlackId: input.ownerSlackId,
      dueOn: input.dueOn,
      status: "open",
      createdBy: input.by,
      createdAt: now,
      closedAt: null,
      closedBy: null,
      idempotencyKey: `action:${input.key}`,
    });
    if (stored.inserted) {
      await recordAuditEvent(tx, {
        workspaceId: input.workspaceId,
        actor: input.by,
        action: "follow_up.opened",
        subjectType: "follow_up",
        subjectId: stored.id,
        data: {
          owner: input.ownerSlackId,
          subject: input.subject ? `${input.subject.type}:${input.subject.id}` : null,
        },
      });
    }
    return stored;
  });
}

export async function closeAction(
  db: PrismaClient,
  input: { workspaceId: string; id: string; status: "done" | "dropped"; by: string },
  now: Date,
) {
  return db.$transaction(async (tx) => {
    const closed = await closeOpenAction(tx, input.workspaceId, input.id, input.status, input.by, now);
    if (closed) {
      await recordAuditEvent(tx, {
        workspaceId: input.workspaceId,
        actor: input.by,
        action: `follow_up.${input.status}`,
        subjectType: "follow_up",
        subjectId: input.id,
      });
    }
    return closed;
  });
}

/** The follow-ups section of a digest whose previous meeting (or period start) was `since`. */
export async function loadFollowUps(
  db: DbClient,
  workspaceId: string,
  meetingId: string | null,
  since: Date,
  now: Date,
): Promise<FollowUpsSection> {
  return followUpsSection(await listFollowUpsForDigest(db, workspaceId, meetingId, since), since, now);
}

export const MAX_TITLE = 300;
function clipTitle(title: string): string {
  const t = title.trim().replace(/\s+/g, " ");
  return (t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t) || "—";
}
