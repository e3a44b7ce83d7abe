import { CronExpressionParser } from "cron-parser";
import type { Locale } from "./locale.js";

// When a meeting happens and when its digest is due. A meeting's schedule is a 5-field cron
// expression read in the meeting's IANA time zone, so "0 9 * * 1" in Europe/Madrid is 09:00 local
// every Monday on both sides of a daylight-saving change (cron-parser does the zone arithmetic).
// Pure: no clock, no database.

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Digests would spam a channel below this; it also bounds the lead time (see validateLeadMinutes). */
export const MIN_SCHEDULE_GAP_MS = HOUR;
/** The longest lead time accepted: a digest a week before its meeting is already stale. */
export const MAX_LEAD_MINUTES = 7 * 24 * 60;
/** Safety net for listOccurrences: a 14-day window of an hourly schedule is ~340. */
const MAX_OCCURRENCES = 5_000;
/** Occurrences sampled to find a schedule's shortest gap; patterns repeat well within this. */
const GAP_SAMPLE = 60;

export type Weekday = "mon" | "tue" | "wed" | "thu" | "fri" | "sat" | "sun";
export const WEEKDAYS: readonly Weekday[] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
/** cron day-of-week numbers (0 = Sunday). */
const CRON_DAY: Record<Weekday, number> = { sun: 0, mon: 1, tue: 2, wed: 3, thu: 4, fri: 5, sat: 6 };

/** The "weekly day and time" form of a schedule, as the admin form shows it. */
export interface WeeklySchedule {
  day: Weekday;
  /** Local wall-clock time, "HH:MM" (24 h). */
  time: string;
}

const HH_MM = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** Parses "9:00" / "09:00" / "18:30" into hour and minute; null for anything else. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const m = HH_MM.exec(text.trim());
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

/** "mon" + "09:00" → "0 9 * * 1". Throws on a malformed time (validate with parseTimeOfDay first). */
export function weeklyToCron(schedule: WeeklySchedule): string {
  const t = parseTimeOfDay(schedule.time);
  if (!t) throw new Error(`Invalid time of day "${schedule.time}": expected HH:MM`);
  return `${t.minute} ${t.hour} * * ${CRON_DAY[schedule.day]}`;
}

/** The weekly form of a cron expression when it is one day and one time a week; otherwise null. */
export function cronToWeekly(cron: string): WeeklySchedule | null {
  const valid = validateSchedule(cron);
  if (!valid.ok) return null;
  const [minute, hour, dayOfMonth, month, dayOfWeek] = valid.value.split(" ") as [
    string,
    string,
    string,
    string,
    string,
  ];
  if (!/^\d{1,2}$/.test(minute) || !/^\d{1,2}$/.test(hour)) return null;
  if (!WILDCARD.has(dayOfMonth) || month !== "*") return null;
  const dow = dayOfWeek.toLowerCase();
  // 0 and 7 are both Sunday; lists, ranges, "1#2" or "5L" are not plain weekly.
  const day = /^[0-7]$/.test(dow)
    ? WEEKDAYS.find((d) => CRON_DAY[d] === Number(dow) % 7)
    : WEEKDAYS.find((d) => d === dow);
  if (!day) return null;
  return { day, time: `${hour.padStart(2, "0")}:${minute.padStart(2, "0")}` };
}

// ---------------------------------------------------------------------------------------------
// Validation. Problems are codes (plus a detail from the parser) so the admin UI can word them in
// the person's language; scheduleProblemText gives the English and Spanish wording.

export type ScheduleProblem =
  | { code: "empty" }
  | { code: "field_count"; count: number }
  | { code: "random_field" }
  | { code: "day_of_month_and_week" }
  | { code: "invalid"; detail: string }
  | { code: "too_frequent"; gapMinutes: number }
  | { code: "never" };

export type TimeZoneProblem = { code: "empty_zone" } | { code: "unknown_zone"; zone: string };

export type LeadProblem =
  | { code: "lead_not_whole"; value: number }
  | { code: "lead_out_of_range"; value: number; max: number }
  | { code: "lead_exceeds_gap"; value: number; gapMinutes: number };

export type Validation<T, P> = { ok: true; value: T } | { ok: false; problem: P };

const MONTH_OR_DAY_NAMES = /jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat/g;
const WILDCARD = new Set(["*", "?"]);

/**
 * Checks a meeting schedule: exactly five fields (minute hour day-of-month month day-of-week),
 * no "H" (random: replicas must agree on the same instants), not both a day of month and a day
 * of week (cron ORs them, which surprises people: "1-7 * 1" is not "first Monday", "1#1" is),
 * occurring at least once, at most once an hour. Returns the trimmed, single-spaced expression.
 */
