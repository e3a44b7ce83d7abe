// Every action_id / callback_id shared between features, written once. Feature-local ids live
// in the feature's own ids.ts.

/** External selects backed by the lookup feature (block_suggestion). */
export const LOOKUP = {
  customer: "lookup_customer",
  segment: "lookup_segment",
  /** Segments and customers in one select: values "segment:<id>" / "customer:<id>". */
  subject: "lookup_subject",
} as const;

// Voice ids live here, not in voices/: Home shows the buttons, voices republishes Home; no circle.
/** The voices feature: its shortcuts, modal and buttons. */
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
