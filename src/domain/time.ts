// Time-zone arithmetic with Intl only. Instants are stored in UTC; a calendar date is turned
// into an instant in an explicit IANA zone, never in the process's TZ.

function parts(at: Date, timeZone: string): Record<string, number> {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const out: Record<string, number> = {};
  for (const p of fmt.formatToParts(at)) if (p.type !== "literal") out[p.type] = Number(p.value);
  return out;
}

/** Offset of `timeZone` from UTC at instant `at`, in milliseconds (Madrid in summer: +7 200 000). */
export function zoneOffsetMs(at: Date, timeZone: string): number {
  const p = parts(at, timeZone);
  const asUtc = Date.UTC(
    p.year ?? 0,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    p.hour ?? 0,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/**
 * The instant when the wall clock in `timeZone` shows the given local time. In a spring-forward
 * gap the later valid instant is used; in a fall-back overlap, the first.
 */
export function zonedTimeToUtc(
  local: { year: number; month: number; day: number; hour?: number; minute?: number; second?: number },
  timeZone: string,
): Date {
  const guess = Date.UTC(
    local.year,
    local.month - 1,
    local.day,
    local.hour ?? 0,
    local.minute ?? 0,
    local.second ?? 0,
  );
  const day = 86_400_000;
  const before = guess - zoneOffsetMs(new Date(guess - day), timeZone);
  const after = guess - zoneOffsetMs(new Date(guess + day), timeZone);
  const valid = (t: number) => zoneOffsetMs(new Date(t), timeZone) === guess - t;
  if (valid(before) && valid(after)) return new Date(Math.min(before, after));
  if (valid(before)) return new Date(before);
  if (valid(after)) return new Date(after);
  // In a gap: the standard-time offset moves the wall clock forward past the gap.
  return new Date(before);
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

function validCalendarDate(y: number, m: number, d: number): boolean {
  const dt = new Date(Date.UTC(y, m - 1, d));
  return dt.getUTCFullYear() === y && dt.getUTCMonth() === m - 1 && dt.getUTCDate() === d;
}

/**
 * Parses "2026-03-02" (midnight in `timeZone`) or an ISO 8601 date-time with an offset.
 * Returns null for anything else, including impossible dates and times without an offset.
 */
export function parseInstant(text: string, timeZone: string): Date | null {
  const t = text.trim();
  const m = DATE_ONLY.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (!validCalendarDate(y, mo, d)) return null;
    return zonedTimeToUtc({ year: y, month: mo, day: d }, timeZone);
  }
  if (!DATE_TIME_WITH_OFFSET.test(t)) return null;
  const [y, mo, d] = t.slice(0, 10).split("-").map(Number) as [number, number, number];
  if (!validCalendarDate(y, mo, d)) return null;
  const at = new Date(t);
  return Number.isNaN(at.getTime()) ? null : at;
}

/** Calendar date (YYYY-MM-DD) of an instant as seen in `timeZone`. */
export function localDate(at: Date, timeZone: string): string {
  const p = parts(at, timeZone);
  const pad = (n: number | undefined, w = 2) => String(n ?? 0).padStart(w, "0");
  return `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;
}

/** Adds whole calendar days in `timeZone` (so a week across a DST change stays 7 local days). */
export function addLocalDays(at: Date, days: number, timeZone: string): Date {
  const p = parts(at, timeZone);
  const shifted = new Date(Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, (p.day ?? 1) + days));
  return zonedTimeToUtc(
    {
      year: shifted.getUTCFullYear(),
      month: shifted.getUTCMonth() + 1,
      day: shifted.getUTCDate(),
      hour: p.hour,
      minute: p.minute,
      second: p.second,
    },
    timeZone,
  );
}

/** Monday 00:00 (local) of the week containing `at`. */
export function startOfLocalWeek(at: Date, timeZone: string): Date {
  const p = parts(at, timeZone);
  const dow = (new Date(Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, p.day ?? 1)).getUTCDay() + 6) % 7;
  const monday = new Date(Date.UTC(p.year ?? 0, (p.month ?? 1) - 1, (p.day ?? 1) - dow));
  return zonedTimeToUtc(
    { year: monday.getUTCFullYear(), month: monday.getUTCMonth() + 1, day: monday.getUTCDate() },
    timeZone,
  );
}
