import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "../data/audit.js";
import type { PrismaClient } from "../data/client.js";
import { insertFollowUpOnce } from "../data/follow-ups.js";
import { clipTitle, type FollowUpSubject } from "../domain/follow-ups.js";
import type { Locale } from "../domain/locale.js";
import { describeFollowUpSubject } from "./describe-follow-up-subject.js";
import { findMeetingId } from "./find-meeting.js";
import { triageVoiceNote } from "./triage-voice-note.js";

// An executive marks a digest's loss reason or note as discussed; the next digest counts it.
// The caller has checked the person may do this (digest.followup).

export interface DiscussedInput {
  workspaceId: string;
  /** The digest's meeting; one removed since the digest was posted leaves the follow-up with none. */
  meetingId: string | null;
  subject: FollowUpSubject & { type: "reason" | "note" };
  /** The language the subject is described in. */
  locale: Locale;
  /** What the digest showed, from the subject's label: e.g. "Loss reason: Price". */
  title: (label: string) => string;
  /** The digest's period: the same subject may be discussed again at a later meeting. */
  periodKey: string;
  by: string;
}

export async function markDiscussed(
  db: PrismaClient,
  input: DiscussedInput,
  now: Date,
): Promise<{ status: "recorded" | "already"; title: string } | { status: "not_found" }> {
  const [label, meetingId] = await Promise.all([
    describeFollowUpSubject(db, input.workspaceId, input.subject.type, input.subject.id, input.locale),
    findMeetingId(db, input.workspaceId, input.meetingId),
  ]);
  if (label === null) return { status: "not_found" };
  const title = input.title(label);
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
      meetingId,
      kind: "discussed",
      subjectType: input.subject.type,
      subjectId: input.subject.id,
      title: clipTitle(title),
      ownerSlackId: null,
      dueOn: null,
      status: "done",
      createdBy: input.by,
      createdAt: now,
      closedAt: now,
      closedBy: input.by,
      idempotencyKey: `discussed:${meetingId ?? "-"}:${input.periodKey}:${input.subject.type}:${input.subject.id}`,
    });
    if (!stored.inserted) return { status: "already" as const, title };
    await recordAuditEvent(tx, {
      workspaceId: input.workspaceId,
      actor: input.by,
      action: "follow_up.discussed",
      subjectType: input.subject.type,
      subjectId: input.subject.id,
    });
    return { status: "recorded" as const, title };
  });
}
