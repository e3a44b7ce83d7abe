import type { Locale } from "../../../domain/locale.js";
import type { ApiTokenView } from "../../../services/api-tokens.js";

const day = (d: Date) => d.toISOString().slice(0, 10);

const en = {
  none: "No API tokens yet. Create one with `/cx tokens create <name>` (for example `/cx tokens create hubspot-sync`).",
  header: "*API tokens* (for `POST /api/v1/movements` and `/api/v1/responses`)",
  line: (t: ApiTokenView) =>
    `• *${t.name}* \`${t.prefix}…\` — created ${day(t.createdAt)} by ${t.createdBy === "cli" ? "the command line" : `<@${t.createdBy}>`} · ${
      t.lastUsedAt ? `last used ${day(t.lastUsedAt)}` : "never used"
    } · ${t.revokedAt ? `*revoked* ${day(t.revokedAt)}` : "active"}`,
  usage: "`/cx tokens` lists them · `/cx tokens create <name>` · `/cx tokens revoke <name or prefix>`",
  created: (t: ApiTokenView, secret: string) =>
    `Created API token *${t.name}*. Copy the secret now: it is shown only this once and only to you.\n\`\`\`${secret}\`\`\`\nSend it as the header \`Authorization: Bearer <secret>\`. Revoke it with \`/cx tokens revoke ${t.name}\`.`,
  revoked: (t: ApiTokenView) =>
    `Revoked API token *${t.name}* (\`${t.prefix}…\`): requests with it are refused from now on.`,
  badName: "A token name may hold letters, digits, spaces, dots, dashes and underscores (at most 60).",
  nameTaken: (name: string) =>
    `An active token is already named *${name}*: revoke it first or choose another name.`,
  notFound: (which: string) =>
    `No active token is named *${which}* or starts with \`${which}\`. See \`/cx tokens\`.`,
  ambiguous: (which: string) => `\`${which}\` matches several tokens: give the whole name or prefix.`,
};

const es: typeof en = {
  none: "Aún no hay tokens de API. Crea uno con `/cx tokens create <nombre>` (por ejemplo `/cx tokens create hubspot-sync`).",
  header: "*Tokens de API* (para `POST /api/v1/movements` y `/api/v1/responses`)",
  line: (t) =>
    `• *${t.name}* \`${t.prefix}…\` — creado el ${day(t.createdAt)} por ${t.createdBy === "cli" ? "la línea de comandos" : `<@${t.createdBy}>`} · ${
      t.lastUsedAt ? `último uso ${day(t.lastUsedAt)}` : "sin usar"
    } · ${t.revokedAt ? `*revocado* el ${day(t.revokedAt)}` : "activo"}`,
  usage: "`/cx tokens` los lista · `/cx tokens create <nombre>` · `/cx tokens revoke <nombre o prefijo>`",
  created: (t, secret) =>
    `Token de API *${t.name}* creado. Copia el secreto ahora: solo se muestra esta vez y solo a ti.\n\`\`\`${secret}\`\`\`\nEnvíalo en la cabecera \`Authorization: Bearer <secreto>\`. Revócalo con \`/cx tokens revoke ${t.name}\`.`,
  revoked: (t) =>
    `Token de API *${t.name}* (\`${t.prefix}…\`) revocado: desde ahora se rechazan las peticiones que lo usen.`,
  badName:
    "El nombre de un token puede tener letras, cifras, espacios, puntos, guiones y guiones bajos (60 como máximo).",
  nameTaken: (name) => `Ya hay un token activo llamado *${name}*: revócalo antes o elige otro nombre.`,
  notFound: (which) =>
    `No hay ningún token activo llamado *${which}* ni que empiece por \`${which}\`. Mira \`/cx tokens\`.`,
  ambiguous: (which) => `\`${which}\` coincide con varios tokens: indica el nombre o el prefijo completo.`,
};

export const tokensTexts: Record<Locale, typeof en> = { en, es };
