import type { DbClient } from "../data/client.js";
import { listMeetings as meetingsOf } from "../data/meetings.js";
import type { ScheduledMeeting } from "../domain/meetings.js";

/** A workspace's meetings, by name, paused ones too: the `/cx meetings` list. */
export function listMeetings(db: DbClient, workspaceId: string): Promise<ScheduledMeeting[]> {
  return meetingsOf(db, workspaceId);
}
