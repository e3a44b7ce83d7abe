import type { PrismaClient } from "../data/client.js";
import { type MeetingsOverview, meetingsOverview } from "./meetings-overview.js";
import { pauseMeeting } from "./pause-meeting.js";
import { removeMeeting } from "./remove-meeting.js";

// An admin pauses, resumes or removes a meeting from the `/cx meetings` list: the change (with
// its audit event), what it was, and the list as it now stands for the list to be redrawn.
// The caller has checked the person is an admin.

export type MeetingChange = "pause" | "resume" | "remove";

export type MeetingChangeOutcome =
  | { status: "gone" }
  | { status: "removed" | "paused" | "resumed" | "alreadyPaused" | "alreadyActive"; name: string };

export async function changeMeeting(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; meetingId: string; change: MeetingChange },
): Promise<{ outcome: MeetingChangeOutcome; overview: MeetingsOverview }> {
  const outcome = await apply(db, req);
  return { outcome, overview: await meetingsOverview(db, req.workspaceId) };
}

async function apply(
  db: PrismaClient,
  { change, ...req }: { workspaceId: string; actor: string; meetingId: string; change: MeetingChange },
): Promise<MeetingChangeOutcome> {
  if (change === "remove") {
    const result = await removeMeeting(db, req);
    return result.status === "removed"
      ? { status: "removed", name: result.meeting.name }
      : { status: "gone" };
  }
  const paused = change === "pause";
  const result = await pauseMeeting(db, { ...req, paused });
  if (result.status === "not_found") return { status: "gone" };
  const name = result.meeting.name;
  if (result.status === "unchanged") return { status: paused ? "alreadyPaused" : "alreadyActive", name };
  return { status: paused ? "paused" : "resumed", name };
}
