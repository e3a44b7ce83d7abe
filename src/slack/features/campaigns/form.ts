import { z } from "zod";
import type { CampaignTrigger } from "../../../domain/campaign-triggers.js";
import { type CampaignSettings, ZCampaignAudience } from "../../../domain/campaigns.js";
import type { Locale } from "../../../domain/locale.js";
import { scheduleProblemText, validateSchedule, validateTimeZone } from "../../../domain/occurrences.js";
import { QUESTION_LENGTH, TOUCHPOINTS } from "../../../domain/survey-questions.js";
import { fieldErrors } from "../../kit/form-errors.js";
import { CAMPAIGN_BLOCK as B, CONTACTS_BLOCK, CAMPAIGN_INPUT as I } from "./ids.js";
import { campaignsTexts } from "./texts.js";

// Reads the add-campaign modal: zod for the payload's shape, then the rules an admin can fix,
// each reported on its input in their language. Only the fields of the chosen trigger count.
// Pure: whether the name is free is checked by the caller against the database.

export const MAX_NAME = 80;
export const MAX_OFFSETS = 6;
export const DAYS_RANGE = { offset: { min: 1, max: 730 }, every: { min: 7, max: 730 } } as const;

export const ZCampaignMetadata = z.object({ v: z.literal(1), responseUrl: z.url().max(500).nullable() });
export type CampaignMetadata = z.infer<typeof ZCampaignMetadata>;

