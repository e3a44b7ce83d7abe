import type { AlertStatus } from "../../../domain/closing-the-loop.js";
import type { Locale } from "../../../domain/locale.js";
import type { SurveyKind } from "../../../domain/scores.js";
import type { Touchpoint } from "../../../domain/survey-questions.js";

const KIND = { nps: "NPS", csat: "CSAT", ces: "CES" } satisfies Record<SurveyKind, string>;

const en = {
  kindName: KIND,
  usage:
    "Usage: `/cx survey nps|csat|ces` — *NPS* (0–10, the overall relationship), *CSAT* (1–5, right after a product or interaction), *CES* (1–7, how easy it was, usually after support).",
  // Send modal
  modalTitle: (kind: SurveyKind) => `Send a ${KIND[kind]} survey`,
  send: "Send",
  cancel: "Cancel",
  intro: {
    nps: "*NPS* asks how likely people are to recommend you (0–10): a relationship metric. Promoters are 9–10, detractors 0–6.",
    csat: "*CSAT* asks how satisfied people are (1–5), right after a product experience or an interaction.",
    ces: "*CES* asks how easy it was (1–7), usually right after support. Effort predicts who leaves.",
  } satisfies Record<SurveyKind, string>,
  audienceHint:
    "Who should be asked? Choose channels, people, a user group, or several. Nobody is asked the same kind of survey twice within the throttling window.",
  channelsLabel: "Channels",
  channelsPlaceholder: "Choose channels",
  usersLabel: "People",
  usersPlaceholder: "Choose people",
  usergroupLabel: "User group",
  usergroupPlaceholder: "Choose a user group",
  modeLabel: "In the channels",
  modes: {
    channel: "Post the survey once in each channel",
    dm: "Send a direct message to each member",
  },
  modeHint: "People and user groups always get a direct message.",
  touchpointLabel: "Moment of truth",
  touchpoints: {
    onboarding: "Onboarding",
    support: "Support",
    renewal: "Renewal",
    product: "Product",
    relationship: "Relationship",
  } satisfies Record<Touchpoint, string>,
  subjectLabel: "Customer or segment it concerns",
  subjectPlaceholder: "Search customers and segments",
  subjectHint: "Answers count for this segment; a detractor about a customer alerts the customer's owner.",
  anonymousLabel: "Anonymous",
  anonymousOption: "Don't store who answered",
  anonymousHint:
    "Anonymous surveys are always sent as direct messages, and answers are stored without any Slack identity.",
  questionLabel: "Question",
  errors: {
    noAudience: "Choose at least one channel, person or user group.",
    questionTooShort: (min: number) => `Please write a question of at least ${min} characters.`,
    questionTooLong: (max: number, n: number) =>
      `Please keep the question to ${max} characters (it has ${n}).`,
    badChannels: "Choose channels from the list.",
    badUsers: "Choose people from the list.",
    badUsergroup: "Choose a user group from the list.",
    badMode: "Choose how to ask the channels.",
    badTouchpoint: "Choose a moment of truth from the list.",
    badSubject: "Choose a customer or segment from the list.",
    unknownSubject: "That customer or segment no longer exists here. Choose another one.",
    badAnonymous: "Tick the box or leave it empty.",
  },
  // Report to the sender
  report: {
    title: (kind: SurveyKind, question: string) => `📋 Your *${KIND[kind]}* survey “${question}”`,
    sent: (n: number) =>
      n === 0 ? "was not sent to anyone." : `was sent to *${n}* ${n === 1 ? "recipient" : "recipients"}.`,
    throttledHeader: (days: number) =>
      `*Skipped — asked recently* (nobody gets the same kind of survey more than once every ${days} days):`,
    throttledLine: (who: string, date: string) => `• ${who} — last asked on ${date}`,
    failedHeader: "*Not delivered:*",
    failedLine: (who: string, error: string) => `• ${who} — Slack said \`${error}\``,
    anonymous: "Answers are anonymous: you will see scores and comments, never who gave them.",
  },
  sendFailed:
    "⚠️ Your survey was saved but sending stopped part-way because of an error. Recipients listed as sent did get it; please tell an admin.",
  // The survey message
  header: (kind: SurveyKind) => `📋 ${KIND[kind]} · one click to answer`,
  scale: {
    nps: { low: "Not at all likely", high: "Extremely likely" },
    csat: { low: "Very dissatisfied", high: "Very satisfied" },
    ces: { low: "Very difficult", high: "Very easy" },
  } satisfies Record<SurveyKind, { low: string; high: string }>,
  anonymousNote: "🔒 This survey is anonymous: your answer is stored without your name or Slack ID.",
  thanks: (score: number) => `✅ Thanks! Your answer: *${score}*. Click another number to change it.`,
  thanksChannel: (score: number) =>
    `✅ Thanks! Your answer: *${score}*. To change it, click another number in the survey.`,
  tellUsWhy: "Tell us why",
  invalidAnswer:
    "⚠️ That answer is not valid (the button does not belong to this survey or was altered). Nothing was saved.",
  unknownSurvey: "⚠️ I can't find that survey any more. Nothing was saved.",
  closedSurvey: "This survey is closed. Nothing was saved.",
  // Comment modal
  whyTitle: "Tell us why",
  whyLabel: (score: number) => `What is the main reason for your score of ${score}?`,
  whyPlaceholder: "A sentence or two is plenty.",
  whyAnonymousHint:
    "Your comment is stored with your anonymous answer, without your name. Leave out details that would identify you.",
  whyThanks: "✅ Thanks — your comment was saved. It goes straight to the people who can act on it.",
  ok: "OK",
  commentErrors: {
    required: "Please write your comment.",
    tooLong: (max: number, n: number) => `Please keep it to ${max} characters (it has ${n}).`,
    noAnswer: "I can't find your answer to this survey; nothing was saved. Click a score first.",
  },
  // Alerts
  alert: {
    title: (kind: SurveyKind, score: number, customer: string) => `⚠️ ${KIND[kind]} ${score} from ${customer}`,
    meaning: {
      nps: "a detractor (0–6)",
      csat: "dissatisfied (1–2)",
      ces: "a hard experience",
    } satisfies Record<SurveyKind, string>,
    score: "Score",
    customer: "Customer",
    segment: "Segment",
    touchpoint: "Moment",
    question: "Question",
    who: "Who",
    anonymous: "Anonymous",
    why: "Why",
    noComment: "_no comment yet_",
    toSender:
      "Nobody owns this customer in RightToGrow and no alert channel is set, so this comes to you, who sent the survey.",
    open: "Open — close the loop: reach out to the customer, then mark it actioned.",
    acknowledged: (who: string, date: string) => `👀 Acknowledged by <@${who}> on ${date}.`,
    actioned: (who: string, date: string) => `✅ Actioned by <@${who}> on ${date}.`,
    acknowledge: "Acknowledge",
    markActioned: "Mark actioned",
    statuses: { open: "open", acknowledged: "acknowledged", actioned: "actioned" } satisfies Record<
      AlertStatus,
      string
    >,
    already: (status: string) => `That alert is already *${status}*; nothing was changed.`,
    notFound: "I can't find that alert any more; nothing was changed.",
    badButton: "That button is not valid any more; nothing was changed.",
  },
};

