import type { Locale } from "../../../domain/locale.js";
import type { PeriodError } from "../../../domain/period.js";

const formats = {
  en: "Periods: `7d` (last 7 days), `4w` (last 4 weeks, the default), `3m` (last 3 calendar months), or `2026-03-01..2026-03-29` (from the first day up to, not including, the second).",
  es: "Periodos: `7d` (últimos 7 días), `4w` (últimas 4 semanas, por defecto), `3m` (últimos 3 meses naturales) o `2026-03-01..2026-03-29` (desde el primer día hasta el segundo, sin incluirlo).",
};

const en = {
  usage: "Usage: `/cx stats [segment] [period]`, e.g. `/cx stats smb 4w`.",
  formats: formats.en,
  title: (segment: string | null) =>
    segment ? `${segment} — did we earn the right to grow?` : "All segments — did we earn the right to grow?",
  period: (from: string, to: string, days: string) => `${from} → ${to} · compared with the ${days} before`,
  days: (n: number) => (n === 1 ? "day" : `${n} days`),
  verdictLabel: "Verdict",
  net: (customers: string, prevCustomers: string, value: string, prevValue: string) =>
    `Net customers *${customers}* (previous period ${prevCustomers}) · net value *${value}* (previous ${prevValue})`,
  /** The sums the net is made of, so the line adds up to what it shows. */
  sums: (p: { gained: number; reactivated: number; lost: number; value: string }) =>
    `= gained ${p.gained} + won back ${p.reactivated} − lost ${p.lost} · value = ${p.value}`,
  valueSum: (p: {
    new: string;
    reactivation: string;
    expansion: string;
    contraction: string;
    churned: string;
  }) =>
    `new ${p.new} + won back ${p.reactivation} + expansion ${p.expansion} − contraction ${p.contraction} − lost ${p.churned} (annual)`,
  retention: "Retention (customers at the start)",
  retentionLine: (nrr: string, grr: string, logo: string) => `NRR ${nrr} · GRR ${grr} · logos ${logo}`,
  emptyCohort: "none: no customers at the start",
  quickRatio: "Quick ratio",
  noLosses: "no losses",
  interval: (low: string, high: string) => `95% ${low}–${high}`,
  tooFew: (n: number) => `too few answers (n = ${n})`,
  change: {
    up: "up, beyond noise",
    down: "down, beyond noise",
    unclear: "no clear change",
    tooFew: "too few answers to compare",
  } as Record<"up" | "down" | "unclear" | "tooFew", string>,
  gained: "Gained",
  lost: "Lost",
  reactivated: "Won back",
  expandedContracted: "Expanded / contracted",
  base: "Customer base",
  baseLine: (start: string, end: string) => `${start} → ${end}`,
  churn: "Churn",
  churnLine: (logo: string, value: string) => `customers ${logo} · value ${value}`,
  topLost: "Top reasons for losses",
  topGained: "Top reasons for gains",
  unspecifiedStage: "no stage",
  none: "none",
  scores: "Scores",
  noAnswers: "no answers (n=0)",
  smallSample: "small sample",
  smallSampleNote:
    "⚠️ n < 30: few answers, so the score can move a lot by chance. Read it with the behaviour above.",
  delta: (d: string) => `Δ ${d} vs previous`,
  bySegment: "By segment",
  segmentLine: (name: string, customers: string, value: string, verdict: string) =>
    `*${name}*: ${customers} · ${value} — ${verdict}`,
  segmentSum: (gained: number, reactivated: number, lost: number, net: string) =>
    `gained ${gained} + won back ${reactivated} − lost ${lost} = net ${net} customers`,
  more: (n: number) => `…and ${n} more`,
  chartFollows: "📊 A small chart follows in your DM with RightToGrow (only you can see it).",
  chartAlt: (segment: string | null) =>
    `Bar chart of customers gained and lost${segment ? ` in ${segment}, this period and the previous` : ", by segment"}`,
  summary: (
    segment: string,
    gained: number,
    reactivated: number,
    lost: number,
    net: string,
    verdict: string,
  ) => `${segment}: gained ${gained} + won back ${reactivated} − lost ${lost} = net ${net} — ${verdict}`,
  all: "All segments",
  unknownSegment: (segment: string, valid: string[]) =>
    `I don't know the segment "${segment}". Segments: ${valid.length ? valid.join(", ") : "none yet (import or record customers first)"}.`,
  badPeriod: (text: string, error: PeriodError) =>
    ({
      format: `I can't read \`${text}\` as a period.`,
      invalid_date: `\`${text}\` has a date that does not exist.`,
      empty: `\`${text}\` is empty: the end must come after the start (the end day is not included).`,
      too_long: `\`${text}\` is longer than ten years.`,
      not_started: `\`${text}\` has not started yet: there is nothing to count.`,
    })[error],
  segmentsList: (valid: string[]) => `Segments: ${valid.length ? valid.join(", ") : "none yet"}.`,
};

