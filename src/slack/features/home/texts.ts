import type { Locale } from "../../../domain/locale.js";
import type { SurveyKind } from "../../../domain/scores.js";
import type { Verdict } from "../../../domain/verdict.js";

const en = {
  header: "RightToGrow",
  question: "*Did we earn the right to grow?*",
  period: (days: number, from: string, to: string) =>
    `Last ${days} days (${from} – ${to}), compared with the ${days} days before.`,
  company: "Whole company",
  verdicts: {
    grew: "📈 We grew",
    shrank: "📉 We shrank",
    mixed: "↔️ Mixed: customers and value moved in opposite directions",
    held: "➖ Nothing moved",
  } satisfies Record<Verdict, string>,
  gained: "Gained",
  lost: "Lost",
  reactivated: "Won back",
  retention: "Retention (customers at the start)",
  retentionLine: (nrr: string, grr: string, logo: string) => `NRR ${nrr} · GRR ${grr} · logos ${logo}`,
  emptyCohort: "none: no customers at the start",
  quickRatio: "Quick ratio",
  noLosses: "no losses",
  tooFew: (n: number) => `too few answers (n = ${n})`,
  interval: (low: string, high: string) => `95% ${low}–${high}`,
  netCustomers: "Net customers",
  netValue: "Net value",
  nps: "NPS",
  before: (x: string) => `before: ${x}`,
  noAnswers: "no answers yet (n=0)",
  bySegment: "By segment",
  segmentLine: (p: {
    name: string;
    gained: string;
    reactivated: string;
    lost: string;
    netCustomers: string;
    netValue: string;
    nrr: string;
    quick: string;
    nps: string;
  }) =>
    `*${p.name}* — gained ${p.gained} + won back ${p.reactivated} − lost ${p.lost} = net ${p.netCustomers} / ${p.netValue} · NRR ${p.nrr} · quick ratio ${p.quick} · NPS ${p.nps}`,
  noSegments: "No segments yet: record a customer won with `/cx won` or import a CRM export.",
  moreSegments: (n: number) => `…and ${n} more. \`/cx stats <segment>\` shows any of them.`,
  employeeScope: "Managers also see these numbers per segment.",
  accounts: "Your accounts",
  account: (name: string, segment: string, latest: string, alerts: string) =>
    `• *${name}* (${segment}) — ${latest}${alerts}`,
  latest: (kind: string, score: number, date: string) => `latest ${kind} ${score} on ${date}`,
  noLatest: "no answers yet",
  openAlerts: (n: number) => ` · 🔔 ${n === 1 ? "1 open alert" : `${n} open alerts`}`,
  moreAccounts: (n: number) => `…and ${n} more. \`/cx owner <customer>\` shows who owns any of them.`,
  accountsHint: "You own these customers: their detractor alerts come to you by DM.",
  myNotes: "Your recent notes",
  noNotes: "You have not shared a signed note yet.",
  anonymousNotListed: "Anonymous notes are not listed here: they are linked to nobody, not even you.",
  pending: "Surveys waiting for your answer",
  noPending: "Nothing is waiting for you. 🙌",
  kinds: { nps: "NPS", csat: "CSAT", ces: "CES" } satisfies Record<SurveyKind, string>,
  pendingWhere: (channel: string | null) =>
    channel === null ? "" : channel.startsWith("D") ? " — in your messages with me" : ` — in <#${channel}>`,
  sent: (date: string) => `sent ${date}`,
  actions: "What you can do",
  shareVoice: "Share a voice note",
  managerHints: [
    "`/cx won` · `/cx lost` — record a customer won or lost, with the reason",
    "`/cx survey nps|csat|ces` — send a survey",
    "`/cx stats [segment] [period]` — the numbers for one segment",
  ],
  helpHint: "`/cx help metrics` — what these numbers mean, and where they mislead",
  triage: "Notes waiting for triage",
  noOpenNotes: "No open notes. 🎉",
  anonymous: "anonymous",
  markDiscussed: "Discussed",
  markActioned: "Actioned",
};

