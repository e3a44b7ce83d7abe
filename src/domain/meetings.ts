import type { Locale } from "./locale.js";

// A leadership meeting as stored (what the scheduler reads and the admin list shows) and what an
// admin sets on one. Plain shapes shared by the data layer, the services and the Slack screens.

/** What an admin sets on a meeting (already validated). */
export interface MeetingSettings {
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
}

/** A meeting as stored: its settings and what the store adds. */
export interface ScheduledMeeting extends MeetingSettings {
  id: string;
  workspaceId: string;
  paused: boolean;
  createdAt: Date;
}
