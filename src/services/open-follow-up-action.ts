import { randomUUID } from "node:crypto";
import { recordAuditEvent } from "../data/audit.js";
import type { PrismaClient } from "../data/client.js";
import { insertFollowUpOnce } from "../data/follow-ups.js";
import { clipTitle, type FollowUpSubject } from "../domain/follow-ups.js";
import { findMeetingId } from "./find-meeting.js";

// An executive opens an action from the digest, with an owner and a due date; the next digest
// opens with the actions still open. The caller has checked the person may (digest.followup).

export interface ActionInput {
  workspaceId: string;
  /** The digest's meeting; one removed since the digest was posted leaves the action with none. */
  meetingId: string | null;
  subject: FollowUpSubject | null;
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
  const meetingId = await findMeetingId(db, input.workspaceId, input.meetingId);
  return db.$transaction(async (tx) => {
    const stored = await insertFollowUpOnce(tx, {
      id: randomUUID(),
      workspaceId: input.workspaceId,
      meetingId,
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
