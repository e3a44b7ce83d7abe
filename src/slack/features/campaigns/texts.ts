import type { CampaignTrigger } from "../../../domain/campaign-triggers.js";
import type { Locale } from "../../../domain/locale.js";
import type { SurveyKind } from "../../../domain/scores.js";
import type { Touchpoint } from "../../../domain/survey-questions.js";

const en = {
  listTitle:
    "*Survey campaigns* — moments of truth: RightToGrow sends these surveys by itself, sparing anyone asked lately (fatigue throttling).",
  empty: "No campaigns yet. Add one, for example check-ins 30, 60 and 90 days after a customer is gained.",
  more: (n: number) => `…and ${n} more.`,
  buttons: { add: "Add a campaign", pause: "Pause", resume: "Resume", remove: "Remove" },
  confirmRemove: {
    title: "Remove this campaign?",
    text: (name: string) => `“${name}” stops sending surveys. Answers already given are kept.`,
    confirm: "Remove",
    deny: "Keep it",
  },
  kinds: { nps: "NPS", csat: "CSAT", ces: "CES" } satisfies Record<SurveyKind, string>,
  triggers: {
    after_gained: "After a customer is gained",
    relationship: "Relationship, every N days per contact",
    recurring: "Recurring, on a schedule",
  } satisfies Record<CampaignTrigger, string>,
  touchpoints: {
    onboarding: "Onboarding",
    support: "Support",
    renewal: "Renewal",
    product: "Product",
    relationship: "Relationship",
  } satisfies Record<Touchpoint, string>,
  describe: {
    afterGained: (days: string) => `to the customer's contacts ${days} days after it is gained`,
    relationship: (n: number) => `to every customer contact every ${n} days`,
    recurring: (cron: string, zone: string, who: string) => `\`${cron}\` (${zone}) to ${who}`,
    nobody: "nobody",
    anonymous: "anonymous",
    paused: "⏸️ paused",
  },
  notices: {
    added: (name: string) => `✅ Added *${name}*.`,
    paused: (name: string) => `⏸️ Paused *${name}*: it sends nothing until resumed.`,
    resumed: (name: string) => `▶️ Resumed *${name}*.`,
    alreadyPaused: (name: string) => `*${name}* was already paused.`,
    alreadyActive: (name: string) => `*${name}* was already active.`,
    removed: (name: string) => `🗑️ Removed *${name}*.`,
    gone: "That campaign no longer exists (someone removed it).",
  },
  modal: {
    title: "Add a campaign",
    submit: "Save",
    close: "Cancel",
    intro:
      "A campaign sends a survey at a moment of truth. Fill in the fields of the trigger you choose; the others are ignored.",
    name: "Name",
    namePlaceholder: "Onboarding check-ins",
    kind: "Survey",
    trigger: "When",
    offsets: "Days after the gain (after a customer is gained)",
    offsetsHint: "Comma-separated, for example 30, 60, 90. Sent to the customer's contacts (/cx contacts).",
    every: "Every how many days (relationship)",
    everyHint: "Each contact is asked once per period, on a day of their own, so not everybody at once.",
    schedule: "Schedule (recurring)",
    scheduleHint: "Cron, for example 0 10 * * 1 (Mondays at 10:00).",
    timezone: "Time zone (recurring)",
    channels: "Channels (recurring)",
    users: "People (recurring)",
    mode: "Channels get (recurring)",
    modes: { channel: "one message in the channel", dm: "a DM to each member" },
    touchpoint: "Touchpoint",
    question: "Question",
    questionHint: "Leave empty for the standard question, in each person's language.",
    anonymous: "Anonymous answers",
    anonymousOption: "Do not store who answered",
  },
  errors: {
    unreadable: "This field could not be read. Please choose again.",
    nameRequired: "Give the campaign a name.",
    nameTooLong: (max: number) => `At most ${max} characters.`,
    duplicateName: (name: string) => `There is already a campaign called “${name}”.`,
    offsetsBad: "Write whole days between 1 and 730, comma-separated (at most 6), for example 30, 60, 90.",
    everyBad: "Write a whole number of days between 7 and 730.",
    scheduleRequired: "A recurring campaign needs a schedule.",
    audienceRequired: "Choose at least one channel or person to ask.",
    questionLength: (min: number, max: number) => `Between ${min} and ${max} characters, or empty.`,
  },
  contacts: {
    usage:
      "Usage: `/cx contacts <customer name or id>` opens the people at that customer RightToGrow may ask (check-ins and relationship surveys).",
    notFound: (q: string) => `No customer matches “${q}”.`,
    several: (q: string, names: string) =>
      `Several customers match “${q}”: ${names}. Type the exact name or id.`,
    title: "Customer contacts",
    intro: (name: string) =>
      `The people at *${name}* that campaigns may ask (Slack Connect users or guests). Check-ins after the customer is gained and relationship surveys go to them.`,
    label: "Contacts",
    submit: "Save",
    saved: (name: string, added: number, removed: number) =>
      `Contacts of *${name}* saved: ${added} added, ${removed} removed.`,
    tooMany: (max: number) => `At most ${max} contacts per customer.`,
  },
};

