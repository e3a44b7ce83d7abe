import type { Locale } from "../../../domain/locale.js";
import { JOURNEY_STAGES } from "../../../domain/taxonomy.js";
import type { VoiceSource } from "../../../domain/voice-notes.js";
import type { TriageResult } from "../../../services/triage-voice-note.js";
import { context, type KnownBlock, type ModalView, option, plain, section } from "../../kit/blocks.js";
import { LOOKUP, VOICE } from "../../kit/ids.js";
import { excerpt } from "../../kit/voice-note-texts.js";
import {
  type FieldError,
  MAX_NOTE_LENGTH,
  SENTIMENTS,
  VOICE_SOURCES,
  type VoiceForm,
  type VoiceFormResult,
  type VoiceMetadata,
} from "./form.js";
import { VOICE_BLOCK, VOICE_INPUT } from "./ids.js";
import { voicesTexts } from "./texts.js";

// The voice-note modal, the same for the global shortcut, the message shortcut, /cx voe and the
// App Home button. Pure: a view model in, a view out.

export interface VoiceModalModel {
  locale: Locale;
  source: VoiceSource;
  /** Prefilled text (the message a message shortcut was used on), cut to the limit. */
  text: string;
  permalink: string | null;
}

export function voiceModal(m: VoiceModalModel): ModalView {
  const t = voicesTexts[m.locale];
  const metadata: VoiceMetadata = { v: 1, permalink: m.permalink };
  const sources = VOICE_SOURCES.map((s) => option(s, t.sources[s]));
  const initial = [...m.text].slice(0, MAX_NOTE_LENGTH).join("");
  const blocks: KnownBlock[] = [
    section(t.intro),
    ...(m.permalink ? [context(t.fromMessage(m.permalink))] : []),
    {
      type: "input",
      block_id: VOICE_BLOCK.source,
      label: plain(t.sourceLabel),
      element: {
        type: "static_select",
        action_id: VOICE_INPUT.source,
        options: sources,
        initial_option: sources.find((o) => o.value === m.source),
      },
    },
    {
      type: "input",
      block_id: VOICE_BLOCK.text,
      label: plain(t.textLabel),
      element: {
        type: "plain_text_input",
        action_id: VOICE_INPUT.text,
        multiline: true,
        max_length: MAX_NOTE_LENGTH,
        placeholder: plain(t.textPlaceholder),
        ...(initial ? { initial_value: initial } : {}),
      },
    },
    {
      type: "input",
      block_id: VOICE_BLOCK.stage,
      optional: true,
      label: plain(t.stageLabel),
      element: {
        type: "static_select",
        action_id: VOICE_INPUT.stage,
        placeholder: plain(t.stagePlaceholder),
        options: JOURNEY_STAGES.map((s) => option(s, t.stages[s])),
      },
    },
    {
      type: "input",
      block_id: VOICE_BLOCK.subject,
      optional: true,
      label: plain(t.subjectLabel),
      element: {
        type: "external_select",
        action_id: LOOKUP.subject,
        placeholder: plain(t.subjectPlaceholder),
        min_query_length: 0,
      },
    },
    {
      type: "input",
      block_id: VOICE_BLOCK.sentiment,
      optional: true,
      label: plain(t.sentimentLabel),
      element: {
        type: "radio_buttons",
        action_id: VOICE_INPUT.sentiment,
        options: SENTIMENTS.map((s) => option(s, t.sentiments[s])),
      },
    },
    {
      type: "input",
      block_id: VOICE_BLOCK.anonymous,
      optional: true,
      label: plain(t.anonymousLabel),
      element: {
        type: "checkboxes",
        action_id: VOICE_INPUT.anonymous,
        options: [option("anonymous", t.anonymousOption, t.anonymousHint)],
      },
    },
  ];
  return {
    type: "modal",
    callback_id: VOICE.modal,
    title: plain(t.modalTitle),
    submit: plain(t.submit),
    close: plain(t.close),
    private_metadata: JSON.stringify(metadata),
    blocks,
  };
}

type FormErrors = Extract<VoiceFormResult, { ok: false }>["errors"];

/** The form's problems, each on its block, in the person's language. */
export function voiceFormErrors(errors: FormErrors, locale: Locale): Record<string, string> {
  const t = voicesTexts[locale];
  const text = (e: FieldError) =>
    e.key === "textTooLong" ? t.errors.textTooLong(e.length, MAX_NOTE_LENGTH) : t.errors[e.key];
  return Object.fromEntries(Object.entries(errors).map(([block, e]) => [block, text(e as FieldError)]));
}

/** The subject chosen in the modal was removed meanwhile. */
export const subjectGoneErrors = (locale: Locale): Record<string, string> => ({
  [VOICE_BLOCK.subject]: voicesTexts[locale].errors.unknownSubject,
});

/** The DM that confirms a saved note to its author. */
export function voiceConfirmation(form: VoiceForm, locale: Locale): string {
  const t = voicesTexts[locale];
  const short = excerpt(form.text);
  return form.anonymous ? t.confirmAnonymous(short) : t.confirm(short);
}

/** The executive's private answer to a triage click. */
export function triageReply(result: TriageResult, locale: Locale): string {
  const t = voicesTexts[locale];
  if (result.status === "not_found") return t.noteNotFound;
  if (result.status === "unchanged") return t.alreadyStatus(t.statuses[result.current]);
  return t.marked(t.statuses[result.to]);
}

/** The DM telling a note's author, in their language, that an executive actioned it. */
export const actionedDm = (text: string, exec: string, locale: Locale): string =>
  voicesTexts[locale].actionedDm(excerpt(text), exec);
