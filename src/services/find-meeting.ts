import type { DbClient } from "../data/client.js";
import { existingMeetingId, findMeeting as meetingById } from "../data/meetings.js";
import type { ScheduledMeeting } from "../domain/meetings.js";

/** One of the workspace's meetings; null when it has none with that id (removed, or another's). */
export function findMeeting(
  db: DbClient,
  workspaceId: string,
  meetingId: string,
): Promise<ScheduledMeeting | null> {
  return meetingById(db, workspaceId, meetingId);
}

/** The meeting's id if the workspace still has it, null for a removed meeting or none. */
export async function findMeetingId(
  db: DbClient,
  workspaceId: string,
  meetingId: string | null,
): Promise<string | null> {
  return meetingId ? existingMeetingId(db, workspaceId, meetingId) : null;
}
