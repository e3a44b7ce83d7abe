import type { PrismaClient } from "../data/client.js";
import { removeMeeting as deleteMeeting } from "../data/meetings.js";
import type { ScheduledMeeting } from "../domain/meetings.js";

/** Removes a meeting and its digest history; the audit event keeps what it was. */
export function removeMeeting(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; meetingId: string },
): Promise<{ status: "removed"; meeting: ScheduledMeeting } | { status: "not_found" }> {
  return deleteMeeting(db, req);
}
