import type { Database } from "../data/database.js";
import type { DigestModel } from "../domain/digest.js";
import type { Locale } from "../domain/locale.js";
import { previousOccurrence } from "../domain/occurrences.js";
import { buildMeetingDigest } from "./build-meeting-digest.js";
import { listMeetings } from "./list-meetings.js";

// A private look at a meeting's next digest (by name, any case), or at a default one for the
// last seven days when no name is given: through the one digest builder, with the period the
// scheduler will use (since the previous meeting, or the meeting's fixed period).

/** Days a preview without a meeting covers. */
export const PREVIEW_DAYS = 7;

export interface DigestPreviewRequest {
  workspaceId: string;
  /** The meeting's name; empty for the default preview. */
  name: string;
  now: Date;
  locale: Locale;
  /** The fewest answers a score needs to be read (MIN_SCORE_ANSWERS; default 10). */
  minAnswers?: number;
  /** The smallest group an anonymous text may be quoted from (ANONYMITY_MIN; default 5). */
  anonymityMin?: number;
}

export type DigestPreview =
  | { kind: "digest"; model: DigestModel }
  /** No meeting has that name: the names there are, alphabetically. */
  | { kind: "noSuchMeeting"; name: string; meetings: string[] };

export async function previewMeetingDigest(
  db: Pick<Database, "prisma">,
  req: DigestPreviewRequest,
): Promise<DigestPreview> {
  const { name, now } = req;
  let meeting = null;
  if (name) {
    const meetings = await listMeetings(db.prisma, req.workspaceId);
    meeting = meetings.find((m) => m.name.toLowerCase() === name.toLowerCase()) ?? null;
    if (!meeting) return { kind: "noSuchMeeting", name, meetings: meetings.map((m) => m.name) };
  }
  const model = await buildMeetingDigest(db, {
    workspaceId: req.workspaceId,
    meeting,
    to: now,
    previousOccurrenceAt: meeting ? safePreviousOccurrence(meeting, now) : null,
    locale: req.locale,
    defaultDays: PREVIEW_DAYS,
    minAnswers: req.minAnswers,
    anonymityMin: req.anonymityMin,
  });
  return { kind: "digest", model };
}

/** The meeting before now; null when its schedule cannot be read (the preview still works). */
function safePreviousOccurrence(meeting: { schedule: string; timezone: string }, now: Date): Date | null {
  try {
    return previousOccurrence(meeting, now);
  } catch {
    return null;
  }
}
