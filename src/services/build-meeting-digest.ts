import type { Database } from "../data/database.js";
import { findWorkspaceSettings } from "../data/workspaces.js";
import type { DigestModel } from "../domain/digest.js";
import { digestPeriod } from "../domain/digest-period.js";
import type { Locale } from "../domain/locale.js";
import { digestTexts } from "../i18n/digest.js";
import { buildDigest } from "./build-digest.js";
import { hasDemoData } from "./demo-data.js";

// The one place a meeting's digest is put together: the scheduler's post, `/cx digest preview`
// and the offline preview of `npm start` all ask here, so they can only differ in what they ask
// for (the meeting, the end of the period, the language), never in how it is computed.

/** What of a meeting its digest depends on. */
export interface DigestMeeting {
  id: string;
  name: string;
  segmentIds: string[];
  timezone: string;
  /** Null: since the previous meeting. */
  periodDays: number | null;
}

export interface MeetingDigestRequest {
  workspaceId: string;
  /** Null: a plain preview of every segment. */
  meeting: DigestMeeting | null;
  /** The end of the period: a run's due time (so a retry shows the same numbers), or now. */
  to: Date;
  /** The meeting before `to`: the period starts there, and so do its follow-ups. */
  previousOccurrenceAt: Date | null;
  locale: Locale;
  /** The zone to count days in without a meeting (default: the workspace's). */
  timeZone?: string;
  /** Days covered with neither a meeting period nor a previous meeting. */
  defaultDays?: number;
  /** The fewest answers a score needs to be read (MIN_SCORE_ANSWERS; default 10). */
  minAnswers?: number;
  /** The smallest group an anonymous text may be quoted from (ANONYMITY_MIN; default 5). */
  anonymityMin?: number;
}

export async function buildMeetingDigest(
  db: Pick<Database, "prisma">,
  req: MeetingDigestRequest,
): Promise<DigestModel> {
  const workspace = await findWorkspaceSettings(db.prisma, req.workspaceId);
  const { meeting, locale } = req;
  const timeZone = meeting?.timezone ?? req.timeZone ?? workspace.timezone;
  const { from, to } = digestPeriod({
    meeting,
    to: req.to,
    previousOccurrenceAt: req.previousOccurrenceAt,
    timeZone,
    defaultDays: req.defaultDays,
  });
  return buildDigest(db.prisma, {
    workspaceId: req.workspaceId,
    currency: workspace.reportingCurrency,
    segmentIds: meeting?.segmentIds ?? [],
    from,
    to,
    title: meeting?.name ?? digestTexts[locale].previewTitle,
    locale,
    timeZone,
    demo: await hasDemoData(db, req.workspaceId),
    meetingId: meeting?.id ?? null,
    // The meeting opens with what was decided at the previous one and is still open.
    followUpsSince: req.previousOccurrenceAt ?? from,
    minAnswers: req.minAnswers,
    anonymityMin: req.anonymityMin,
  });
}