const es: typeof en = {
  header: "RightToGrow",
  question: "*¿Nos hemos ganado el derecho a crecer?*",
  period: (days, from, to) => `Últimos ${days} días (${from} – ${to}), frente a los ${days} días anteriores.`,
  company: "Toda la empresa",
  verdicts: {
    grew: "📈 Hemos crecido",
    shrank: "📉 Hemos decrecido",
    mixed: "↔️ Mixto: clientes y valor se movieron en direcciones opuestas",
    held: "➖ No se ha movido nada",
  },
  gained: "Ganados",
  lost: "Perdidos",
  reactivated: "Recuperados",
  retention: "Retención (clientes al inicio)",
  retentionLine: (nrr, grr, logo) => `NRR ${nrr} · GRR ${grr} · clientes ${logo}`,
  emptyCohort: "ninguna: sin clientes al inicio",
  quickRatio: "Quick ratio",
  noLosses: "sin pérdidas",
  tooFew: (n) => `muy pocas respuestas (n = ${n})`,
  interval: (low, high) => `95 % ${low}–${high}`,
  netCustomers: "Clientes netos",
  netValue: "Valor neto",
  nps: "NPS",
  before: (x) => `antes: ${x}`,
  noAnswers: "aún sin respuestas (n=0)",
  bySegment: "Por segmento",
  segmentLine: (p) =>
    `*${p.name}* — ganados ${p.gained} + recuperados ${p.reactivated} − perdidos ${p.lost} = neto ${p.netCustomers} / ${p.netValue} · NRR ${p.nrr} · quick ratio ${p.quick} · NPS ${p.nps}`,
  noSegments: "Aún no hay segmentos: registra un cliente ganado con `/cx won` o importa un export del CRM.",
  moreSegments: (n) => `…y ${n} más. \`/cx stats <segmento>\` muestra cualquiera de ellos.`,
  employeeScope: "Los responsables ven además estas cifras por segmento.",
  accounts: "Tus cuentas",
  account: (name, segment, latest, alerts) => `• *${name}* (${segment}) — ${latest}${alerts}`,
  latest: (kind, score, date) => `último ${kind} ${score} el ${date}`,
  noLatest: "aún sin respuestas",
  openAlerts: (n) => ` · 🔔 ${n === 1 ? "1 alerta abierta" : `${n} alertas abiertas`}`,
  moreAccounts: (n) => `…y ${n} más. \`/cx owner <cliente>\` muestra quién es responsable de cualquiera.`,
  accountsHint: "Eres responsable de estos clientes: sus alertas de detractores te llegan por MD.",
  myNotes: "Tus notas recientes",
  noNotes: "Aún no has compartido ninguna nota firmada.",
  anonymousNotListed: "Las notas anónimas no aparecen aquí: no están ligadas a nadie, ni siquiera a ti.",
  pending: "Encuestas pendientes de tu respuesta",
  noPending: "No tienes nada pendiente. 🙌",
  kinds: { nps: "NPS", csat: "CSAT", ces: "CES" },
  pendingWhere: (channel) =>
    channel === null ? "" : channel.startsWith("D") ? " — en tus mensajes conmigo" : ` — en <#${channel}>`,
  sent: (date) => `enviada el ${date}`,
  actions: "Qué puedes hacer",
  shareVoice: "Compartir una nota de voz",
  managerHints: [
    "`/cx won` · `/cx lost` — registra un cliente ganado o perdido, con el motivo",
    "`/cx survey nps|csat|ces` — envía una encuesta",
    "`/cx stats [segmento] [periodo]` — las cifras de un segmento",
  ],
  helpHint: "`/cx help metrics` — qué significan estas cifras y dónde engañan",
  triage: "Notas pendientes de revisar",
  noOpenNotes: "No hay notas abiertas. 🎉",
  anonymous: "anónima",
  markDiscussed: "Comentada",
  markActioned: "Resuelta",
};

export const homeTexts: Record<Locale, typeof en> = { en, es };
