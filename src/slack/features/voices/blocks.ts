import type { types } from "@slack/bolt";
import type { Locale } from "../../../domain/locale.js";
import { JOURNEY_STAGES } from "../../../domain/taxonomy.js";
import type { VoiceSource } from "../../../domain/voice-notes.js";
import { LOOKUP, VOICE } from "../../kit/ids.js";
import { MAX_NOTE_LENGTH, SENTIMENTS, VOICE_SOURCES, type VoiceMetadata } from "./form.js";
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

const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const option = (value: string, text: string, description?: string) => ({
  text: plain(text),
  value,
  ...(description ? { description: plain(description) } : {}),
});

export function voiceModal(m: VoiceModalModel): types.ModalView {
  const t = voicesTexts[m.locale];
  const metadata: VoiceMetadata = { v: 1, permalink: m.permalink };
  const sources = VOICE_SOURCES.map((s) => option(s, t.sources[s]));
  const initial = [...m.text].slice(0, MAX_NOTE_LENGTH).join("");
  const blocks: types.KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: t.intro } },
    ...(m.permalink
      ? [
          {
            type: "context" as const,
            elements: [{ type: "mrkdwn" as const, text: t.fromMessage(m.permalink) }],
          },
        ]
      : []),
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