export function validateSchedule(cron: string): Validation<string, ScheduleProblem> {
  const fields = cron.trim().split(/\s+/).filter(Boolean);
  if (fields.length === 0) return { ok: false, problem: { code: "empty" } };
  if (fields.length !== 5) return { ok: false, problem: { code: "field_count", count: fields.length } };
  if (fields.some((f) => f.toLowerCase().replace(MONTH_OR_DAY_NAMES, "").includes("h"))) {
    return { ok: false, problem: { code: "random_field" } };
  }
  const [, , dayOfMonth, , dayOfWeek] = fields as [string, string, string, string, string];
  if (!WILDCARD.has(dayOfMonth) && !WILDCARD.has(dayOfWeek)) {
    return { ok: false, problem: { code: "day_of_month_and_week" } };
  }
  const normalized = fields.join(" ");
  let upcoming: number[];
  try {
    // UTC keeps daylight-saving changes out of the gap check; a reference year makes it pure.
    const it = CronExpressionParser.parse(normalized, {
      currentDate: new Date(Date.UTC(2026, 0, 1)),
      tz: "UTC",
    });
    upcoming = it.take(GAP_SAMPLE).map((d) => d.getTime());
  } catch (error) {
    return {
      ok: false,
      problem: { code: "invalid", detail: error instanceof Error ? error.message : String(error) },
    };
  }
  if (upcoming.length === 0) return { ok: false, problem: { code: "never" } };
  const gap = shortestGap(upcoming);
  if (gap < MIN_SCHEDULE_GAP_MS) {
    return { ok: false, problem: { code: "too_frequent", gapMinutes: Math.round(gap / MINUTE) } };
  }
  return { ok: true, value: normalized };
}

function shortestGap(instants: number[]): number {
  let gap = Number.POSITIVE_INFINITY;
  for (let i = 1; i < instants.length; i++) {
    gap = Math.min(gap, (instants[i] ?? 0) - (instants[i - 1] ?? 0));
  }
  return gap;
}

/** An IANA zone both Intl and cron-parser understand ("Europe/Madrid"; not "+01:00"). */
export function validateTimeZone(zone: string): Validation<string, TimeZoneProblem> {
  const z = zone.trim();
  if (!z) return { ok: false, problem: { code: "empty_zone" } };
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: z });
    CronExpressionParser.parse("0 0 * * *", { currentDate: new Date(Date.UTC(2026, 0, 1)), tz: z }).next();
    return { ok: true, value: z };
  } catch {
    return { ok: false, problem: { code: "unknown_zone", zone: z } };
  }
}

/**
 * Lead time in whole minutes, 0…7 days, and shorter than the shortest gap between two meetings
 * (otherwise a digest would post before the previous meeting has even happened).
 */
export function validateLeadMinutes(lead: number, cron: string): Validation<number, LeadProblem> {
  if (!Number.isInteger(lead)) return { ok: false, problem: { code: "lead_not_whole", value: lead } };
  if (lead < 0 || lead > MAX_LEAD_MINUTES) {
    return { ok: false, problem: { code: "lead_out_of_range", value: lead, max: MAX_LEAD_MINUTES } };
  }
  const schedule = validateSchedule(cron);
  if (schedule.ok) {
    const it = CronExpressionParser.parse(schedule.value, {
      currentDate: new Date(Date.UTC(2026, 0, 1)),
      tz: "UTC",
    });
    const gapMinutes = Math.round(shortestGap(it.take(GAP_SAMPLE).map((d) => d.getTime())) / MINUTE);
    if (lead >= gapMinutes)
      return { ok: false, problem: { code: "lead_exceeds_gap", value: lead, gapMinutes } };
  }
  return { ok: true, value: lead };
}

type Problem = ScheduleProblem | TimeZoneProblem | LeadProblem;