const es: typeof en = {
  kindName: KIND,
  usage:
    "Uso: `/cx survey nps|csat|ces` — *NPS* (0–10, la relación global), *CSAT* (1–5, justo después de un producto o una interacción), *CES* (1–7, lo fácil que resultó, normalmente tras soporte).",
  modalTitle: (kind) => `Enviar encuesta ${KIND[kind]}`,
  send: "Enviar",
  cancel: "Cancelar",
  intro: {
    nps: "*NPS* pregunta con qué probabilidad nos recomendarían (0–10): mide la relación. Promotores 9–10, detractores 0–6.",
    csat: "*CSAT* pregunta el grado de satisfacción (1–5), justo después de usar un producto o de una interacción.",
    ces: "*CES* pregunta lo fácil que resultó (1–7), normalmente tras soporte. El esfuerzo predice quién se va.",
  },
  audienceHint:
    "¿A quién preguntamos? Elige canales, personas, un grupo de usuarios o varios. Nadie recibe el mismo tipo de encuesta dos veces dentro del periodo de descanso.",
  channelsLabel: "Canales",
  channelsPlaceholder: "Elige canales",
  usersLabel: "Personas",
  usersPlaceholder: "Elige personas",
  usergroupLabel: "Grupo de usuarios",
  usergroupPlaceholder: "Elige un grupo de usuarios",
  modeLabel: "En los canales",
  modes: {
    channel: "Publicar la encuesta una vez en cada canal",
    dm: "Enviar un mensaje directo a cada miembro",
  },
  modeHint: "Las personas y los grupos de usuarios siempre reciben un mensaje directo.",
  touchpointLabel: "Momento de la verdad",
  touchpoints: {
    onboarding: "Incorporación",
    support: "Soporte",
    renewal: "Renovación",
    product: "Producto",
    relationship: "Relación",
  },
  subjectLabel: "Cliente o segmento al que se refiere",
  subjectPlaceholder: "Busca clientes y segmentos",
  subjectHint:
    "Las respuestas cuentan para este segmento; un detractor sobre un cliente avisa al responsable del cliente.",
  anonymousLabel: "Anónima",
  anonymousOption: "No guardar quién respondió",
  anonymousHint:
    "Las encuestas anónimas siempre se envían por mensaje directo y las respuestas se guardan sin ninguna identidad de Slack.",
  questionLabel: "Pregunta",
  errors: {
    noAudience: "Elige al menos un canal, una persona o un grupo de usuarios.",
    questionTooShort: (min) => `Escribe una pregunta de al menos ${min} caracteres.`,
    questionTooLong: (max, n) => `La pregunta puede tener como máximo ${max} caracteres (tiene ${n}).`,
    badChannels: "Elige canales de la lista.",
    badUsers: "Elige personas de la lista.",
    badUsergroup: "Elige un grupo de usuarios de la lista.",
    badMode: "Elige cómo preguntar en los canales.",
    badTouchpoint: "Elige un momento de la verdad de la lista.",
    badSubject: "Elige un cliente o segmento de la lista.",
    unknownSubject: "Ese cliente o segmento ya no existe aquí. Elige otro.",
    badAnonymous: "Marca la casilla o déjala vacía.",
  },
  report: {
    title: (kind, question) => `📋 Tu encuesta *${KIND[kind]}* «${question}»`,
    sent: (n) =>
      n === 0
        ? "no se ha enviado a nadie."
        : `se ha enviado a *${n}* ${n === 1 ? "destinatario" : "destinatarios"}.`,
    throttledHeader: (days) =>
      `*Omitidos: se les preguntó hace poco* (nadie recibe el mismo tipo de encuesta más de una vez cada ${days} días):`,
    throttledLine: (who, date) => `• ${who} — última vez el ${date}`,
    failedHeader: "*No entregados:*",
    failedLine: (who, error) => `• ${who} — Slack respondió \`${error}\``,
    anonymous: "Las respuestas son anónimas: verás puntuaciones y comentarios, nunca quién los dio.",
  },
  sendFailed:
    "⚠️ Tu encuesta se guardó, pero el envío se detuvo a medias por un error. Quienes aparecen como enviados sí la recibieron; avisa a un administrador.",
  header: (kind) => `📋 ${KIND[kind]} · responde con un clic`,
  scale: {
    nps: { low: "Nada probable", high: "Muy probable" },
    csat: { low: "Muy insatisfecho", high: "Muy satisfecho" },
    ces: { low: "Muy difícil", high: "Muy fácil" },
  },
  anonymousNote: "🔒 Esta encuesta es anónima: tu respuesta se guarda sin tu nombre ni tu ID de Slack.",
  thanks: (score) => `✅ ¡Gracias! Tu respuesta: *${score}*. Pulsa otro número para cambiarla.`,
  thanksChannel: (score) =>
    `✅ ¡Gracias! Tu respuesta: *${score}*. Para cambiarla, pulsa otro número en la encuesta.`,
  tellUsWhy: "Cuéntanos por qué",
  invalidAnswer:
    "⚠️ Esa respuesta no es válida (el botón no pertenece a esta encuesta o ha sido alterado). No se ha guardado nada.",
  unknownSurvey: "⚠️ Ya no encuentro esa encuesta. No se ha guardado nada.",
  closedSurvey: "Esta encuesta está cerrada. No se ha guardado nada.",
  whyTitle: "Cuéntanos por qué",
  whyLabel: (score) => `¿Cuál es el motivo principal de tu puntuación de ${score}?`,
  whyPlaceholder: "Con una o dos frases basta.",
  whyAnonymousHint:
    "Tu comentario se guarda con tu respuesta anónima, sin tu nombre. Evita detalles que te identifiquen.",
  whyThanks: "✅ Gracias: tu comentario se ha guardado. Llega directamente a quienes pueden actuar.",
  ok: "OK",
  commentErrors: {
    required: "Escribe tu comentario.",
    tooLong: (max, n) => `Puede tener como máximo ${max} caracteres (tiene ${n}).`,
    noAnswer:
      "No encuentro tu respuesta a esta encuesta; no se ha guardado nada. Pulsa primero una puntuación.",
  },
  alert: {
    title: (kind, score, customer) => `⚠️ ${KIND[kind]} ${score} de ${customer}`,
    meaning: {
      nps: "un detractor (0–6)",
      csat: "insatisfecho (1–2)",
      ces: "una experiencia difícil",
    },
    score: "Puntuación",
    customer: "Cliente",
    segment: "Segmento",
    touchpoint: "Momento",
    question: "Pregunta",
    who: "Quién",
    anonymous: "Anónimo",
    why: "Por qué",
    noComment: "_todavía sin comentario_",
    toSender:
      "Nadie es responsable de este cliente en RightToGrow y no hay canal de alertas configurado, así que te llega a ti, que enviaste la encuesta.",
    open: "Abierta — cierra el ciclo: contacta con el cliente y después márcala como resuelta.",
    acknowledged: (who, date) => `👀 Recibida por <@${who}> el ${date}.`,
    actioned: (who, date) => `✅ Resuelta por <@${who}> el ${date}.`,
    acknowledge: "Recibido",
    markActioned: "Marcar como resuelta",
    statuses: { open: "abierta", acknowledged: "recibida", actioned: "resuelta" },
    already: (status) => `Esa alerta ya está *${status}*; no se ha cambiado nada.`,
    notFound: "Ya no encuentro esa alerta; no se ha cambiado nada.",
    badButton: "Ese botón ya no es válido; no se ha cambiado nada.",
  },
};

export const surveyTexts: Record<Locale, typeof en> = { en, es };
export type SurveyTexts = typeof en;
