// What a voice note is about: whose voice it carries (VoE / VoP / VoC), how it sounds, and how
// far triage has taken it.

export type VoiceSource = "employee" | "partner" | "customer";
export type Sentiment = "positive" | "neutral" | "negative";
export type NoteStatus = "open" | "discussed" | "actioned" | "archived";