export function readCampaignMetadata(raw: string): CampaignMetadata | null {
  try {
    const parsed = ZCampaignMetadata.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const option = z.object({ value: z.string().max(300) });
const selected = z
  .object({ selected_option: option.nullish() })
  .transform((s) => s.selected_option?.value ?? null);
const checked = z
  .object({ selected_options: z.array(option).max(10).nullish() })
  .transform((s) => (s.selected_options ?? []).map((o) => o.value));
const typed = z.object({ value: z.string().max(3000).nullish() }).transform((s) => {
  const t = s.value?.trim() ?? "";
  return t === "" ? null : t;
});
const conversations = z
  .object({ selected_conversations: z.array(z.string().max(30)).max(20).nullish() })
  .transform((s) => s.selected_conversations ?? []);
const users = z
  .object({ selected_users: z.array(z.string().max(30)).max(100).nullish() })
  .transform((s) => s.selected_users ?? []);
const block = <T extends z.ZodType>(schema: T) =>
  z
    .object({ [I]: schema.optional() })
    .optional()
    .transform((b) => (b?.[I] ?? null) as z.output<T> | null);

const ZState = z.object({
  [B.name]: block(typed),
  [B.kind]: block(selected),
  [B.trigger]: block(selected),
  [B.offsets]: block(typed),
  [B.every]: block(typed),
  [B.schedule]: block(typed),
  [B.timezone]: block(typed),
  [B.channels]: block(conversations),
  [B.users]: block(users),
  [B.mode]: block(selected),
  [B.touchpoint]: block(selected),
  [B.question]: block(typed),
  [B.anonymous]: block(checked),
});

const ZKind = z.enum(["nps", "csat", "ces"]);
const ZTrigger = z.enum(["after_gained", "relationship", "recurring"]);
const ZTouchpoint = z.enum(TOUCHPOINTS);

export type CampaignFormResult =
  | { ok: true; settings: CampaignSettings }
  | { ok: false; errors: Record<string, string> };

/** "30, 60, 90" → [30, 60, 90]; null when any part is not a whole number of days in range. */
export function parseOffsets(text: string): number[] | null {
  const parts = text.split(/[\s,;]+/).filter(Boolean);
  if (parts.length === 0 || parts.length > MAX_OFFSETS) return null;
  const days = parts.map((p) => (/^\d{1,4}$/.test(p) ? Number(p) : Number.NaN));
  const { min, max } = DAYS_RANGE.offset;
  if (days.some((d) => !Number.isInteger(d) || d < min || d > max)) return null;
  return [...new Set(days)].sort((a, b) => a - b);
}

export function parseCampaignForm(values: unknown, locale: Locale): CampaignFormResult {
  const t = campaignsTexts[locale].errors;
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
  else if (name.length > MAX_NAME) fail(B.name, t.nameTooLong(MAX_NAME));

  const kind = ZKind.safeParse(s[B.kind]);
  if (!kind.success) fail(B.kind, t.unreadable);
  const trigger = ZTrigger.safeParse(s[B.trigger]);
  if (!trigger.success) fail(B.trigger, t.unreadable);
  const touchpoint = ZTouchpoint.safeParse(s[B.touchpoint]);
  if (!touchpoint.success) fail(B.touchpoint, t.unreadable);

  const question = s[B.question] ?? null;
  if (question !== null && (question.length < QUESTION_LENGTH.min || question.length > QUESTION_LENGTH.max))
    fail(B.question, t.questionLength(QUESTION_LENGTH.min, QUESTION_LENGTH.max));

  const when: CampaignTrigger | null = trigger.success ? trigger.data : null;
  let offsetsDays: number[] = [];
  let everyDays: number | null = null;
  let schedule: string | null = null;
  let timezone: string | null = null;
  let audience: CampaignSettings["audience"] = null;

  if (when === "after_gained") {
    const offsets = parseOffsets(s[B.offsets] ?? "");
    if (offsets) offsetsDays = offsets;
    else fail(B.offsets, t.offsetsBad);
  } else if (when === "relationship") {
    const text = s[B.every] ?? "";
    const n = /^\d{1,4}$/.test(text) ? Number(text) : Number.NaN;
    if (n >= DAYS_RANGE.every.min && n <= DAYS_RANGE.every.max) everyDays = n;
    else fail(B.every, t.everyBad);
  } else if (when === "recurring") {
    const cron = s[B.schedule] ?? null;
    if (cron === null) fail(B.schedule, t.scheduleRequired);
    else {
      const valid = validateSchedule(cron);
      if (valid.ok) schedule = valid.value;
      else fail(B.schedule, scheduleProblemText(valid.problem, locale));
    }
    const zone = validateTimeZone(s[B.timezone] ?? "");
    if (zone.ok) timezone = zone.value;
    else fail(B.timezone, scheduleProblemText(zone.problem, locale));
    const picked = ZCampaignAudience.safeParse({
      channels: s[B.channels] ?? [],
      users: s[B.users] ?? [],
      usergroup: null,
      mode: s[B.mode] ?? "channel",
    });
    if (!picked.success) fail(B.channels, t.unreadable);
    else if (picked.data.channels.length + picked.data.users.length === 0)
      fail(B.channels, t.audienceRequired);
    else audience = picked.data;
  }

  if (Object.keys(errors).length > 0 || !kind.success || !when || !touchpoint.success)
    return { ok: false, errors };
  return {
    ok: true,
    settings: {
      name: name ?? "",
      kind: kind.data,
      trigger: when,
      offsetsDays,
      everyDays,
      schedule,
      timezone,
      audience,
      touchpoint: touchpoint.data,
      question,
      anonymous: (s[B.anonymous] ?? []).includes("anonymous"),
    },
  };
}

// The contacts modal (`/cx contacts`): which customer it is about, and the people picked.

const ZContactsMetadata = z.object({ v: z.literal(1), customerId: z.uuid() });
const ZContactsState = z.object({
  [CONTACTS_BLOCK.users]: z
    .object({
      [I]: z.object({ selected_users: z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/)).nullish() }).optional(),
    })
    .optional(),
});

/** The customer the contacts modal is about; null when its metadata does not read. */
export function readContactsMetadata(raw: string): { customerId: string } | null {
  try {
    return ZContactsMetadata.safeParse(JSON.parse(raw)).data ?? null;
  } catch {
    return null;
  }
}

/** The people picked in the contacts modal, once each; null when the payload does not read. */
export function readContactsForm(values: unknown): string[] | null {
  const state = ZContactsState.safeParse(values);
  if (!state.success) return null;
  return [...new Set(state.data[CONTACTS_BLOCK.users]?.[I]?.selected_users ?? [])];
}
