import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "../data/audit.js";
import type { Db } from "../data/database.js";
import { insertFollowUpOnce } from "../data/follow-ups.js";
import { clipTitle, type FollowUpSubject } from "../domain/follow-ups.js";
import { triageVoiceNote } from "./triage-voice-note.js";

// An executive marks a digest's loss reason or note as discussed; the next digest counts it.
// The caller has checked the person may do this (digest.followup).

export interface DiscussedInput {
  workspaceId: string;
  meetingId: string | null;
  subject: FollowUpSubject;
  /** What the digest showed, e.g. the reason's label or the start of the note. */
  title: string;
  /** The digest's period: the same subject may be discussed again at a later meeting. */
  periodKey: string;
  by: string;
}

export async function markDiscussed(
  db: Db,
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
