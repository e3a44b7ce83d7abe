import type { PrismaClient } from "../data/client.js";
import { type ChangeMeetingResult, setMeetingPaused } from "../data/meetings.js";

/**
 * Pauses a meeting's digests (`paused: true`) or resumes them, with its audit event; "unchanged"
 * when it already was. The caller has checked the person is an admin.
 */
export function pauseMeeting(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; meetingId: string; paused: boolean },
): Promise<ChangeMeetingResult> {
  return setMeetingPaused(db, req);
}
