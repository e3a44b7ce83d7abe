import type { Locale } from "../../../domain/locale.js";

// The digest feature's own words in Slack (the digest's figures and headings are in
// src/i18n/digest.ts, shared with the terminal and file previews).

const en = {
  previewUsage: "`/cx digest preview [meeting]`",
  noSuchMeeting: (name: string, meetings: string[]) =>
    `There is no meeting "${name}". Meetings: ${meetings.join(", ") || "(none yet)"}.`,
  /** The "why" of the whole workspace rather than one segment. */
  total: "Total",
  moreMovements: (n: number) => `…${n} more`,
  /** Segment lines in the thread: active customers at the start → at the end. */
  base: "active customers",
};

const es: typeof en = {
  previewUsage: "`/cx digest preview [meeting]`",
  noSuchMeeting: (name, meetings) =>
    `No hay ninguna reunión «${name}». Reuniones: ${meetings.join(", ") || "(ninguna)"}.`,
  total: "Total",
  moreMovements: (n) => `…y ${n} más`,
  base: "clientes activos",
};

export const digestSlackTexts: Record<Locale, typeof en> = { en, es };
