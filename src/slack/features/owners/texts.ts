import type { Locale } from "../../../domain/locale.js";

const en = {
  usage:
    "`/cx owner <customer>` shows who owns a customer · `/cx owner <customer> @person` sets the owner (their alerts go to that person by DM) · `/cx owner <customer> none` clears it. The customer is its name or its id in your CRM.",
  none: (text: string) =>
    `No customer is called \`${text}\` or has that id. Check the spelling, or give its id in your CRM.`,
  several: (text: string, lines: string) =>
    `\`${text}\` matches several customers; nothing was changed. Give the whole name or the id:\n${lines}`,
  choice: (name: string, externalId: string, segment: string) =>
    `• *${name}* (\`${externalId}\`, ${segment})`,
  badPerson: (text: string) =>
    `I could not tell who \`${text}\` is; nothing was changed. Mention one person (\`@person\`), or give their Slack user id (U0123ABCD) or e-mail address.`,
  ambiguousPerson: (text: string) =>
    `\`${text}\` could be several people; nothing was changed. Mention the person instead.`,
  shown: (customer: string, owner: string | null) =>
    owner
      ? `*${customer}* is owned by <@${owner}>: its survey alerts go to them by DM.`
      : `*${customer}* has no owner: its survey alerts go to the alert channel. Set one with \`/cx owner ${customer} @person\`.`,
  set: (customer: string, owner: string, previous: string | null) =>
    `<@${owner}> now owns *${customer}*${previous ? ` (before: <@${previous}>)` : ""}: its survey alerts go to them by DM.`,
  cleared: (customer: string, previous: string | null) =>
    `*${customer}* has no owner now${previous ? ` (before: <@${previous}>)` : ""}: its survey alerts go to the alert channel.`,
  unchanged: (customer: string, owner: string | null) =>
    owner
      ? `<@${owner}> already owns *${customer}*; nothing changed.`
      : `*${customer}* already has no owner; nothing changed.`,
};

const es: typeof en = {
  usage:
    "`/cx owner <cliente>` muestra quién es el responsable de un cliente · `/cx owner <cliente> @persona` lo asigna (sus alertas le llegan por MD) · `/cx owner <cliente> none` lo quita. El cliente es su nombre o su id en el CRM.",
  none: (text) =>
    `No hay ningún cliente llamado \`${text}\` ni con ese id. Revisa cómo está escrito o indica su id en el CRM.`,
  several: (text, lines) =>
    `\`${text}\` coincide con varios clientes; no se ha cambiado nada. Indica el nombre completo o el id:\n${lines}`,
  choice: (name, externalId, segment) => `• *${name}* (\`${externalId}\`, ${segment})`,
  badPerson: (text) =>
    `No sé quién es \`${text}\`; no se ha cambiado nada. Menciona a una persona (\`@persona\`) o indica su id de usuario de Slack (U0123ABCD) o su correo electrónico.`,
  ambiguousPerson: (text) =>
    `\`${text}\` puede ser varias personas; no se ha cambiado nada. Menciona a la persona.`,
  shown: (customer, owner) =>
    owner
      ? `El responsable de *${customer}* es <@${owner}>: le llegan por MD sus alertas de encuestas.`
      : `*${customer}* no tiene responsable: sus alertas de encuestas van al canal de alertas. Asígnalo con \`/cx owner ${customer} @persona\`.`,
  set: (customer, owner, previous) =>
    `<@${owner}> es ahora responsable de *${customer}*${previous ? ` (antes: <@${previous}>)` : ""}: le llegan por MD sus alertas de encuestas.`,
  cleared: (customer, previous) =>
    `*${customer}* ya no tiene responsable${previous ? ` (antes: <@${previous}>)` : ""}: sus alertas de encuestas van al canal de alertas.`,
  unchanged: (customer, owner) =>
    owner
      ? `<@${owner}> ya es responsable de *${customer}*; no ha cambiado nada.`
      : `*${customer}* ya no tenía responsable; no ha cambiado nada.`,
};

export const ownersTexts: Record<Locale, typeof en> = { en, es };