const problemTexts: Record<Locale, (p: Problem) => string> = {
  en: (p) => {
    switch (p.code) {
      case "empty":
        return "Enter a schedule, for example 0 9 * * 1 (Mondays at 09:00).";
      case "field_count":
        return `A schedule has 5 fields (minute hour day-of-month month day-of-week), this one has ${p.count}. Example: 0 9 * * 1 (Mondays at 09:00).`;
      case "random_field":
        return "“H” (a random value) is not allowed: every app instance must agree on the meeting time.";
      case "day_of_month_and_week":
        return "Use a day of the month or a day of the week, not both. For “first Monday of the month” write 0 9 * * 1#1.";
      case "invalid":
        return `That is not a valid cron expression (${p.detail}). Example: 30 8 * * 2 (Tuesdays at 08:30).`;
      case "too_frequent":
        return `Meetings would be only ${p.gapMinutes} minutes apart; a digest can be scheduled at most once an hour.`;
      case "never":
        return "That schedule never happens.";
      case "empty_zone":
        return "Enter a time zone, for example Europe/Madrid.";
      case "unknown_zone":
        return `Unknown time zone “${p.zone}”. Use a name like Europe/Madrid or America/New_York.`;
      case "lead_not_whole":
        return "The lead time is a whole number of minutes.";
      case "lead_out_of_range":
        return `The lead time must be between 0 and ${p.max} minutes (7 days).`;
      case "lead_exceeds_gap":
        return `A lead time of ${p.value} minutes would post the digest before the previous meeting (meetings are ${p.gapMinutes} minutes apart).`;
    }
  },
  es: (p) => {
    switch (p.code) {
      case "empty":
        return "Escribe una programación, por ejemplo 0 9 * * 1 (los lunes a las 09:00).";
      case "field_count":
        return `Una programación tiene 5 campos (minuto hora día-del-mes mes día-de-la-semana); esta tiene ${p.count}. Ejemplo: 0 9 * * 1 (los lunes a las 09:00).`;
      case "random_field":
        return "No se admite «H» (valor aleatorio): todas las instancias de la app deben coincidir en la hora de la reunión.";
      case "day_of_month_and_week":
        return "Usa un día del mes o un día de la semana, no ambos. Para «primer lunes del mes» escribe 0 9 * * 1#1.";
      case "invalid":
        return `No es una expresión cron válida (${p.detail}). Ejemplo: 30 8 * * 2 (los martes a las 08:30).`;
      case "too_frequent":
        return `Las reuniones estarían a solo ${p.gapMinutes} minutos; un resumen se puede programar como mucho una vez por hora.`;
      case "never":
        return "Esa programación no ocurre nunca.";
      case "empty_zone":
        return "Escribe una zona horaria, por ejemplo Europe/Madrid.";
      case "unknown_zone":
        return `Zona horaria desconocida «${p.zone}». Usa un nombre como Europe/Madrid o America/New_York.`;
      case "lead_not_whole":
        return "La antelación es un número entero de minutos.";
      case "lead_out_of_range":
        return `La antelación debe estar entre 0 y ${p.max} minutos (7 días).`;
      case "lead_exceeds_gap":
        return `Con ${p.value} minutos de antelación el resumen se publicaría antes de la reunión anterior (las reuniones están a ${p.gapMinutes} minutos).`;
    }
  },
};

/** The problem worded for the admin, in English or Spanish. */
export function scheduleProblemText(problem: Problem, locale: Locale): string {
  return problemTexts[locale](problem);
}

// ---------------------------------------------------------------------------------------------
// Occurrences.

export interface ScheduleSpec {
  /** Cron expression (5 fields) in `timezone`. */
  schedule: string;
  /** IANA zone, e.g. "Europe/Madrid". */
  timezone: string;
}

/** Occurrences with from ≤ t ≤ to, oldest first. Throws on an invalid expression or zone. */
export function listOccurrences(spec: ScheduleSpec, from: Date, to: Date): Date[] {
  if (to.getTime() < from.getTime()) return [];
  // cron-parser's next() is strictly after currentDate; start just before `from` to include it.
  const it = CronExpressionParser.parse(spec.schedule, {
    currentDate: new Date(from.getTime() - 1),
    tz: spec.timezone,
  });
  const out: Date[] = [];
  while (out.length < MAX_OCCURRENCES) {
    const next = it.next().toDate();
    if (next.getTime() > to.getTime()) break;
    if (next.getTime() >= from.getTime()) out.push(next);
  }
  return out;
}

/** The first occurrence strictly after `after`. */
export function nextOccurrence(spec: ScheduleSpec, after: Date): Date {
  return CronExpressionParser.parse(spec.schedule, { currentDate: after, tz: spec.timezone }).next().toDate();
}

/** The last occurrence strictly before `before` (the digest's "since the previous meeting"). */
export function previousOccurrence(spec: ScheduleSpec, before: Date): Date {
  return CronExpressionParser.parse(spec.schedule, { currentDate: before, tz: spec.timezone })
    .prev()
    .toDate();
}

/** The instant the digest for an occurrence is due: `leadMinutes` before the meeting. */
export function dueAt(occurrenceAt: Date, leadMinutes: number): Date {
  return new Date(occurrenceAt.getTime() - leadMinutes * MINUTE);
}

export interface DueOccurrence {
  occurrenceAt: Date;
  dueAt: Date;
}

/** How far back the scheduler looks for occurrences it has not handled (e.g. while it was down). */
export const DEFAULT_LOOKBACK_MS = 14 * DAY;

/**
 * Occurrences whose digest is due by `now` (dueAt ≤ now), that happen after the meeting was
 * created, at most `lookbackMs` before `now`. Includes occurrences already started: the caller
 * decides between "post late" and "missed" by comparing now with occurrenceAt.
 */
export function dueOccurrences(
  meeting: ScheduleSpec & { leadMinutes: number; createdAt: Date },
  now: Date,
  lookbackMs: number = DEFAULT_LOOKBACK_MS,
): DueOccurrence[] {
  const from = new Date(Math.max(meeting.createdAt.getTime(), now.getTime() - lookbackMs));
  const to = new Date(now.getTime() + meeting.leadMinutes * MINUTE);
  return listOccurrences(meeting, from, to).map((occurrenceAt) => ({
    occurrenceAt,
    dueAt: dueAt(occurrenceAt, meeting.leadMinutes),
  }));
}
