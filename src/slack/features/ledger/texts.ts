import type { ViolationCode } from "../../../domain/ledger-rules.js";
import type { Locale } from "../../../domain/locale.js";
import type { JourneyStage } from "../../../domain/taxonomy.js";
import type { LedgerDirection } from "../../../services/record-ledger-entry.js";

const en = {
  title: { won: "Customer won", lost: "Customer lost" } satisfies Record<LedgerDirection, string>,
  submit: "Record",
  close: "Cancel",
  intro: {
    won: "Record a customer won — or won back: a customer the ledger knows as lost is recorded as *reactivated*. Pick the customer, or fill in a new one.",
    lost: "Record a customer lost, and why. Pick the customer, or fill in a new one.",
  } satisfies Record<LedgerDirection, string>,
  customerLabel: "Customer",
  customerPlaceholder: "Search customers",
  customerHint: "Leave empty to add a new customer below.",
  orNewCustomer: "*…or a new customer*",
  newNameLabel: "New customer's name",
  newExternalIdLabel: "New customer's id in your CRM or billing system",
  newExternalIdHint: "Optional: leave it empty and an id is made from the name.",
  segmentLabel: "Segment",
  segmentPlaceholder: "Search segments",
  segmentHint: "Required for a new customer; leave it empty to keep an existing customer's segment.",
  newSegmentLabel: "…or a new segment",
  valueLabel: (direction: LedgerDirection, currency: string) =>
    direction === "lost" ? `Annual value lost (${currency})` : `Annual value (${currency})`,
  valuePlaceholder: "12000 or 12000.50",
  reasonLabel: { won: "Why did we win them?", lost: "Why did we lose them?" } satisfies Record<
    LedgerDirection,
    string
  >,
  reasonPlaceholder: "Pick a reason",
  dateLabel: "Date",
  noteLabel: "Note",
  notePlaceholder: "What happened, in a sentence or two",
  stages: {
    marketing: "Marketing",
    sales: "Sales",
    onboarding: "Onboarding",
    product: "Product",
    service: "Service",
    billing: "Billing",
  } satisfies Record<JourneyStage, string>,

  noReasons: (direction: LedgerDirection) =>
    `There are no reasons for customers ${direction === "won" ? "won" : "lost"} yet, so nothing can be recorded. Ask an admin of RightToGrow to add some.`,
  errors: {
    unreadable: "This value was not understood. Please pick or type it again.",
    pickOrNew: "Pick a customer, or type a new customer's name below.",
    notBoth: "Either pick an existing customer or fill in a new one, not both.",
    nameNeeded: "Give the new customer's name too.",
    tooLong: (max: number) => `At most ${max} characters, please.`,
    nul: "This contains a NUL character, which cannot be stored. Please remove it.",
    segmentRequired: "A new customer needs a segment: pick one, or type a new one below.",
    segmentBoth: "Pick a segment or type a new one, not both.",
    valueRequired: "Give the annual value, like 12000 or 12000.50.",
    valueBad: (text: string) =>
      `"${text}" is not an amount: write digits with at most two decimals and no thousands separators, like 12000 or 12000.50.`,
    reasonRequired: "Pick a reason.",
    reasonWrong: (direction: LedgerDirection) =>
      `That is not a reason for a customer ${direction === "won" ? "won" : "lost"}: pick one from the list.`,
    dateRequired: "Pick the date.",
    dateBad: "That is not a date.",
    dateFuture: (today: string) => `The date cannot be in the future (today is ${today}).`,
    unknownCustomer: "That customer no longer exists. Search again.",
    unknownSegment: "That segment no longer exists. Search again, or type a new one.",
    customerExists: (name: string, id: string) =>
      `A customer "${name}" (id ${id}) already exists: pick it in the search above instead.`,
    conflict: "This form was already used for a different entry. Please open it again.",
    rule: (code: ViolationCode, since: string | null) => {
      const when = since ?? "before the ledger began";
      switch (code) {
        case "already_lost":
          return `This customer was already lost on ${when}. A customer cannot be lost twice without being won back.`;
        case "already_active":
          return `This customer is already active (since ${when}): there is nothing to win. More business from them is an expansion.`;
        case "not_lost":
          return `Won back needs a lost customer, but on that date this one was active (since ${when}). Check the date.`;
        case "regain_after_loss":
          return `This customer was lost on ${when}; on the date you picked it was not a customer. Check the date.`;
        case "lost_customer_changed":
          return `This customer was lost on ${when}. Record it won back first.`;
      }
    },
  },

  recorded: {
    gained: "won",
    lost: "lost",
    reactivated: "*won back* (recorded as reactivated)",
  },
  confirmation: (m: {
    customer: string;
    what: string;
    day: string;
    segment: string;
    value: string;
    reason: string;
    newCustomer: boolean;
    lostOn: string | null;
    note: string | null;
  }) =>
    [
      `✅ Recorded: *${m.customer}*${m.newCustomer ? " (new customer)" : ""} ${m.what} on ${m.day}.`,
      m.lostOn ? `It had been lost on ${m.lostOn}.` : null,
      `Segment: ${m.segment} · annual value: ${m.value} · reason: ${m.reason}`,
      m.note ? `> ${m.note.replace(/\n/g, "\n> ")}` : null,
    ]
      .filter((l): l is string => l !== null)
      .join("\n"),
};

