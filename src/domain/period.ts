import { addLocalDays, parseInstant, zonedTimeToUtc, zoneOffsetMs } from "./time.js";

// The period words of `/cx stats`: a window [from, to) in one time zone.
//
//   7d                      the last 7 days, ending now (local calendar days, so DST is harmless)
//   4w                      the last 4 weeks (= 28 local days), ending now
//   3m                      the last 3 *calendar* months, ending now: on 31 May, 3m starts on
//                           28/29 Feb at the same wall-clock time (the day is clamped to the
//                           month's length). Calendar months, not 30-day blocks, because that is
//                           what "the last three months" means in a leadership meeting.
//   2026-03-01..2026-03-29  from the start of the first day up to the start of the second:
//                           the end day is NOT included, like the CLI's --from/--to.
//
// Pure: the caller passes "now" and the time zone.

export type PeriodUnit = "d" | "w" | "m";

export interface Period {
  from: Date;
  to: Date;
  /** How it was written: a relative window or an explicit range. */
  spec:
    | { kind: "relative"; amount: number; unit: PeriodUnit }
    | { kind: "range"; first: string; end: string };
}

export type PeriodError =
  /** Not one of the formats at all. */
  | "format"
  /** Looks like a range, but a date does not exist (2026-02-30). */
  | "invalid_date"
  /** The end is not after the start, or the amount is zero. */
  | "empty"
  /** More than ten years. */
  | "too_long"
  /** The range starts after now: there is nothing to count yet. */
  | "not_started";

export type PeriodResult = { ok: true; period: Period } | { ok: false; error: PeriodError };

export const DEFAULT_PERIOD = "4w";

const RELATIVE = /^(\d{1,4})([dwm])$/;
const RANGE = /^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$/;
const MAX_DAYS = 3660;
const MAX: Record<PeriodUnit, number> = { d: MAX_DAYS, w: 523, m: 120 };

/** Anything that starts with a digit or holds "..": the person probably meant a period. */
export function looksLikePeriod(text: string): boolean {
  return /^\d/.test(text.trim()) || text.includes("..");
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The same wall-clock time `months` calendar months earlier, the day clamped to the month. */
export function subtractLocalMonths(at: Date, months: number, timeZone: string): Date {
  const wall = new Date(at.getTime() + zoneOffsetMs(at, timeZone));
  const index = wall.getUTCFullYear() * 12 + wall.getUTCMonth() - months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const day = Math.min(wall.getUTCDate(), daysInMonth(year, month));
  const local = zonedTimeToUtc(
    {
      year,
      month,
      day,
      hour: wall.getUTCHours(),
      minute: wall.getUTCMinutes(),
      second: wall.getUTCSeconds(),
    },
    timeZone,
  );
  return new Date(local.getTime() + at.getUTCMilliseconds());
}

export function parsePeriod(text: string, now: Date, timeZone: string): PeriodResult {
  const t = text.trim().toLowerCase();
  const rel = RELATIVE.exec(t);
  if (rel) {
    const amount = Number(rel[1]);
    const unit = rel[2] as PeriodUnit;
    if (amount === 0) return { ok: false, error: "empty" };
    if (amount > MAX[unit]) return { ok: false, error: "too_long" };
    const from =
      unit === "m"
        ? subtractLocalMonths(now, amount, timeZone)
        : addLocalDays(now, -(unit === "w" ? amount * 7 : amount), timeZone);
    return { ok: true, period: { from, to: now, spec: { kind: "relative", amount, unit } } };
  }
  const range = RANGE.exec(t);
  if (range) {
    const first = range[1] as string;
    const end = range[2] as string;
    const from = parseInstant(first, timeZone);
    const to = parseInstant(end, timeZone);
    if (!from || !to) return { ok: false, error: "invalid_date" };
    if (to.getTime() <= from.getTime()) return { ok: false, error: "empty" };
    if (to.getTime() - from.getTime() > MAX_DAYS * 86_400_000) return { ok: false, error: "too_long" };
    if (from.getTime() > now.getTime()) return { ok: false, error: "not_started" };
    return { ok: true, period: { from, to, spec: { kind: "range", first, end } } };
  }
  return { ok: false, error: "format" };
}

/** The last four weeks, ending now. */
export function defaultPeriod(now: Date, timeZone: string): Period {
  const result = parsePeriod(DEFAULT_PERIOD, now, timeZone);
  if (!result.ok) throw new Error("the default period must parse");
  return result.period;
}

export type StatsArgs =
  | { ok: true; segment: string | undefined; period: Period }
  | { ok: false; error: PeriodError; text: string; segment: string | undefined };

/**
 * Splits `/cx stats` words into an optional segment (possibly several words) and an optional
 * period. The period may be the last words or the first ones ("smb 4w", "4w smb", and
 * "mid market 2026-03-01 .. 2026-03-29" all work): the longest run at either end that parses
 * wins. When no run parses but the last (or first) word looks like a period, that word is
 * reported as a bad period rather than taken as part of the segment name.
 */
export function parseStatsArgs(words: string[], now: Date, timeZone: string): StatsArgs {
  const n = words.length;
  const segmentOf = (rest: string[]) => (rest.length ? rest.join(" ") : undefined);
  for (let k = Math.min(3, n); k >= 1; k--) {
    const suffix = parsePeriod(words.slice(n - k).join(""), now, timeZone);
    if (suffix.ok) return { ok: true, segment: segmentOf(words.slice(0, n - k)), period: suffix.period };
    const prefix = parsePeriod(words.slice(0, k).join(""), now, timeZone);
    if (prefix.ok) return { ok: true, segment: segmentOf(words.slice(k)), period: prefix.period };
  }
  const last = words[n - 1];
  const first = words[0];
  const suspect = last && looksLikePeriod(last) ? "last" : first && looksLikePeriod(first) ? "first" : null;
  if (suspect) {
    // Report the most specific error among the runs at that end (a range with a bad date says so).
    let error: PeriodError = "format";
    let used = 1;
    for (let k = Math.min(3, n); k >= 1; k--) {
      const run = suspect === "last" ? words.slice(n - k) : words.slice(0, k);
      const result = parsePeriod(run.join(""), now, timeZone);
      if (!result.ok && result.error !== "format") {
        error = result.error;
        used = k;
        break;
      }
    }
    const run = suspect === "last" ? words.slice(n - used) : words.slice(0, used);
    const rest = suspect === "last" ? words.slice(0, n - used) : words.slice(used);
    return { ok: false, error, text: run.join(" "), segment: segmentOf(rest) };
  }
  return { ok: true, segment: segmentOf(words), period: defaultPeriod(now, timeZone) };
}
