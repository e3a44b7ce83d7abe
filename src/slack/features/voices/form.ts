import { z } from "zod";
import { JOURNEY_STAGES, type JourneyStage } from "../../../domain/taxonomy.js";
import type { Sentiment, VoiceSource } from "../../../domain/voice-notes.js";
import { LOOKUP } from "../../kit/ids.js";
import { parseSubject, type Subject } from "../lookup/index.js";
import { VOICE_BLOCK, VOICE_INPUT } from "./ids.js";

// Parsing what Slack sends back from the voice-note modal. Every field is checked on its own so
// that each problem is reported on its own block, in the person's language.

export const VOICE_SOURCES = ["employee", "partner", "customer"] as const satisfies readonly VoiceSource[];
export const SENTIMENTS = ["positive", "neutral", "negative"] as const satisfies readonly Sentiment[];
export const MAX_NOTE_LENGTH = 3000;

export interface VoiceForm {
  source: VoiceSource;
  text: string;
  stage: JourneyStage | null;
  subject: Subject | null;
  sentiment: Sentiment | null;
  anonymous: boolean;
}

export type FieldError =
  | { key: "textRequired" }
  | { key: "textNul" }
  | { key: "textTooLong"; length: number }
  | { key: "badSource" | "badStage" | "badSentiment" | "badSubject" | "badAnonymous" };

export type VoiceFormResult =
  | { ok: true; form: VoiceForm }
  | { ok: false; errors: Partial<Record<(typeof VOICE_BLOCK)[keyof typeof VOICE_BLOCK], FieldError>> };

/** What the modal carries between opening and submission. */
export const ZVoiceMetadata = z.object({
  v: z.literal(1),
  permalink: z
    .url({ protocol: /^https$/ })
    .max(500)
    .nullable(),
});
export type VoiceMetadata = z.infer<typeof ZVoiceMetadata>;

export function parseVoiceMetadata(raw: string): VoiceMetadata | null {
  try {
    const parsed = ZVoiceMetadata.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const ZSelected = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).loose();
const ZText = z.object({ value: z.string().nullish() }).loose();
const ZChecks = z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }).loose();

type Values = Record<string, Record<string, unknown> | undefined>;

const input = (values: Values, block: string, action: string): unknown => values[block]?.[action];

/** The chosen option's value, null when nothing was chosen, undefined when the shape is wrong. */
function selected(values: Values, block: string, action: string): string | null | undefined {
  const raw = input(values, block, action);
  if (raw === undefined) return null;
  const parsed = ZSelected.safeParse(raw);
  if (!parsed.success) return undefined;
  return parsed.data.selected_option?.value ?? null;
}

export function parseVoiceForm(rawValues: unknown): VoiceFormResult {
  const values: Values =
    z.record(z.string(), z.record(z.string(), z.unknown())).safeParse(rawValues).data ?? {};
  const errors: Extract<VoiceFormResult, { ok: false }>["errors"] = {};

  const text = ZText.safeParse(input(values, VOICE_BLOCK.text, VOICE_INPUT.text));
  const note = text.success ? (text.data.value ?? "").trim() : "";
  if (note === "") errors[VOICE_BLOCK.text] = { key: "textRequired" };
  // PostgreSQL cannot store U+0000: said here, on the field, not as a database failure.
  else if (note.includes("\u0000")) errors[VOICE_BLOCK.text] = { key: "textNul" };
  else if ([...note].length > MAX_NOTE_LENGTH)
    errors[VOICE_BLOCK.text] = { key: "textTooLong", length: [...note].length };

  // The source is preselected in the modal; a form without it is an employee's voice.
  const sourceValue = selected(values, VOICE_BLOCK.source, VOICE_INPUT.source);
  const source = z.enum(VOICE_SOURCES).safeParse(sourceValue === null ? "employee" : sourceValue);
  if (!source.success) errors[VOICE_BLOCK.source] = { key: "badSource" };

  const stageValue = selected(values, VOICE_BLOCK.stage, VOICE_INPUT.stage);
  const stage = z.enum(JOURNEY_STAGES).nullable().safeParse(stageValue);
  if (!stage.success) errors[VOICE_BLOCK.stage] = { key: "badStage" };

  const sentimentValue = selected(values, VOICE_BLOCK.sentiment, VOICE_INPUT.sentiment);
  const sentiment = z.enum(SENTIMENTS).nullable().safeParse(sentimentValue);
  if (!sentiment.success) errors[VOICE_BLOCK.sentiment] = { key: "badSentiment" };

  const subjectValue = selected(values, VOICE_BLOCK.subject, LOOKUP.subject);
  const subject = subjectValue === null ? null : parseSubject(subjectValue);
  if (subjectValue !== null && subject === null) errors[VOICE_BLOCK.subject] = { key: "badSubject" };

  const checks = ZChecks.safeParse(input(values, VOICE_BLOCK.anonymous, VOICE_INPUT.anonymous) ?? {});
  const ticked = checks.success ? (checks.data.selected_options ?? []).map((o) => o.value) : null;
  if (ticked === null || ticked.some((v) => v !== "anonymous")) {
    errors[VOICE_BLOCK.anonymous] = { key: "badAnonymous" };
  }

  if (Object.keys(errors).length > 0 || !source.success || !stage.success || !sentiment.success) {
    return { ok: false, errors };
  }
  return {
    ok: true,
    form: {
      source: source.data,
      text: note,
      stage: stage.data,
      subject,
      sentiment: sentiment.data,
      anonymous: (ticked ?? []).includes("anonymous"),
    },
  };
}
