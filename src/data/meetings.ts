import type { ScheduledMeeting } from "../domain/meetings.js";
import type { DbClient } from "./client.js";

// Reading meetings for the scheduler, and whether one still exists (for follow-ups). Admin editing
// (add/edit/pause/remove) lives elsewhere.

/** The columns a ScheduledMeeting holds (shared with meeting-admin.ts). */
export const meetingSelect = {
  id: true,
  workspaceId: true,
  name: true,
  channelId: true,
  schedule: true,
  timezone: true,
  leadMinutes: true,
  segmentIds: true,
  locale: true,
  periodDays: true,
  paused: true,
  createdAt: true,
} as const;

/** Every meeting of every workspace, paused ones too (the scheduler records their skipped occurrences). */
export async function listScheduledMeetings(db: DbClient): Promise<ScheduledMeeting[]> {
  return db.meeting.findMany({ select: meetingSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function findScheduledMeeting(
  db: DbClient,
  workspaceId: string,
  meetingId: string,
): Promise<ScheduledMeeting | null> {
  return db.meeting.findFirst({ where: { id: meetingId, workspaceId }, select: meetingSelect });
}

/** The meeting's id if the workspace still has that meeting; null otherwise. */
export async function existingMeetingId(
  db: DbClient,
  workspaceId: string,
  id: string,
): Promise<string | null> {
  const found = await db.meeting.findFirst({ where: { id, workspaceId }, select: { id: true } });
  return found?.id ?? null;
}
