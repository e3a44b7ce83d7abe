import type { Locale } from "../../domain/locale.js";

// Texts shared by every Slack feature. Features keep their own texts next to their code.

const en = {
  notAllowed: (what: string, role: string) =>
    `Sorry, ${what} needs the ${role} role. Ask an admin of RightToGrow if you should have it.`,
  notSaved:
    "⚠️ That was *not saved*: the database did not answer. Please try again in a minute; nothing was recorded.",
  somethingWrong:
    "⚠️ Something went wrong and nothing was changed. Please try again; if it persists, tell an admin.",
  unknownCommand: (word: string, suggestion: string | null) =>
    `I don't know \`/cx ${word}\`.${suggestion ? ` Did you mean \`/cx ${suggestion}\`?` : ""}`,
  expired: "This form is out of date (it was opened before a change). Please open it again.",
  staleButton:
    "This button belongs to an older version of RightToGrow and does nothing now. Run `/cx help` to start again.",
  roleNames: { employee: "employee", manager: "manager", executive: "executive", admin: "admin" },
  actions: {
    "voice.submit": "sharing a voice note",
    "survey.answer": "answering a survey",
    "survey.send": "sending a survey",
    "ledger.write": "recording customers won or lost",
    "stats.view": "segment stats",
    "digest.view": "the leadership digest",
    "digest.followup": "following up on the digest",
    "note.triage": "triaging notes",
    "alert.handle": "handling alerts",
    "customer.assign": "setting a customer's owner",
    "admin.configure": "configuring RightToGrow",
    "data.export": "exporting the ledger and answers",
    "data.forget": "forgetting a person's data",
  },
};

const es: typeof en = {
  notAllowed: (what, role) =>
    `Lo siento, ${what} requiere el rol de ${role}. Pide a un administrador de RightToGrow que te lo asigne si corresponde.`,
  notSaved:
    "⚠️ Eso *no se ha guardado*: la base de datos no responde. Inténtalo de nuevo en un minuto; no se ha registrado nada.",
  somethingWrong:
    "⚠️ Algo ha fallado y no se ha cambiado nada. Inténtalo de nuevo; si persiste, avisa a un administrador.",
  unknownCommand: (word, suggestion) =>
    `No conozco \`/cx ${word}\`.${suggestion ? ` ¿Querías decir \`/cx ${suggestion}\`?` : ""}`,
  expired: "Este formulario está desactualizado (se abrió antes de un cambio). Vuelve a abrirlo, por favor.",
  staleButton:
    "Este botón es de una versión anterior de RightToGrow y ya no hace nada. Escribe `/cx help` para empezar de nuevo.",
  roleNames: { employee: "empleado", manager: "responsable", executive: "directivo", admin: "administrador" },
  actions: {
    "voice.submit": "compartir una nota de voz",
    "survey.answer": "responder una encuesta",
    "survey.send": "enviar una encuesta",
    "ledger.write": "registrar clientes ganados o perdidos",
    "stats.view": "las cifras por segmento",
    "digest.view": "el resumen de dirección",
    "digest.followup": "hacer seguimiento del resumen",
    "note.triage": "gestionar notas",
    "alert.handle": "gestionar alertas",
    "customer.assign": "asignar el responsable de un cliente",
    "admin.configure": "configurar RightToGrow",
    "data.export": "exportar el registro de clientes y las respuestas",
    "data.forget": "olvidar los datos de una persona",
  },
};

export const commonTexts: Record<Locale, typeof en> = { en, es };
