import type { Locale } from "../domain/locale.js";
import type { Verdict } from "../domain/verdict.js";

// Words of the leadership digest, shared by the Slack message, the terminal and the chart.

const en = {
  title: "Did we earn the right to grow?",
  answer: {
    grew: "Yes — we grew",
    shrank: "No — we shrank",
    mixed: "Mixed — customers and value moved in opposite directions",
    held: "We held — nothing moved",
  } satisfies Record<Verdict, string>,
  verdictWord: { grew: "grew", shrank: "shrank", mixed: "mixed", held: "held" } satisfies Record<
    Verdict,
    string
  >,
  verdictRule:
    "Grew: net customers and net value both ≥ 0 and one > 0 · shrank: both ≤ 0 and one < 0 · mixed: one up, one down · held: both 0",
  period: (from: string, to: string) => `${from} → ${to}`,
  demo: "DEMO DATA — generated examples, not real customers",
  headline: (net: string, netValue: string, prevNet: string, prevValue: string) =>
    `net ${net} customers (${netValue}) · the period before: ${prevNet} (${prevValue})`,
  /** Customers: the three movements and the net they add up to. */
  customersLine: (p: { gained: number; reactivated: number; lost: number; net: string; prevNet: string }) =>
    `customers: gained ${p.gained} + reactivated ${p.reactivated} − lost ${p.lost} = net ${p.net} (before: ${p.prevNet})`,
  /** Annual value: the five movements and the net they add up to. */
  valueLine: (p: {
    new: string;
    reactivation: string;
    expansion: string;
    contraction: string;
    churned: string;
    net: string;
  }) =>
    `annual value: new ${p.new} + reactivation ${p.reactivation} + expansion ${p.expansion} − contraction ${p.contraction} − churned ${p.churned} = net ${p.net}`,
  retentionLine: (p: {
    nrr: string;
    grr: string;
    logo: string;
    quick: string;
    churn: string;
    valueChurn: string;
  }) =>
    `NRR ${p.nrr} · GRR ${p.grr} · logo retention ${p.logo} · quick ratio ${p.quick} · churn in the period: logos ${p.churn}, value ${p.valueChurn}`,
  noLosses: "no losses",
  emptyCohort: "none (no customers at the start)",
  why: "Why did this change?",
  reasonsLost: "Why we lost customers",
  reasonsGained: "Why we won customers",
  noReasons: "none in this period",
  scores: "Scores",
  scoreLine: (name: string, score: string, n: number, delta: string | null) =>
    `*${name}* ${score} (n=${n}${delta ? `, ${delta} vs before` : ""})`,
  /** The 95% interval after a score. */
  interval: (low: string, high: string) => `95% interval ${low} to ${high}`,
  tooFew: (name: string, n: number) => `*${name}* too few answers (n = ${n})`,
  change: {
    up: "up, beyond noise",
    down: "down, beyond noise",
    unclear: "no clear change",
    tooFew: "too few answers to compare",
  } as Record<"up" | "down" | "unclear" | "tooFew", string>,
  cesScale: "1–7, higher is easier",
  noAnswers: (name: string) => `*${name}* no answers (n=0)`,
  smallN: "small sample",
  sayVsDo: "Say vs do",
  sayVsDoLine: (lost: number, d: string, pa: string, pr: string, nv: string) =>
    `Of the ${lost} customers lost, in the 90 days before leaving: detractors ${d} · passives ${pa} · promoters ${pr} · never surveyed ${nv}.`,
  sayVsDoNone: "No customers were lost in this period.",
  atRisk: "Value at risk",
  atRiskLine: (value: string, count: number) =>
    `${value} across ${count} active customers whose latest answer was a detractor NPS or a CSAT of 1–2.`,
  atRiskNone: "No active customer's latest answer was a detractor NPS or a CSAT of 1–2.",
  voices: "Voices (employees, partners, customers)",
  voicesLine: (n: number) => `${n} notes`,
  voicesNone: "No voice notes in this period.",
  other: "other",
  details: "Details",
  segments: "Segments",
  trend: "Trend (oldest → newest)",
  sources: { employee: "employees", partner: "partners", customer: "customers" } as Record<string, string>,
  sentiments: { positive: "positive", neutral: "neutral", negative: "negative" } as Record<string, string>,
  stages: {
    marketing: "marketing",
    sales: "sales",
    onboarding: "onboarding",
    product: "product",
    service: "service",
    billing: "billing",
  } as Record<string, string>,
  chartTitle: "Gained vs lost per segment · score trends",
  whyTitle: (segment: string) => `What is behind ${segment}`,
  whyMovements: "Ledger entries in the period",
  whyResponses: "Survey answers in the period",
  whyNone: "Nothing recorded in this period.",
  moreSegments: (n: number) => `…and ${n} more segments in the thread.`,
  /** The title of a digest for no meeting (a preview of every segment). */
  previewTitle: "Preview",
  /** Themes in people's own words (services/find-themes.ts), per segment. */
  said: "What people said",
  /** One theme: its label, how many texts mentioned it, the change against the period before. */
  saidTheme: (label: string, mentions: number, change: string) =>
    `${label} — ${mentions} ${mentions === 1 ? "mention" : "mentions"} (${change})`,
  /** The period's largest gains and losses by value, each with its "why" button. */
  moves: "Biggest moves",
  movesGains: "Largest gains",
  movesLosses: "Largest losses",
  moveType: {
    gained: "new",
    reactivated: "reactivation",
    expanded: "expansion",
    lost: "churned",
    contracted: "contraction",
  } as Record<"gained" | "reactivated" | "expanded" | "lost" | "contracted", string>,
  /** One move: customer (segment) ±value · kind · reason — “the note's first words”. */
  moveLine: (p: {
    customer: string;
    segment: string;
    value: string;
    type: string;
    reason: string | null;
    note: string | null;
  }) =>
    `${p.customer} (${p.segment}) ${p.value} · ${p.type}${p.reason ? ` · ${p.reason}` : ""}${p.note ? ` — “${p.note}”` : ""}`,
};

