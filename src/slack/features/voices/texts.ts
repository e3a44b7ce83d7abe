import type { Locale } from "../../../domain/locale.js";
import { voiceNoteLabels } from "../../kit/voice-note-texts.js";

const en = {
  modalTitle: "Voice note",
  submit: "Save",
  close: "Cancel",
  intro:
    "What did you hear or notice? Notes from employees, partners and customers feed the themes the leadership meeting reads.",
  fromMessage: (permalink: string) => `From <${permalink}|this message>.`,
  sourceLabel: "Whose voice is it?",
  sources: voiceNoteLabels.en.sources,
  textLabel: "The note",
  textPlaceholder: "What happened, what was said, what should change…",
  stageLabel: "Journey stage",
  stagePlaceholder: "Where in the journey?",
  stages: voiceNoteLabels.en.stages,
  subjectLabel: "Customer or segment",
  subjectPlaceholder: "Search customers and segments",
  sentimentLabel: "Sentiment",
  sentiments: voiceNoteLabels.en.sentiments,
  anonymousLabel: "Anonymous",
  anonymousOption: "Share it anonymously",
  anonymousHint: "Your name is not stored with the note, so you will not be told when it is actioned.",
  errors: {
    textRequired: "Please write the note.",
    textNul: "The note contains a NUL character, which cannot be stored. Please remove it.",
    textTooLong: (n: number, max: number) => `Please keep it to ${max} characters (it has ${n}).`,
    badSource: "Choose employee, partner or customer.",
    badStage: "Choose a stage from the list.",
    badSentiment: "Choose positive, neutral or negative.",
    badSubject: "Choose a customer or segment from the list.",
    unknownSubject: "That customer or segment no longer exists here. Choose another one.",
    badAnonymous: "Tick the box or leave it empty.",
  },
  confirm: (excerpt: string) =>
    `✅ Thanks — your note was saved: “${excerpt}”. You will hear from me when an executive acts on it.`,
  confirmAnonymous: (excerpt: string) =>
    `✅ Thanks — your note was saved anonymously: “${excerpt}”. Your name is not stored with it, so I cannot tell you when it is actioned.`,
  actionedDm: (excerpt: string, exec: string) =>
    `🎉 Your note “${excerpt}” was actioned by <@${exec}>. Thank you for speaking up.`,
  marked: (status: string) => `Done: the note is now *${status}*.`,
  noteNotFound: "I can't find that note any more; nothing was changed.",
  alreadyStatus: (status: string) => `That note is already *${status}*; nothing was changed.`,
  badButton: "That button is not valid any more; nothing was changed.",
  statuses: voiceNoteLabels.en.statuses,
};

const es: typeof en = {
  modalTitle: "Nota de voz",
  submit: "Guardar",
  close: "Cancelar",
  intro:
    "¿Qué has oído o notado? Las notas de empleados, socios y clientes alimentan los temas que lee la reunión de dirección.",
  fromMessage: (permalink) => `Desde <${permalink}|este mensaje>.`,
  sourceLabel: "¿De quién es la voz?",
  sources: voiceNoteLabels.es.sources,
  textLabel: "La nota",
  textPlaceholder: "Qué pasó, qué se dijo, qué debería cambiar…",
  stageLabel: "Etapa del recorrido",
  stagePlaceholder: "¿En qué punto del recorrido?",
  stages: voiceNoteLabels.es.stages,
  subjectLabel: "Cliente o segmento",
  subjectPlaceholder: "Busca clientes y segmentos",
  sentimentLabel: "Sentimiento",
  sentiments: voiceNoteLabels.es.sentiments,
  anonymousLabel: "Anónima",
  anonymousOption: "Compartirla de forma anónima",
  anonymousHint: "Tu nombre no se guarda con la nota, así que no te avisaré cuando se actúe sobre ella.",
  errors: {
    textRequired: "Escribe la nota, por favor.",
    textNul: "La nota contiene un carácter NUL, que no se puede guardar. Quítalo, por favor.",
    textTooLong: (n, max) => `Como mucho ${max} caracteres, por favor (tiene ${n}).`,
    badSource: "Elige empleado, socio o cliente.",
    badStage: "Elige una etapa de la lista.",
    badSentiment: "Elige positivo, neutro o negativo.",
    badSubject: "Elige un cliente o segmento de la lista.",
    unknownSubject: "Ese cliente o segmento ya no existe aquí. Elige otro.",
    badAnonymous: "Marca la casilla o déjala vacía.",
  },
  confirm: (excerpt) =>
    `✅ Gracias: tu nota se ha guardado: «${excerpt}». Te avisaré cuando la dirección actúe sobre ella.`,
  confirmAnonymous: (excerpt) =>
    `✅ Gracias: tu nota se ha guardado de forma anónima: «${excerpt}». Tu nombre no se guarda con ella, así que no podré avisarte cuando se actúe.`,
  actionedDm: (excerpt, exec) =>
    `🎉 <@${exec}> ha actuado sobre tu nota «${excerpt}». Gracias por alzar la voz.`,
  marked: (status) => `Hecho: la nota está ahora *${status}*.`,
  noteNotFound: "Ya no encuentro esa nota; no se ha cambiado nada.",
  alreadyStatus: (status) => `Esa nota ya está *${status}*; no se ha cambiado nada.`,
  badButton: "Ese botón ya no es válido; no se ha cambiado nada.",
  statuses: voiceNoteLabels.es.statuses,
};

export const voicesTexts: Record<Locale, typeof en> = { en, es };
