// action_id / callback_id / block_id values of the voices feature.

export const VOICE = {
  /** Global shortcut "Share a voice note". */
  shortcut: "voice_note_shortcut",
  /** Message shortcut "Save as feedback". */
  messageShortcut: "voice_note_from_message",
  /** The modal all three entry points open. */
  modal: "voice_note_modal",
  /** Button that opens the modal (App Home). */
  open: "voice_note_open",
  /** Triage buttons; their value is the note id. */
  markDiscussed: "voice_note_mark_discussed",
  markActioned: "voice_note_mark_actioned",
} as const;

/** Input blocks of the modal: errors are reported against these. */
export const VOICE_BLOCK = {
  source: "voice_source",
  text: "voice_text",
  stage: "voice_stage",
  subject: "voice_subject",
  sentiment: "voice_sentiment",
  anonymous: "voice_anonymous",
} as const;

/** action_ids inside those blocks (the subject uses the shared LOOKUP.subject). */
export const VOICE_INPUT = {
  source: "source",
  text: "text",
  stage: "stage",
  sentiment: "sentiment",
  anonymous: "anonymous",
} as const;
