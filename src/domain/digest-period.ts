import { addLocalDays } from "./time.js";

/** What a digest's period depends on in its meeting (none for a plain preview). */
export interface DigestPeriodMeeting {
  /** Null: since the previous meeting. */
  periodDays: number | null;
  timezone: string;
}

/** A period of fixed length when there is neither a meeting nor a previous one to count from. */
export const FALLBACK_PERIOD_DAYS = 7;

/**
 * The period a digest covers, ending at `to` (a run's due time, or now for a preview): the
 * meeting's fixed days, else since the previous meeting, else `defaultDays`.
 */
export function digestPeriod(input: {
  meeting: DigestPeriodMeeting | null;
  to: Date;
  previousOccurrenceAt: Date | null;
  timeZone: string;
  defaultDays?: number;
}): { from: Date; to: Date } {
  const { meeting, to, previousOccurrenceAt, timeZone } = input;
  const from = meeting?.periodDays
    ? addLocalDays(to, -meeting.periodDays, timeZone)
    : (previousOccurrenceAt ??
      addLocalDays(to, -(meeting?.periodDays ?? input.defaultDays ?? FALLBACK_PERIOD_DAYS), timeZone));
  // A lead time longer than the gap between meetings would leave an empty or negative period.
  return from < to ? { from, to } : { from: addLocalDays(to, -FALLBACK_PERIOD_DAYS, timeZone), to };
}
