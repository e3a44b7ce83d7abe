import type { PrismaClient } from "../data/client.js";
import { createMeeting, type SaveMeetingResult, updateMeeting } from "../data/meetings.js";
import type { MeetingSettings } from "../domain/meetings.js";

export interface SaveMeetingRequest {
  workspaceId: string;
  actor: string;
  settings: MeetingSettings;
  /** The app's clock: the scheduler compares createdAt with that clock, not the database's. */
  now: Date;
  /** Null adds a meeting; otherwise the meeting to change. */
  meetingId: string | null;
  /** The modal's view id: a repeated submission of an add is a no-op, not a "name taken" error. */
  submissionId: string;
}

/** Adds a meeting or changes one, with its audit event. The caller has checked the person is an admin. */
export function saveMeeting(db: PrismaClient, req: SaveMeetingRequest): Promise<SaveMeetingResult> {
  const { meetingId, submissionId, ...rest } = req;
  return meetingId ? updateMeeting(db, { ...rest, meetingId }) : createMeeting(db, { ...rest, submissionId });
}
