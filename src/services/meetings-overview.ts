import type { DbClient } from "../data/client.js";
import type { ScheduledMeeting } from "../domain/meetings.js";
import { segmentNames } from "./list-meeting-segments.js";
import { listMeetings } from "./list-meetings.js";

// What the `/cx meetings` list shows: the workspace's meetings (paused ones too), by name, and
// the names of the segments in their scopes.

export interface MeetingsOverview {
  meetings: ScheduledMeeting[];
  segmentNames: Map<string, string>;
}

export async function meetingsOverview(db: DbClient, workspaceId: string): Promise<MeetingsOverview> {
  const meetings = await listMeetings(db, workspaceId);
  const names = await segmentNames(db, workspaceId, [...new Set(meetings.flatMap((m) => m.segmentIds))]);
  return { meetings, segmentNames: names };
}
