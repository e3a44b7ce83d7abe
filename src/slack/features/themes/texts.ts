import type { Locale } from "../../../domain/locale.js";

const en = {
  title: "Themes — the why, in people's own words",
  period: (from: string, to: string) => `${from} → ${to} · survey comments, win and loss notes, voice notes`,
  all: "All segments",
  group: (name: string, texts: number) => `*${name}* — ${texts} ${texts === 1 ? "text" : "texts"}`,
  theme: (label: string, mentions: number, change: string) =>
    `• *${label}* — ${mentions} mentioned it (${change} vs the period before)`,
  scores: (parts: string) => `average score of those who mentioned it: ${parts}`,
  none: "No theme yet: a theme needs at least 5 texts mentioning it.",
  rule: "Themes need ≥ 5 mentions; anonymous texts are quoted only from groups of at least the anonymity minimum, never with a name.",
  summary: (n: number) => `Themes: ${n} ${n === 1 ? "group" : "groups"}`,
  unknownSegment: (segment: string, valid: string[]) =>
    `I don't know the segment "${segment}". Segments: ${valid.length ? valid.join(", ") : "none yet"}.`,
  badPeriod: (text: string) =>
    `I can't read \`${text}\` as a period. Usage: \`/cx themes [segment] [period]\`, e.g. \`/cx themes smb 4w\`.`,
};

const es: typeof en = {
  title: "Temas — el porqué, en palabras de la gente",
  period: (from, to) => `${from} → ${to} · comentarios de encuestas, notas de altas y bajas, notas de voz`,
  all: "Todos los segmentos",
  group: (name, texts) => `*${name}* — ${texts} ${texts === 1 ? "texto" : "textos"}`,
  theme: (label, mentions, change) =>
    `• *${label}* — lo mencionaron ${mentions} (${change} frente al periodo anterior)`,
  scores: (parts) => `puntuación media de quienes lo mencionaron: ${parts}`,
  none: "Aún no hay temas: un tema necesita al menos 5 textos que lo mencionen.",
  rule: "Los temas necesitan ≥ 5 menciones; los textos anónimos solo se citan de grupos con al menos el mínimo de anonimato, nunca con nombre.",
  summary: (n) => `Temas: ${n} ${n === 1 ? "grupo" : "grupos"}`,
  unknownSegment: (segment, valid) =>
    `No conozco el segmento "${segment}". Segmentos: ${valid.length ? valid.join(", ") : "ninguno todavía"}.`,
  badPeriod: (text) =>
    `No puedo leer \`${text}\` como periodo. Uso: \`/cx themes [segmento] [periodo]\`, por ejemplo \`/cx themes smb 4w\`.`,
};

export const themesTexts: Record<Locale, typeof en> = { en, es };
