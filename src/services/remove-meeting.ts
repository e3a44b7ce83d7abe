import type { Db } from "../data/database.js";
import { removeMeeting as deleteMeeting } from "../data/meeting-admin.js";
import type { ScheduledMeeting } from "../domain/meetings.js";

/** Removes a meeting and its digest history; the audit event keeps what it was. */
export function removeMeeting(
  db: Db,
  req: { workspaceId: string; actor: string; meetingId: string },
): Promise<{ status: "removed"; meeting: ScheduledMeeting } | { status: "not_found" }> {
  return deleteMeeting(db, req);
}
