import type { Locale } from "./locale.js";
import type { SurveyKind } from "./scores.js";

// What a survey asks by default, and the moments it can be tied to. Pure data, so the modal,
// the messages and the tests agree on the same wording.

/** "Moments of truth": when in the customer's life the question is asked. */
export const TOUCHPOINTS = ["onboarding", "support", "renewal", "product", "relationship"] as const;
export type Touchpoint = (typeof TOUCHPOINTS)[number];

/** NPS is a relationship metric; CSAT follows a product or interaction; CES follows support. */
export const DEFAULT_TOUCHPOINT: Record<SurveyKind, Touchpoint> = {
  nps: "relationship",
  csat: "product",
  ces: "support",
};

export const QUESTION_LENGTH = { min: 5, max: 300 } as const;

const DEFAULT_QUESTIONS: Record<SurveyKind, Record<Locale, string>> = {
  nps: {
    en: "How likely are you to recommend us to a friend or colleague?",
    es: "¿Qué probabilidad hay de que nos recomiendes a un amigo o colega?",
  },
  csat: {
    en: "How satisfied are you with our service?",
    es: "¿Cuál es tu grado de satisfacción con nuestro servicio?",
  },
  ces: {
    en: "How easy was it to get what you needed from us?",
    es: "¿Qué tan fácil te resultó conseguir lo que necesitabas de nosotros?",
  },
};

export function defaultQuestion(kind: SurveyKind, locale: Locale): string {
  return DEFAULT_QUESTIONS[kind][locale];
}

/**
 * The question as a reader should see it: a sender who kept the default wording gets it in each
 * reader's language; a question the sender wrote is shown as written.
 */
export function questionFor(stored: string, kind: SurveyKind, locale: Locale): string {
  const isDefault = Object.values(DEFAULT_QUESTIONS[kind]).includes(stored.trim());
  return isDefault ? defaultQuestion(kind, locale) : stored;
}
