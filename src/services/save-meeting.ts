import type { PrismaClient } from "../data/client.js";
import { createMeeting, type SaveMeetingResult, updateMeeting } from "../data/meetings.js";
import type { MeetingSettings } from "../domain/meetings.js";
import { existingSegmentIds, segmentNames } from "./list-meeting-segments.js";

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
  /** Whether the digest can be posted in the channel (asked of Slack by the caller). */
  channelReachable?: (channelId: string) => Promise<boolean>;
}

export type SaveMeetingOutcome =
  | Exclude<SaveMeetingResult, { status: "saved" }>
  | (Extract<SaveMeetingResult, { status: "saved" }> & { segmentNames: Map<string, string> })
  | { status: "segment_gone" }
  | { status: "channel_unreachable" };

/**
 * Adds a meeting or changes one, with its audit event, unless a chosen segment is gone or the
 * channel cannot be posted in; with the names of its segments once saved. The caller has
 * checked the person is an admin.
 */
export async function saveMeeting(db: PrismaClient, req: SaveMeetingRequest): Promise<SaveMeetingOutcome> {
  const { meetingId, submissionId, channelReachable, ...rest } = req;
  const { segmentIds, channelId } = req.settings;
  const [known, reachable] = await Promise.all([
    existingSegmentIds(db, req.workspaceId, segmentIds),
    channelReachable ? channelReachable(channelId) : true,
  ]);
  if (known.length !== segmentIds.length) return { status: "segment_gone" };
  if (!reachable) return { status: "channel_unreachable" };
  const result = meetingId
    ? await updateMeeting(db, { ...rest, meetingId })
    : await createMeeting(db, { ...rest, submissionId });
  if (result.status !== "saved") return result;
  return { ...result, segmentNames: await segmentNames(db, req.workspaceId, result.meeting.segmentIds) };
}
