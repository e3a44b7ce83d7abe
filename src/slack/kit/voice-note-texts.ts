import type { Locale } from "../../domain/locale.js";
import type { JourneyStage } from "../../domain/taxonomy.js";
import type { NoteStatus, Sentiment, VoiceSource } from "../../domain/voice-notes.js";

// How a voice note is described (its source, stage, sentiment, status) and quoted: the voices feature
// and the Home tab both show notes, and Home must not import voices (voices republishes Home).

const en = {
  sources: {
    employee: "Employee (VoE)",
    partner: "Partner (VoP)",
    customer: "Customer (VoC)",
  } satisfies Record<VoiceSource, string>,
  stages: {
    marketing: "Marketing",
    sales: "Sales",
    onboarding: "Onboarding",
    product: "Product",
    service: "Service",
    billing: "Billing",
  } satisfies Record<JourneyStage, string>,
  sentiments: {
    positive: "🙂 Positive",
    neutral: "😐 Neutral",
    negative: "🙁 Negative",
  } satisfies Record<Sentiment, string>,
  statuses: {
    open: "open",
    discussed: "discussed",
    actioned: "actioned",
    archived: "archived",
  } satisfies Record<NoteStatus, string>,
};

const es: typeof en = {
  sources: {
    employee: "Empleado (VoE)",
    partner: "Socio (VoP)",
    customer: "Cliente (VoC)",
  },
  stages: {
    marketing: "Marketing",
    sales: "Ventas",
    onboarding: "Incorporación",
    product: "Producto",
    service: "Servicio",
    billing: "Facturación",
  },
  sentiments: {
    positive: "🙂 Positivo",
    neutral: "😐 Neutro",
    negative: "🙁 Negativo",
  },
  statuses: {
    open: "abierta",
    discussed: "comentada",
    actioned: "resuelta",
    archived: "archivada",
  },
};

export const voiceNoteLabels: Record<Locale, typeof en> = { en, es };

/** The first words of a note, for confirmations and lists. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
