import { z } from "zod";
import type { Locale } from "../../../domain/locale.js";
import type { MeetingSettings } from "../../../domain/meetings.js";
import {
  parseTimeOfDay,
  scheduleProblemText,
  validateLeadMinutes,
  validateSchedule,
  validateTimeZone,
  WEEKDAYS,
  type Weekday,
  weeklyToCron,
} from "../../../domain/occurrences.js";
import { fieldErrors } from "../../kit/form-errors.js";
import { MEETING_BLOCK as B, MEETING_INPUT as I } from "./ids.js";
import { meetingsTexts } from "./texts.js";
import { parseLeadTime } from "./words.js";

// Reads the add / edit meeting modal: zod for the payload's shape, then the rules an admin can
// fix, each reported on its input in their language. The schedule is the cron expression when
// one is typed, otherwise the weekly day and time. Pure: no Slack client, no database (whether
// the name is free and the channel reachable is checked by the caller).

export const MAX_NAME = 80;
export const PERIOD_CHOICES = ["previous", "7", "14", "30"] as const;

/** What the modal keeps in private_metadata: which meeting, and the list to refresh after. */
export const ZMeetingMetadata = z.object({
  v: z.literal(1),
  meetingId: z.uuid().nullable(),
  responseUrl: z.url().max(500).nullable(),
  /** Opened from the list's buttons: the list message itself is redrawn after saving. */
  replace: z.boolean(),
});
export type MeetingMetadata = z.infer<typeof ZMeetingMetadata>;

export function readMeetingMetadata(raw: string): MeetingMetadata | null {
  try {
    const parsed = ZMeetingMetadata.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const option = z.object({ value: z.string().max(300) });
const selected = z
  .object({ selected_option: option.nullish() })
  .optional()
  .transform((s) => s?.selected_option?.value ?? null);
const selectedMany = z
  .object({ selected_options: z.array(option).max(100).nullish() })
  .optional()
  .transform((s) => (s?.selected_options ?? []).map((o) => o.value));
const typed = z
  .object({ value: z.string().max(10_000).nullish() })
  .optional()
  .transform((s) => {
    const t = s?.value?.trim() ?? "";
    return t === "" ? null : t;
  });
const time = z
  .object({ selected_time: z.string().max(10).nullish() })
  .optional()
  .transform((s) => s?.selected_time ?? null);
const conversation = z
  .object({ selected_conversation: z.string().max(30).nullish() })
  .optional()
  .transform((s) => s?.selected_conversation ?? null);
const block = <T extends z.ZodType>(actionId: string, schema: T) =>
  z
    .object({ [actionId]: schema })
    .optional()
    .transform((b) => (b?.[actionId] ?? null) as z.output<T> | null);

const ZState = z.object({
  [B.name]: block(I.name, typed),
  [B.channel]: block(I.channel, conversation),
  [B.day]: block(I.day, selected),
  [B.time]: block(I.time, time),
  [B.cron]: block(I.cron, typed),
  [B.timezone]: block(I.timezone, typed),
  [B.lead]: block(I.lead, typed),
  [B.segments]: block(I.segments, selectedMany),
  [B.locale]: block(I.locale, selected),
  [B.period]: block(I.period, selected),
});

/** Segment options carry "segment:<id>", like the shared lookup selects. */
export const segmentValue = (id: string) => `segment:${id}`;
const SEGMENT_VALUE = /^segment:([0-9a-f-]{36})$/;

export type MeetingFormResult =
  | { ok: true; settings: MeetingSettings }
  | { ok: false; errors: Record<string, string> };

export function parseMeetingForm(values: unknown, locale: Locale): MeetingFormResult {
  const t = meetingsTexts[locale].errors;
  const parsed = ZState.safeParse(values ?? {});
  if (!parsed.success) {
    return { ok: false, errors: fieldErrors(parsed.error.issues, B, B.name, t.unreadable) };
  }
  const s = parsed.data;
  const errors: Record<string, string> = {};
  const fail = (blockId: string, message: string) => {
    errors[blockId] ??= message;
  };

  const name = s[B.name]?.replace(/\s+/g, " ") ?? null;
  if (name === null) fail(B.name, t.nameRequired);
  else if (name.length > MAX_NAME) fail(B.name, t.tooLong(MAX_NAME));

  const channel = s[B.channel] ?? null;
  if (channel === null) fail(B.channel, t.channelRequired);
  else if (!/^[CG][A-Z0-9]{2,}$/.test(channel)) fail(B.channel, t.notAChannel);

  // The schedule: a typed cron expression wins over the day and time.
  let schedule: string | null = null;
  const cron = s[B.cron] ?? null;
  if (cron !== null) {
    const valid = validateSchedule(cron);
    if (valid.ok) schedule = valid.value;
    else fail(B.cron, scheduleProblemText(valid.problem, locale));
  } else {
    const day = s[B.day] ?? null;
    const at = s[B.time] ?? null;
    if (day === null || !WEEKDAYS.includes(day as Weekday)) fail(B.day, t.dayRequired);
    if (at === null || !parseTimeOfDay(at)) fail(B.time, t.timeRequired);
    if (day !== null && at !== null && !errors[B.day] && !errors[B.time]) {
      schedule = weeklyToCron({ day: day as Weekday, time: at });
    }
  }

  const zone = validateTimeZone(s[B.timezone] ?? "");
  if (!zone.ok) fail(B.timezone, scheduleProblemText(zone.problem, locale));

  const leadText = s[B.lead] ?? null;
  const lead = leadText === null ? null : parseLeadTime(leadText);
  if (leadText === null) fail(B.lead, t.leadRequired);
  else if (lead === null) fail(B.lead, t.leadBad(leadText.slice(0, 40)));
  else {
    // Without a valid schedule only the range is checked; the gap waits for a readable schedule.
    const valid = validateLeadMinutes(lead, schedule ?? "");
    if (!valid.ok) fail(B.lead, scheduleProblemText(valid.problem, locale));
  }

  const segmentIds: string[] = [];
  for (const value of s[B.segments] ?? []) {
    const m = SEGMENT_VALUE.exec(value);
    if (m?.[1]) segmentIds.push(m[1]);
    else fail(B.segments, t.unreadable);
  }

  const chosenLocale = s[B.locale] ?? null;
  if (chosenLocale !== "en" && chosenLocale !== "es") fail(B.locale, t.unreadable);

  const period = s[B.period] ?? null;
  if (!PERIOD_CHOICES.includes(period as (typeof PERIOD_CHOICES)[number])) fail(B.period, t.unreadable);

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return {
    ok: true,
    settings: {
      name: name ?? "",
      channelId: channel ?? "",
      schedule: schedule ?? "",
      timezone: zone.ok ? zone.value : "",
      leadMinutes: lead ?? 0,
      segmentIds: [...new Set(segmentIds)],
      locale: chosenLocale as Locale,
      periodDays: period === "previous" || period === null ? null : Number(period),
    },
  };
}
