import type { Locale } from "../../../domain/locale.js";
import type { ScheduledMeeting } from "../../../domain/meetings.js";
import { cronToWeekly, dueAt, nextOccurrence, type ScheduleSpec } from "../../../domain/occurrences.js";
import { meetingsTexts } from "./texts.js";

// Meetings as people read them: "Mondays 09:00 Europe/Madrid", "1 h 30 min", the next digests.
// Pure: the clock comes in as `now`.

const DAY_MINUTES = 24 * 60;

/** "Mondays 09:00 Europe/Madrid" for a weekly schedule; the cron expression otherwise. */
export function scheduleInWords(spec: ScheduleSpec, locale: Locale): string {
  const t = meetingsTexts[locale];
  const weekly = cronToWeekly(spec.schedule);
  return weekly
    ? t.weekly(t.weekdaysPlural[weekly.day], weekly.time, spec.timezone)
    : t.cron(spec.schedule, spec.timezone);
}

/** 90 → "1 h 30 min", 1440 → "1 day", 45 → "45 min". */
export function durationInWords(minutes: number, locale: Locale): string {
  const u = meetingsTexts[locale].units;
  if (minutes > 0 && minutes % DAY_MINUTES === 0) return u.day(minutes / DAY_MINUTES);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return u.minute(m);
  return m === 0 ? u.hour(h) : `${u.hour(h)} ${u.minute(m)}`;
}

const UNIT_MINUTES: Record<string, number> = {
  d: DAY_MINUTES,
  day: DAY_MINUTES,
  days: DAY_MINUTES,
  dia: DAY_MINUTES,
  dias: DAY_MINUTES,
  h: 60,
  hr: 60,
  hrs: 60,
  hour: 60,
  hours: 60,
  hora: 60,
  horas: 60,
  m: 1,
  min: 1,
  mins: 1,
  minute: 1,
  minutes: 1,
  minuto: 1,
  minutos: 1,
};

/**
 * A lead time as typed: "60" (minutes), "90 min", "2 h", "1h30", "1.5 h", "1 d", "2 horas",
 * "1 día". Returns minutes (possibly not whole: validateLeadMinutes words that), or null.
 */
export function parseLeadTime(text: string): number | null {
  const s = text.trim().toLowerCase().normalize("NFD").replace(/\p{M}/gu, "").replace(/,/g, ".");
  if (s === "") return null;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  const token = /(\d+(?:\.\d+)?)\s*([a-z]+)?\s*/y;
  let total = 0;
  let lastUnit: number | null = null;
  let at = 0;
  while (at < s.length) {
    token.lastIndex = at;
    const m = token.exec(s);
    if (!m) return null;
    at = token.lastIndex;
    const amount = Number(m[1]);
    const word = m[2];
    let unit: number | undefined;
    if (word === undefined) {
      // A bare number is only minutes after hours ("1h30"), and only at the end.
      if (lastUnit !== 60 || at < s.length) return null;
      unit = 1;
    } else {
      unit = UNIT_MINUTES[word];
      if (unit === undefined) return null;
    }
    // Largest unit first, each once: "30 min 1 h" is more likely a typo than a sum.
    if (lastUnit !== null && unit >= lastUnit) return null;
    total += amount * unit;
    lastUnit = unit;
  }
  return total;
}

/** "Mon 30 Mar, 08:00" / "lun, 30 mar, 08:00" in the given zone. */
export function formatInstant(at: Date, timeZone: string, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === "es" ? "es-ES" : "en-GB", {
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZone,
  }).format(at);
}

export interface UpcomingDigest {
  meetingAt: Date;
  digestAt: Date;
}

/** The next `count` meetings whose digest is still to be posted after `now`. */
export function upcomingDigests(
  meeting: ScheduleSpec & { leadMinutes: number },
  now: Date,
  count = 3,
): UpcomingDigest[] {
  const out: UpcomingDigest[] = [];
  let after = now;
  // One extra step: the next meeting's digest may already be due (posted or posting now).
  for (let i = 0; i < count + 1 && out.length < count; i++) {
    const meetingAt = nextOccurrence(meeting, after);
    const digestAt = dueAt(meetingAt, meeting.leadMinutes);
    if (digestAt.getTime() > now.getTime()) out.push({ meetingAt, digestAt });
    after = meetingAt;
  }
  return out;
}

/** One meeting as the list shows it. */
export interface MeetingLine {
  id: string;
  name: string;
  channelId: string;
  paused: boolean;
  /** "Mondays 09:00 Europe/Madrid · digest 1 h before · all segments · English · covers …". */
  summary: string;
  /** "Mon 30 Mar, 08:00" (meeting's zone); null when paused or the schedule cannot be read. */
  nextDigest: string | null;
  /** The next meetings' times, "Mon 30 Mar, 09:00". */
  nextMeetings: string[];
}

export function meetingLine(
  meeting: ScheduledMeeting,
  segmentNames: ReadonlyMap<string, string>,
  now: Date,
  locale: Locale,
): MeetingLine {
  const t = meetingsTexts[locale];
  const scope =
    meeting.segmentIds.length === 0
      ? t.allSegments
      : meeting.segmentIds.map((id) => segmentNames.get(id) ?? "?").join(", ");
  const summary = [
    scheduleInWords(meeting, locale),
    meeting.leadMinutes === 0
      ? t.digestAtStart
      : t.digestBefore(durationInWords(meeting.leadMinutes, locale)),
    scope,
    t.localeNames[meeting.locale],
    meeting.periodDays === null ? t.covers.previous : t.covers.days(meeting.periodDays),
    meeting.paused ? t.status.paused : t.status.active,
  ].join(" · ");
  let upcoming: UpcomingDigest[] = [];
  try {
    upcoming = upcomingDigests(meeting, now);
  } catch {
    // A schedule stored before validation existed: the list still shows the meeting to fix it.
  }
  const first = upcoming[0];
  return {
    id: meeting.id,
    name: meeting.name,
    channelId: meeting.channelId,
    paused: meeting.paused,
    summary,
    nextDigest: first && !meeting.paused ? formatInstant(first.digestAt, meeting.timezone, locale) : null,
    nextMeetings: upcoming.map((u) => formatInstant(u.meetingAt, meeting.timezone, locale)),
  };
}
