import type { DbClient } from "../data/client.js";
import type { ScheduledMeeting } from "../domain/meetings.js";
import { findMeeting } from "./find-meeting.js";
import { listScopeSegments, segmentNames } from "./list-meeting-segments.js";

// What the add / edit meeting modal opens with: the meeting being edited (none for an add) and
// the segments to choose from, the meeting's own first so that Slack's 100-option limit never
// drops them.

export type MeetingFormChoices =
  | { status: "not_found" }
  | { status: "ok"; meeting: ScheduledMeeting | null; segments: Array<{ id: string; name: string }> };

export async function meetingFormChoices(
  db: DbClient,
  workspaceId: string,
  meetingId: string | null,
): Promise<MeetingFormChoices> {
  const meeting = meetingId ? await findMeeting(db, workspaceId, meetingId) : null;
  if (meetingId && !meeting) return { status: "not_found" };
  const [offered, inScope] = await Promise.all([
    listScopeSegments(db, workspaceId, 100),
    segmentNames(db, workspaceId, meeting?.segmentIds ?? []),
  ]);
  const segments = [
    ...[...inScope].map(([id, name]) => ({ id, name })),
    ...offered.filter((s) => !inScope.has(s.id)),
  ];
  return { status: "ok", meeting, segments };
}
