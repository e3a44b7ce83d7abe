import type { Locale } from "../../../domain/locale.js";

const en = {
  markDiscussed: "Mark discussed",
  openAction: "Open an action…",
  done: "Done",
  drop: "Drop",
  openActions: "Open actions from earlier meetings",
  closedSince: "Closed since the last meeting",
  discussedSince: (n: number) =>
    `${n} loss reason${n === 1 ? "" : "s"} or note${n === 1 ? "" : "s"} discussed`,
  noOwner: "no owner",
  openFor: (days: number) => (days === 0 ? "opened today" : `open ${days} day${days === 1 ? "" : "s"}`),
  due: (date: string, overdue: boolean) => (overdue ? `*overdue since ${date}*` : `due ${date}`),
  moreOpen: (n: number) => `…and ${n} more open`,
  doneMark: "done",
  droppedMark: "dropped",
  modalTitle: "Open an action",
  submit: "Open",
  cancel: "Cancel",
  titleLabel: "What needs to happen",
  ownerLabel: "Owner",
  dueLabel: "Due",
  titleTooShort: "Say what needs to happen, in 3 to 300 characters.",
  dueInPast: "The due date is in the past.",
  aboutReason: (label: string) => `Loss reason: ${label}`,
  aboutNote: (excerpt: string) => `Note: “${excerpt}”`,
  discussed: (what: string) => `Marked discussed: ${what}. The next digest counts it.`,
  alreadyDiscussed: (what: string) => `${what} was already marked discussed for this period.`,
  opened: (title: string, owner: string | null) =>
    `Action opened: *${title}*${owner ? `, owned by <@${owner}>` : " (no owner yet)"}. The next digest opens with it.`,
  assigned: (by: string, title: string) =>
    `<@${by}> gave you an action from the leadership digest: *${title}*. Mark it done from the next digest.`,
  closed: (title: string, status: "done" | "dropped") =>
    `*${title}* is ${status === "done" ? "done" : "dropped"}.`,
  notOpen: "That action is no longer open.",
  notFound: "That no longer exists.",
  expired: "This button is from an older digest. Run `/cx digest preview` for a fresh one.",
};

const es: typeof en = {
  markDiscussed: "Marcar como tratado",
  openAction: "Abrir una acción…",
  done: "Hecha",
  drop: "Descartar",
  openActions: "Acciones abiertas de reuniones anteriores",
  closedSince: "Cerradas desde la última reunión",
  discussedSince: (n: number) =>
    `${n} motivo${n === 1 ? "" : "s"} de pérdida o nota${n === 1 ? "" : "s"} tratado${n === 1 ? "" : "s"}`,
  noOwner: "sin responsable",
  openFor: (days: number) =>
    days === 0 ? "abierta hoy" : `abierta hace ${days} día${days === 1 ? "" : "s"}`,
  due: (date: string, overdue: boolean) => (overdue ? `*vencida desde el ${date}*` : `vence el ${date}`),
  moreOpen: (n: number) => `…y ${n} abiertas más`,
  doneMark: "hecha",
  droppedMark: "descartada",
  modalTitle: "Abrir una acción",
  submit: "Abrir",
  cancel: "Cancelar",
  titleLabel: "Qué hay que hacer",
  ownerLabel: "Responsable",
  dueLabel: "Fecha límite",
  titleTooShort: "Indica qué hay que hacer, entre 3 y 300 caracteres.",
  dueInPast: "La fecha límite ya ha pasado.",
  aboutReason: (label: string) => `Motivo de pérdida: ${label}`,
  aboutNote: (excerpt: string) => `Nota: «${excerpt}»`,
  discussed: (what: string) => `Marcado como tratado: ${what}. El próximo resumen lo cuenta.`,
  alreadyDiscussed: (what: string) => `${what} ya estaba marcado como tratado en este periodo.`,
  opened: (title: string, owner: string | null) =>
    `Acción abierta: *${title}*${owner ? `, responsable <@${owner}>` : " (aún sin responsable)"}. El próximo resumen empieza por ella.`,
  assigned: (by: string, title: string) =>
    `<@${by}> te ha asignado una acción del resumen de dirección: *${title}*. Márcala como hecha desde el próximo resumen.`,
  closed: (title: string, status: "done" | "dropped") =>
    `*${title}* está ${status === "done" ? "hecha" : "descartada"}.`,
  notOpen: "Esa acción ya no está abierta.",
  notFound: "Eso ya no existe.",
  expired: "Este botón es de un resumen anterior. Usa `/cx digest preview` para ver uno nuevo.",
};

export const followUpTexts: Record<Locale, typeof en> = { en, es };