const es: typeof en = {
  title: "¿Nos hemos ganado el derecho a crecer?",
  answer: {
    grew: "Sí — hemos crecido",
    shrank: "No — nos hemos reducido",
    mixed: "Mixto — clientes y valor se movieron en direcciones opuestas",
    held: "Nos mantuvimos — no hubo movimientos",
  },
  verdictWord: { grew: "creció", shrank: "se redujo", mixed: "mixto", held: "se mantuvo" },
  verdictRule:
    "Creció: clientes netos y valor neto ≥ 0 y uno > 0 · se redujo: ambos ≤ 0 y uno < 0 · mixto: uno sube y otro baja · se mantuvo: ambos 0",
  period: (from, to) => `${from} → ${to}`,
  demo: "DATOS DE DEMOSTRACIÓN — ejemplos generados, no clientes reales",
  headline: (net, netValue, prevNet, prevValue) =>
    `neto ${net} clientes (${netValue}) · periodo anterior: ${prevNet} (${prevValue})`,
  customersLine: (p) =>
    `clientes: ganados ${p.gained} + reactivados ${p.reactivated} − perdidos ${p.lost} = neto ${p.net} (antes: ${p.prevNet})`,
  valueLine: (p) =>
    `valor anual: nuevo ${p.new} + reactivación ${p.reactivation} + expansión ${p.expansion} − contracción ${p.contraction} − abandono ${p.churned} = neto ${p.net}`,
  retentionLine: (p) =>
    `NRR ${p.nrr} · GRR ${p.grr} · retención de clientes ${p.logo} · quick ratio ${p.quick} · abandono en el periodo: clientes ${p.churn}, valor ${p.valueChurn}`,
  noLosses: "sin pérdidas",
  emptyCohort: "ninguna (sin clientes al inicio)",
  why: "¿Por qué ha cambiado?",
  reasonsLost: "Por qué perdimos clientes",
  reasonsGained: "Por qué ganamos clientes",
  noReasons: "ninguno en este periodo",
  scores: "Puntuaciones",
  scoreLine: (name, score, n, delta) =>
    `*${name}* ${score} (n=${n}${delta ? `, ${delta} respecto al anterior` : ""})`,
  interval: (low, high) => `intervalo del 95 %: ${low} a ${high}`,
  tooFew: (name, n) => `*${name}* muy pocas respuestas (n = ${n})`,
  change: {
    up: "sube, más allá del ruido",
    down: "baja, más allá del ruido",
    unclear: "sin cambio claro",
    tooFew: "muy pocas respuestas para comparar",
  },
  cesScale: "1–7, más alto es más fácil",
  noAnswers: (name) => `*${name}* sin respuestas (n=0)`,
  smallN: "muestra pequeña",
  sayVsDo: "Lo que dicen frente a lo que hacen",
  sayVsDoLine: (lost, d, pa, pr, nv) =>
    `De los ${lost} clientes perdidos, en los 90 días previos: detractores ${d} · pasivos ${pa} · promotores ${pr} · sin encuestar ${nv}.`,
  sayVsDoNone: "No se perdió ningún cliente en este periodo.",
  atRisk: "Valor en riesgo",
  atRiskLine: (value, count) =>
    `${value} en ${count} clientes activos cuya última respuesta fue un NPS detractor o un CSAT de 1–2.`,
  atRiskNone: "Ningún cliente activo tiene como última respuesta un NPS detractor o un CSAT de 1–2.",
  voices: "Voces (empleados, socios, clientes)",
  voicesLine: (n) => `${n} notas`,
  voicesNone: "No hay notas de voz en este periodo.",
  other: "otros",
  details: "Detalles",
  segments: "Segmentos",
  trend: "Tendencia (de más antiguo a más reciente)",
  sources: { employee: "empleados", partner: "socios", customer: "clientes" },
  sentiments: { positive: "positivo", neutral: "neutral", negative: "negativo" },
  stages: {
    marketing: "marketing",
    sales: "ventas",
    onboarding: "incorporación",
    product: "producto",
    service: "servicio",
    billing: "facturación",
  },
  chartTitle: "Ganados frente a perdidos por segmento · tendencia de puntuaciones",
  whyTitle: (segment) => `Qué hay detrás de ${segment}`,
  whyMovements: "Movimientos del periodo",
  whyResponses: "Respuestas de encuestas del periodo",
  whyNone: "Nada registrado en este periodo.",
  moreSegments: (n) => `…y ${n} segmentos más en el hilo.`,
  previewTitle: "Vista previa",
  said: "Lo que dijo la gente",
  saidTheme: (label, mentions, change) =>
    `${label} — ${mentions} ${mentions === 1 ? "mención" : "menciones"} (${change})`,
  moves: "Mayores movimientos",
  movesGains: "Mayores ganancias",
  movesLosses: "Mayores pérdidas",
  moveType: {
    gained: "nuevo",
    reactivated: "reactivación",
    expanded: "expansión",
    lost: "abandono",
    contracted: "contracción",
  },
  moveLine: (p) =>
    `${p.customer} (${p.segment}) ${p.value} · ${p.type}${p.reason ? ` · ${p.reason}` : ""}${p.note ? ` — “${p.note}”` : ""}`,
};

export const digestTexts: Record<Locale, typeof en> = { en, es };
