// action_id / callback_id / block_id values of the voices feature.

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