const es: typeof en = {
  usage: "Uso: `/cx stats [segmento] [periodo]`, por ejemplo `/cx stats smb 4w`.",
  formats: formats.es,
  title: (segment) =>
    segment
      ? `${segment} — ¿nos hemos ganado el derecho a crecer?`
      : "Todos los segmentos — ¿nos hemos ganado el derecho a crecer?",
  period: (from, to, days) => `${from} → ${to} · comparado con los ${days} anteriores`,
  days: (n) => (n === 1 ? "día" : `${n} días`),
  verdictLabel: "Veredicto",
  net: (customers, prevCustomers, value, prevValue) =>
    `Clientes netos *${customers}* (periodo anterior ${prevCustomers}) · valor neto *${value}* (anterior ${prevValue})`,
  sums: (p) =>
    `= ganados ${p.gained} + recuperados ${p.reactivated} − perdidos ${p.lost} · valor = ${p.value}`,
  valueSum: (p) =>
    `nuevo ${p.new} + recuperados ${p.reactivation} + ampliaciones ${p.expansion} − reducciones ${p.contraction} − perdidos ${p.churned} (anual)`,
  retention: "Retención (clientes al inicio)",
  retentionLine: (nrr, grr, logo) => `NRR ${nrr} · GRR ${grr} · clientes ${logo}`,
  emptyCohort: "ninguna: sin clientes al inicio",
  quickRatio: "Quick ratio",
  noLosses: "sin pérdidas",
  interval: (low, high) => `95 % ${low}–${high}`,
  tooFew: (n) => `muy pocas respuestas (n = ${n})`,
  change: {
    up: "sube, más allá del ruido",
    down: "baja, más allá del ruido",
    unclear: "sin cambio claro",
    tooFew: "muy pocas respuestas para comparar",
  },
  gained: "Ganados",
  lost: "Perdidos",
  reactivated: "Recuperados",
  expandedContracted: "Ampliaciones / reducciones",
  base: "Base de clientes",
  baseLine: (start, end) => `${start} → ${end}`,
  churn: "Abandono",
  churnLine: (logo, value) => `clientes ${logo} · valor ${value}`,
  topLost: "Principales motivos de pérdida",
  topGained: "Principales motivos de captación",
  unspecifiedStage: "sin etapa",
  none: "ninguno",
  scores: "Puntuaciones",
  noAnswers: "sin respuestas (n=0)",
  smallSample: "muestra pequeña",
  smallSampleNote:
    "⚠️ n < 30: pocas respuestas, así que la puntuación puede variar mucho por azar. Léela junto al comportamiento de arriba.",
  delta: (d) => `Δ ${d} frente al anterior`,
  bySegment: "Por segmento",
  segmentLine: (name, customers, value, verdict) => `*${name}*: ${customers} · ${value} — ${verdict}`,
  segmentSum: (gained, reactivated, lost, net) =>
    `ganados ${gained} + recuperados ${reactivated} − perdidos ${lost} = neto ${net} clientes`,
  more: (n) => `…y ${n} más`,
  summary: (segment, gained, reactivated, lost, net, verdict) =>
    `${segment}: ganados ${gained} + recuperados ${reactivated} − perdidos ${lost} = neto ${net} — ${verdict}`,
  all: "Todos los segmentos",
  unknownSegment: (segment, valid) =>
    `No conozco el segmento "${segment}". Segmentos: ${valid.length ? valid.join(", ") : "ninguno todavía (importa o registra clientes primero)"}.`,
  badPeriod: (text, error) =>
    ({
      format: `No puedo leer \`${text}\` como periodo.`,
      invalid_date: `\`${text}\` tiene una fecha que no existe.`,
      empty: `\`${text}\` está vacío: el final debe ser posterior al inicio (el día final no se incluye).`,
      too_long: `\`${text}\` dura más de diez años.`,
      not_started: `\`${text}\` aún no ha empezado: no hay nada que contar.`,
    })[error],
  segmentsList: (valid) => `Segmentos: ${valid.length ? valid.join(", ") : "ninguno todavía"}.`,
  chartFollows: "📊 Te envío un pequeño gráfico por mensaje directo de RightToGrow (solo lo ves tú).",
  chartAlt: (segment) =>
    `Gráfico de barras de clientes ganados y perdidos${segment ? ` en ${segment}, este periodo y el anterior` : ", por segmento"}`,
};

export const statsTexts: Record<Locale, typeof en> = { en, es };
