import type { Database } from "../data/database.js";
import type { StatsReport } from "../domain/customer-math.js";
import { type PeriodError, parseStatsArgs } from "../domain/period.js";
import { segmentKey } from "../domain/taxonomy.js";
import { isValidTimeZone } from "../domain/time.js";
import { getStats, UnknownSegmentError } from "./get-stats.js";
import { listSegments } from "./list-segments.js";

// Someone asks for the customer math in words (`/cx stats smb 4w`): the words are read as a
// segment and a period in the workspace's time zone, so everyone gets the same numbers for the
// same words (and the same as the digest), whatever their own zone.

export interface StatsQuestion {
  workspaceId: string;
  currency: string;
  /** The words after the command. */
  words: string[];
  now: Date;
  /** The workspace's zone; `fallbackTimeZone` when it is not a valid one. */
  timeZone: string;
  fallbackTimeZone: string;
  /** The fewest answers a score needs to be read (MIN_SCORE_ANSWERS; default 10). */
  minAnswers?: number;
}

export type StatsAnswer =
  | { kind: "report"; report: StatsReport; segment: string | null; timeZone: string }
  | { kind: "badPeriod"; text: string; error: PeriodError; segments: string[] }
  | { kind: "unknownSegment"; segment: string; valid: string[] };

export async function askStats(db: Pick<Database, "prisma">, q: StatsQuestion): Promise<StatsAnswer> {
  const tz = isValidTimeZone(q.timeZone) ? q.timeZone : q.fallbackTimeZone;
  let parsed = parseStatsArgs(q.words, q.now, tz);
  if (!parsed.ok) {
    // A segment whose name starts with a digit ("2025 cohort") is not a bad period.
    const segments = await listSegments(db, q.workspaceId);
    const whole = q.words.join(" ");
    const named = parseStatsArgs([], q.now, tz);
    if (!named.ok || !segments.some((s) => s.key === segmentKey(whole)))
      return {
        kind: "badPeriod",
        text: parsed.text,
        error: parsed.error,
        segments: segments.map((s) => s.name),
      };
    parsed = { ...named, segment: whole };
  }
  try {
    const report = await getStats(db.prisma, {
      workspaceId: q.workspaceId,
      currency: q.currency,
      from: parsed.period.from,
      to: parsed.period.to,
      segment: parsed.segment,
      minAnswers: q.minAnswers,
    });
    const segment = parsed.segment === undefined ? null : (report.segments[0]?.segment ?? parsed.segment);
    return { kind: "report", report, segment, timeZone: tz };
  } catch (error) {
    if (error instanceof UnknownSegmentError)
      return { kind: "unknownSegment", segment: error.segment, valid: error.valid };
    throw error;
  }
}
