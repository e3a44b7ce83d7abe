import { recordAuditEvent } from "../data/audit.js";
import type { PrismaClient } from "../data/client.js";
import { closeOpenAction } from "../data/follow-ups.js";

// An executive marks an open action done or dropped from the digest's menu. The caller has
// checked the person may do this (digest.followup).

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