const es: typeof en = {
  listTitle:
    "*Campañas de encuestas* — momentos de la verdad: RightToGrow envía estas encuestas por sí solo, sin volver a preguntar a quien se preguntó hace poco (control de fatiga).",
  empty:
    "Aún no hay campañas. Añade una, por ejemplo seguimientos a los 30, 60 y 90 días de ganar un cliente.",
  more: (n) => `…y ${n} más.`,
  buttons: { add: "Añadir campaña", pause: "Pausar", resume: "Reanudar", remove: "Eliminar" },
  confirmRemove: {
    title: "¿Eliminar esta campaña?",
    text: (name) => `«${name}» deja de enviar encuestas. Las respuestas ya recibidas se conservan.`,
    confirm: "Eliminar",
    deny: "Mantener",
  },
  kinds: { nps: "NPS", csat: "CSAT", ces: "CES" },
  triggers: {
    after_gained: "Tras ganar un cliente",
    relationship: "Relación, cada N días por contacto",
    recurring: "Periódica, según una programación",
  },
  touchpoints: {
    onboarding: "Alta",
    support: "Soporte",
    renewal: "Renovación",
    product: "Producto",
    relationship: "Relación",
  },
  describe: {
    afterGained: (days) => `a los contactos del cliente ${days} días después de ganarlo`,
    relationship: (n) => `a cada contacto de cliente cada ${n} días`,
    recurring: (cron, zone, who) => `\`${cron}\` (${zone}) a ${who}`,
    nobody: "nadie",
    anonymous: "anónima",
    paused: "⏸️ en pausa",
  },
  notices: {
    added: (name) => `✅ Añadida *${name}*.`,
    paused: (name) => `⏸️ *${name}* en pausa: no envía nada hasta que se reanude.`,
    resumed: (name) => `▶️ *${name}* reanudada.`,
    alreadyPaused: (name) => `*${name}* ya estaba en pausa.`,
    alreadyActive: (name) => `*${name}* ya estaba activa.`,
    removed: (name) => `🗑️ Eliminada *${name}*.`,
    gone: "Esa campaña ya no existe (alguien la eliminó).",
  },
  modal: {
    title: "Añadir campaña",
    submit: "Guardar",
    close: "Cancelar",
    intro:
      "Una campaña envía una encuesta en un momento de la verdad. Rellena los campos del disparador que elijas; los demás se ignoran.",
    name: "Nombre",
    namePlaceholder: "Seguimiento del alta",
    kind: "Encuesta",
    trigger: "Cuándo",
    offsets: "Días tras ganar el cliente (tras ganar un cliente)",
    offsetsHint:
      "Separados por comas, por ejemplo 30, 60, 90. Se envía a los contactos del cliente (/cx contacts).",
    every: "Cada cuántos días (relación)",
    everyHint: "A cada contacto se le pregunta una vez por periodo, en un día propio, no a todos a la vez.",
    schedule: "Programación (periódica)",
    scheduleHint: "Cron, por ejemplo 0 10 * * 1 (los lunes a las 10:00).",
    timezone: "Zona horaria (periódica)",
    channels: "Canales (periódica)",
    users: "Personas (periódica)",
    mode: "Los canales reciben (periódica)",
    modes: { channel: "un mensaje en el canal", dm: "un mensaje directo a cada miembro" },
    touchpoint: "Punto de contacto",
    question: "Pregunta",
    questionHint: "Déjala vacía para la pregunta estándar, en el idioma de cada persona.",
    anonymous: "Respuestas anónimas",
    anonymousOption: "No guardar quién respondió",
  },
  errors: {
    unreadable: "No se ha podido leer este campo. Vuelve a elegir, por favor.",
    nameRequired: "Ponle un nombre a la campaña.",
    nameTooLong: (max) => `Como mucho ${max} caracteres.`,
    duplicateName: (name) => `Ya hay una campaña llamada «${name}».`,
    offsetsBad:
      "Escribe días enteros entre 1 y 730, separados por comas (como mucho 6), por ejemplo 30, 60, 90.",
    everyBad: "Escribe un número entero de días entre 7 y 730.",
    scheduleRequired: "Una campaña periódica necesita una programación.",
    audienceRequired: "Elige al menos un canal o una persona a quien preguntar.",
    questionLength: (min, max) => `Entre ${min} y ${max} caracteres, o vacía.`,
  },
  contacts: {
    usage:
      "Uso: `/cx contacts <nombre o id del cliente>` abre las personas de ese cliente a las que RightToGrow puede preguntar (seguimientos y encuestas de relación).",
    notFound: (q) => `Ningún cliente coincide con «${q}».`,
    several: (q, names) => `Varios clientes coinciden con «${q}»: ${names}. Escribe el nombre o id exacto.`,
    title: "Contactos del cliente",
    intro: (name) =>
      `Las personas de *${name}* a las que las campañas pueden preguntar (usuarios de Slack Connect o invitados). Los seguimientos tras ganar el cliente y las encuestas de relación van a ellas.`,
    label: "Contactos",
    submit: "Guardar",
    saved: (name, added, removed) =>
      `Contactos de *${name}* guardados: ${added} añadidos, ${removed} eliminados.`,
    tooMany: (max) => `Como mucho ${max} contactos por cliente.`,
  },
};

export const campaignsTexts: Record<Locale, typeof en> = { en, es };
