import type { ForgetCounts } from "../../../domain/forgetting.js";
import type { Locale } from "../../../domain/locale.js";
import type { ExportKind } from "../../../services/export-csv.js";

const en = {
  exportUsage:
    "`/cx export ledger [segment] [period]` — the customer ledger as CSV · `/cx export responses [segment] [period]` — the survey answers as CSV (admins). Periods as in `/cx stats` (`4w`, `2026-03-01..2026-03-29`); without one, everything. The file comes to your DM with the app.",
  exportStarted: (kind: ExportKind) =>
    `Preparing the ${kind === "ledger" ? "ledger" : "survey answers"} export: the CSV file will be in your DM with RightToGrow in a moment.`,
  exportTitle: (kind: ExportKind): string => (kind === "ledger" ? "Customer ledger" : "Survey answers"),
  exportDone: (kind: ExportKind, rows: number, scope: string | null) =>
    `Here is the ${kind === "ledger" ? "customer ledger" : "survey answers"} export${scope ? ` (${scope})` : ""}: ${rows} ${
      kind === "ledger" ? (rows === 1 ? "movement" : "movements") : rows === 1 ? "answer" : "answers"
    }. Its columns are the CSV import's (\`npm run cli -- import ${kind === "ledger" ? "movements" : "responses"}\`)${
      kind === "responses" ? "; anonymous answers have no respondent" : ""
    }. Cells that a spreadsheet would run as formulas start with an apostrophe.`,
  exportFailed:
    "⚠️ The export could not be sent to your DM. Nothing was changed; please try again, and tell whoever runs RightToGrow if it persists.",
  forgetUsage:
    "`/cx forget @person` — delete a person's non-anonymous survey answers and voice notes, the surveys sent to them and their contact links, and remove their name from everything else (admins). You confirm first.",
  forgetWho: (text: string) =>
    `I could not tell who \`${text}\` is. Mention one person: \`/cx forget @person\`, or give their Slack user id (U0123ABCD) or e-mail address.`,
  forgetAmbiguous: (text: string) => `\`${text}\` matches several people: mention the person with @ instead.`,
  modalTitle: "Forget a person",
  counting: "Finding everything RightToGrow stores about this person…",
  modalSubmit: "Forget",
  modalClose: "Cancel",
  modalIntro: (user: string) =>
    `This deletes what RightToGrow stores about <@${user}> in this workspace, in one go. It cannot be undone.`,
  willDelete: "*Will be deleted*",
  willReplace: (n: number) =>
    `*Kept, with their name replaced by “forgotten”* (${n} rows: customers' ledger, triage and audit records).`,
  anonymousStay:
    "Anonymous answers and notes store no identity, so they cannot be linked to this person and stay.",
  nothingFound: (user: string) =>
    `RightToGrow stores nothing about <@${user}> in this workspace: there is nothing to forget.`,
  done: (user: string) => `Forgot <@${user}>.`,
  deleted: "Deleted",
  slackMessages: (n: number) =>
    `• ${n} ${n === 1 ? "message" : "messages"} the app posted in Slack (alerts quoting their answers, surveys sent to them)`,
  slackNotDeleted: (n: number) =>
    `⚠️ Slack refused to delete ${n} of those messages (an archived channel, or the app is no longer in it): remove them by hand.`,
  tables: {
    survey_response: "survey answers (non-anonymous)",
    alert: "alerts raised by those answers",
    voice_note: "voice notes (non-anonymous)",
    follow_up: "follow-ups about those notes",
    survey_delivery: "surveys sent to them",
    customer_contact: "customer contact links",
  } satisfies Record<keyof ForgetCounts["deleted"], string>,
};

const es: typeof en = {
  exportUsage:
    "`/cx export ledger [segmento] [periodo]` — el registro de clientes en CSV · `/cx export responses [segmento] [periodo]` — las respuestas a encuestas en CSV (administradores). Periodos como en `/cx stats` (`4w`, `2026-03-01..2026-03-29`); sin periodo, todo. El archivo llega a tu MD con la app.",
  exportStarted: (kind) =>
    `Preparando la exportación ${kind === "ledger" ? "del registro de clientes" : "de las respuestas"}: el archivo CSV estará en tu MD con RightToGrow en un momento.`,
  exportTitle: (kind) => (kind === "ledger" ? "Registro de clientes" : "Respuestas a encuestas"),
  exportDone: (kind, rows, scope) =>
    `Aquí tienes la exportación ${kind === "ledger" ? "del registro de clientes" : "de las respuestas"}${scope ? ` (${scope})` : ""}: ${rows} ${
      kind === "ledger"
        ? rows === 1
          ? "movimiento"
          : "movimientos"
        : rows === 1
          ? "respuesta"
          : "respuestas"
    }. Sus columnas son las de la importación CSV (\`npm run cli -- import ${kind === "ledger" ? "movements" : "responses"}\`)${
      kind === "responses" ? "; las respuestas anónimas no tienen encuestado" : ""
    }. Las celdas que una hoja de cálculo ejecutaría como fórmulas empiezan por un apóstrofo.`,
  exportFailed:
    "⚠️ No se ha podido enviar la exportación a tu MD. No se ha cambiado nada; inténtalo de nuevo y, si persiste, avisa a quien gestiona RightToGrow.",
  forgetUsage:
    "`/cx forget @persona` — borra las respuestas a encuestas y notas de voz no anónimas de una persona, las encuestas que se le enviaron y sus vínculos como contacto, y quita su nombre de todo lo demás (administradores). Antes se pide confirmación.",
  forgetWho: (text) =>
    `No sé quién es \`${text}\`. Menciona a una persona: \`/cx forget @persona\`, o indica su id de usuario de Slack (U0123ABCD) o su correo electrónico.`,
  forgetAmbiguous: (text) => `\`${text}\` coincide con varias personas: menciónala con @.`,
  modalTitle: "Olvidar a una persona",
  counting: "Buscando todo lo que RightToGrow guarda sobre esta persona…",
  modalSubmit: "Olvidar",
  modalClose: "Cancelar",
  modalIntro: (user) =>
    `Esto borra lo que RightToGrow guarda sobre <@${user}> en este espacio de trabajo, de una vez. No se puede deshacer.`,
  willDelete: "*Se borrará*",
  willReplace: (n) =>
    `*Se conserva, con su nombre sustituido por «forgotten»* (${n} filas: registro de clientes, gestión y auditoría).`,
  anonymousStay:
    "Las respuestas y notas anónimas no guardan ninguna identidad, así que no se pueden vincular a esta persona y se conservan.",
  nothingFound: (user) =>
    `RightToGrow no guarda nada sobre <@${user}> en este espacio de trabajo: no hay nada que olvidar.`,
  done: (user) => `<@${user}> olvidado.`,
  deleted: "Borrado",
  slackMessages: (n) =>
    `• ${n} ${n === 1 ? "mensaje" : "mensajes"} que la app publicó en Slack (alertas que citan sus respuestas, encuestas que se le enviaron)`,
  slackNotDeleted: (n) =>
    `⚠️ Slack no ha dejado borrar ${n} de esos mensajes (un canal archivado, o la app ya no está en él): bórralos a mano.`,
  tables: {
    survey_response: "respuestas a encuestas (no anónimas)",
    alert: "alertas generadas por esas respuestas",
    voice_note: "notas de voz (no anónimas)",
    follow_up: "seguimientos sobre esas notas",
    survey_delivery: "encuestas enviadas a esa persona",
    customer_contact: "vínculos como contacto de clientes",
  },
};

export const privacyTexts: Record<Locale, typeof en> = { en, es };