const es: typeof en = {
  title: { won: "Cliente ganado", lost: "Cliente perdido" },
  submit: "Registrar",
  close: "Cancelar",
  intro: {
    won: "Registra un cliente ganado — o recuperado: un cliente que el registro tiene como perdido se registra como *reactivado*. Elige el cliente o rellena uno nuevo.",
    lost: "Registra un cliente perdido y por qué. Elige el cliente o rellena uno nuevo.",
  },
  customerLabel: "Cliente",
  customerPlaceholder: "Buscar clientes",
  customerHint: "Déjalo vacío para añadir un cliente nuevo más abajo.",
  orNewCustomer: "*…o un cliente nuevo*",
  newNameLabel: "Nombre del cliente nuevo",
  newExternalIdLabel: "Id del cliente nuevo en tu CRM o facturación",
  newExternalIdHint: "Opcional: si lo dejas vacío, se crea uno a partir del nombre.",
  segmentLabel: "Segmento",
  segmentPlaceholder: "Buscar segmentos",
  segmentHint:
    "Obligatorio para un cliente nuevo; déjalo vacío para mantener el segmento de un cliente existente.",
  newSegmentLabel: "…o un segmento nuevo",
  valueLabel: (direction, currency) =>
    direction === "lost" ? `Valor anual perdido (${currency})` : `Valor anual (${currency})`,
  valuePlaceholder: "12000 o 12000.50",
  reasonLabel: { won: "¿Por qué lo ganamos?", lost: "¿Por qué lo perdimos?" },
  reasonPlaceholder: "Elige un motivo",
  dateLabel: "Fecha",
  noteLabel: "Nota",
  notePlaceholder: "Qué pasó, en una o dos frases",
  stages: {
    marketing: "Marketing",
    sales: "Ventas",
    onboarding: "Incorporación",
    product: "Producto",
    service: "Servicio",
    billing: "Facturación",
  },

  noReasons: (direction) =>
    `Todavía no hay motivos para clientes ${direction === "won" ? "ganados" : "perdidos"}, así que no se puede registrar nada. Pide a un administrador de RightToGrow que los añada.`,
  errors: {
    unreadable: "No se ha entendido este valor. Vuelve a elegirlo o escribirlo.",
    pickOrNew: "Elige un cliente o escribe abajo el nombre de uno nuevo.",
    notBoth: "Elige un cliente existente o rellena uno nuevo, pero no las dos cosas.",
    nameNeeded: "Indica también el nombre del cliente nuevo.",
    tooLong: (max) => `Como máximo ${max} caracteres, por favor.`,
    nul: "Contiene un carácter NUL, que no se puede guardar. Quítalo, por favor.",
    segmentRequired: "Un cliente nuevo necesita un segmento: elige uno o escribe uno nuevo abajo.",
    segmentBoth: "Elige un segmento o escribe uno nuevo, pero no las dos cosas.",
    valueRequired: "Indica el valor anual, por ejemplo 12000 o 12000.50.",
    valueBad: (text) =>
      `"${text}" no es un importe: escribe cifras con dos decimales como mucho, separados por punto y sin separador de miles, por ejemplo 12000 o 12000.50.`,
    reasonRequired: "Elige un motivo.",
    reasonWrong: (direction) =>
      `Ese no es un motivo de cliente ${direction === "won" ? "ganado" : "perdido"}: elige uno de la lista.`,
    dateRequired: "Elige la fecha.",
    dateBad: "Eso no es una fecha.",
    dateFuture: (today) => `La fecha no puede ser futura (hoy es ${today}).`,
    unknownCustomer: "Ese cliente ya no existe. Vuelve a buscarlo.",
    unknownSegment: "Ese segmento ya no existe. Vuelve a buscarlo o escribe uno nuevo.",
    customerExists: (name, id) =>
      `Ya existe un cliente "${name}" (id ${id}): elígelo en la búsqueda de arriba.`,
    conflict: "Este formulario ya se usó para otro registro. Vuelve a abrirlo, por favor.",
    rule: (code, since) => {
      const when = since ?? "antes de que empezara el registro";
      switch (code) {
        case "already_lost":
          return `Este cliente ya se perdió el ${when}. Un cliente no puede perderse dos veces sin recuperarlo antes.`;
        case "already_active":
          return `Este cliente ya está activo (desde ${when}): no hay nada que ganar. Más negocio con él es una ampliación.`;
        case "not_lost":
          return `Recuperar necesita un cliente perdido, pero en esa fecha este estaba activo (desde ${when}). Revisa la fecha.`;
        case "regain_after_loss":
          return `Este cliente se perdió el ${when}; en la fecha elegida no era cliente. Revisa la fecha.`;
        case "lost_customer_changed":
          return `Este cliente se perdió el ${when}. Regístralo antes como recuperado.`;
      }
    },
  },

  recorded: {
    gained: "ganado",
    lost: "perdido",
    reactivated: "*recuperado* (registrado como reactivado)",
  },
  confirmation: (m) =>
    [
      `✅ Registrado: *${m.customer}*${m.newCustomer ? " (cliente nuevo)" : ""} ${m.what} el ${m.day}.`,
      m.lostOn ? `Se había perdido el ${m.lostOn}.` : null,
      `Segmento: ${m.segment} · valor anual: ${m.value} · motivo: ${m.reason}`,
      m.note ? `> ${m.note.replace(/\n/g, "\n> ")}` : null,
    ]
      .filter((l): l is string => l !== null)
      .join("\n"),
};

export const ledgerTexts: Record<Locale, typeof en> = { en, es };

/** A calendar date (YYYY-MM-DD) as people read it: "6 Mar 2026" / "6 mar 2026". */
export function formatDay(ymd: string, locale: Locale): string {
  const at = new Date(`${ymd}T12:00:00Z`);
  if (Number.isNaN(at.getTime())) return ymd;
  return at.toLocaleDateString(locale === "es" ? "es-ES" : "en-GB", { dateStyle: "medium", timeZone: "UTC" });
}
