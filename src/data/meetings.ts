import type { Locale } from "../domain/locale.js";
import type { DbClient } from "./client.js";

// Reading meetings for the scheduler. Admin editing (add/edit/pause/remove) lives elsewhere.

export interface ScheduledMeeting {
  id: string;
  workspaceId: string;
  name: string;
  channelId: string;
  /** Cron expression (5 fields) in `timezone`. */
  schedule: string;
  timezone: string;
  leadMinutes: number;
  /** Empty: every segment. */
  segmentIds: string[];
  locale: Locale;
  /** Null: since the previous meeting. */
  periodDays: number | null;
  paused: boolean;
  createdAt: Date;
}

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
