import type { Locale } from "../domain/locale.js";

// Words around a scheduled digest: the note on a late post, the chart's name, and what admins
// are told by DM when a meeting's digest could not be posted.

/** A reason recorded on a digest run, worded for an admin; undefined for reasons without a wording. */
type ReasonWords = Partial<Record<string, string>>;

const en = {
  late: (due: string) =>
    `:hourglass: Posted late: this digest was due ${due} (the app was not running, or Slack could not be reached).`,
  lateFallback: "(posted late)",
  chartTitle: "Gained vs lost per segment · score trends",
  chartAlt: (title: string) => `Chart: customers gained and lost per segment, and score trends — ${title}`,
  failed: (meeting: string, when: string, channel: string) =>
    `:warning: The digest for *${meeting}* (${when}) could not be posted in <#${channel}>.`,
  missed: (meeting: string, when: string, channel: string) =>
    `:warning: The digest for *${meeting}* (${when}) was not posted in <#${channel}>: the meeting started before it could be.`,
  reasons: {
    channel_not_found:
      "The channel no longer exists, or it is private and the app was never added to it. Add the app to the channel (`/invite @RightToGrow`) or choose another channel for the meeting.",
    not_in_channel:
      "The app is not a member of this private channel. Add it with `/invite @RightToGrow`, or choose another channel for the meeting.",
    is_archived: "The channel is archived. Unarchive it, or choose another channel for the meeting.",
    meeting_started:
      "The app was not running, or Slack could not be reached, from the time the digest was due until the meeting began.",
  } satisfies ReasonWords as ReasonWords,
  gaveUp: (detail: string) => `Slack kept refusing or failing after several attempts (${detail}).`,
  lastError: (detail: string) => `Last error: ${detail}.`,
  nextOne: "Nothing more will be posted for this occurrence; the next meeting's digest is not affected.",
  reinstallForExactlyOnce:
    ":warning: Meeting digests are posted, but not exactly once: the app cannot read its channels' history (it was installed without the `channels:history` and `groups:history` scopes), so when Slack takes a digest message and its answer is lost, the message can appear twice. Reinstall the app (or add those scopes to it) so it can check before posting again.",
};

const es: typeof en = {
  late: (due) =>
    `:hourglass: Publicado con retraso: este resumen estaba previsto para el ${due} (la aplicación no estaba en marcha o no se pudo contactar con Slack).`,
  lateFallback: "(publicado con retraso)",
  chartTitle: "Ganados frente a perdidos por segmento · tendencia de puntuaciones",
  chartAlt: (title) =>
    `Gráfico: clientes ganados y perdidos por segmento, y tendencia de puntuaciones — ${title}`,
  failed: (meeting, when, channel) =>
    `:warning: No se pudo publicar el resumen de *${meeting}* (${when}) en <#${channel}>.`,
  missed: (meeting, when, channel) =>
    `:warning: El resumen de *${meeting}* (${when}) no se publicó en <#${channel}>: la reunión empezó antes de que se pudiera publicar.`,
  reasons: {
    channel_not_found:
      "El canal ya no existe, o es privado y nunca se añadió la aplicación. Añádela al canal (`/invite @RightToGrow`) o elige otro canal para la reunión.",
    not_in_channel:
      "La aplicación no es miembro de este canal privado. Añádela con `/invite @RightToGrow` o elige otro canal para la reunión.",
    is_archived: "El canal está archivado. Desarchívalo o elige otro canal para la reunión.",
    meeting_started:
      "La aplicación no estaba en marcha, o no se pudo contactar con Slack, desde la hora prevista del resumen hasta el inicio de la reunión.",
  },
  gaveUp: (detail) => `Slack siguió rechazando o fallando tras varios intentos (${detail}).`,
  lastError: (detail) => `Último error: ${detail}.`,
  nextOne: "No se publicará nada más para esta reunión; el resumen de la próxima no se ve afectado.",
  reinstallForExactlyOnce:
    ":warning: Los resúmenes de las reuniones se publican, pero no exactamente una vez: la aplicación no puede leer el historial de sus canales (se instaló sin los permisos `channels:history` y `groups:history`), así que cuando Slack acepta un mensaje del resumen y su respuesta se pierde, el mensaje puede aparecer dos veces. Vuelve a instalar la aplicación (o añádele esos permisos) para que pueda comprobarlo antes de volver a publicar.",
};

export const digestDeliveryTexts: Record<Locale, typeof en> = { en, es };

/**
 * What went wrong, for an admin: a recorded run reason such as "channel_not_found",
 * "meeting_started (last error: slack: ratelimited)" or "gave_up_after_5_attempts: slack: …".
 */
export function explainRunReason(locale: Locale, reason: string): string {
  const t = digestDeliveryTexts[locale];
  const gaveUp = /^gave_up_after_\d+_attempts(?::\s*(.*))?$/s.exec(reason);
  if (gaveUp) return t.gaveUp(gaveUp[1] ?? reason);
  const withLast = /^([a-z_]+) \(last error: (.*)\)$/s.exec(reason);
  const code = withLast?.[1] ?? reason;
  const words = t.reasons[code];
  if (!words) return reason;
  return withLast?.[2] ? `${words} ${t.lastError(withLast[2])}` : words;
}
