import { createHash } from "node:crypto";
import type { MovementInput, ResponseInput } from "./ledger-inputs.js";
import type { MovementType } from "./ledger-rules.js";
import type { Money } from "./money.js";
import { SCORE_RANGE, type SurveyKind } from "./scores.js";

// A deterministic demo data set: the same seed and end give the same rows, byte for byte. It
// tells a story the digest can show: Enterprise growing, SMB bleeding customers on price and
// failed onboardings in the last weeks, and customers who later leave saying so in surveys
// first. Every customer's timeline obeys the ledger rules (see ledger-rules.ts).

export interface DemoDataOptions {
  /** Every generated instant is strictly before this one. */
  end: Date;
  /** Length of the window of activity before `end`; 12 unless told. */
  weeks?: number;
  /** PRNG seed; 1 unless told. */
  seed?: number;
  /** Reporting currency written on every movement. */
  currency: string;
}

export interface DemoData {
  movements: MovementInput[];
  responses: ResponseInput[];
}

export const DEMO_SEGMENTS = ["Enterprise", "Mid-Market", "SMB", "Public Sector"] as const;
export const DEMO_TOUCHPOINTS = ["onboarding", "support", "renewal", "product", "relationship"] as const;

type Touchpoint = (typeof DEMO_TOUCHPOINTS)[number];
type Lang = "es" | "en";
type Phase = "early" | "prior" | "recent";
type Weighted<T> = ReadonlyArray<readonly [T, number]>;
type Weights<K extends string> = Readonly<Partial<Record<K, number>>>;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

// ---------------------------------------------------------------------------------------------
// Seeded randomness (mulberry32): small, fast and good enough for demo data.

class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  float(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.float() * (max - min + 1));
  }

  between(min: number, max: number): number {
    return min + this.float() * (max - min);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  /** Roughly standard normal (sum of three uniforms). */
  normal(): number {
    return (this.float() + this.float() + this.float() - 1.5) * 2;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.float() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  weighted<T>(items: Weighted<T>): T {
    const total = items.reduce((sum, [, w]) => sum + w, 0);
    let r = this.float() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error("weighted pick from an empty list");
    return last[0];
  }

  /** A key of `weights`, drawn in proportion to its weight. */
  weightedKey<K extends string>(weights: Weights<K>): K {
    return this.weighted(Object.entries(weights) as Array<[K, number]>);
  }

  /** A small count whose mean is `rate` (binomial over a few trials). */
  count(rate: number): number {
    if (rate <= 0) return 0;
    const trials = Math.max(1, Math.ceil(rate * 3));
    let n = 0;
    for (let i = 0; i < trials; i++) if (this.chance(rate / trials)) n++;
    return n;
  }
}

/** A weekday instant, on the minute, between 08:00 and 18:00 UTC in [from, to); null when there is none. */
function workTime(rng: Rng, from: number, to: number): Date | null {
  const slots: Array<[number, number]> = [];
  for (let day = Math.floor(from / DAY) * DAY; day < to; day += DAY) {
    const dow = new Date(day).getUTCDay();
    if (dow === 0 || dow === 6) continue;
    const lo = Math.ceil(Math.max(from, day + 8 * HOUR) / MINUTE);
    const hi = Math.ceil(Math.min(to, day + 18 * HOUR) / MINUTE) - 1;
    if (lo <= hi) slots.push([lo, hi]);
  }
  if (slots.length === 0) return null;
  const [lo, hi] = rng.pick(slots);
  return new Date(rng.int(lo, hi) * MINUTE);
}

// ---------------------------------------------------------------------------------------------
// Segments: sizes, values, rates per week and what drives their gains and losses.

interface Rates {
  gained: number;
  lost: number;
  expanded: number;
  contracted: number;
}

interface SegmentProfile {
  name: (typeof DEMO_SEGMENTS)[number];
  /** Customers gained before the window (the opening base). */
  base: number;
  /** Annual value range and rounding step, in whole currency units. */
  value: { min: number; max: number; step: number };
  rates: Record<Phase, Rates>;
  gainedReasons: Record<Phase, Weights<string>>;
  lostReasons: Record<Phase, Weights<string>>;
  /** Survey answers per active customer per week. */
  responseRate: number;
  /** Baseline sentiment −1..1 by phase. */
  mood: Record<Phase, number>;
  spanishShare: number;
}

const same = <T>(x: T): Record<Phase, T> => ({ early: x, prior: x, recent: x });

const SEGMENTS: SegmentProfile[] = [
  {
    name: "Enterprise",
    base: 18,
    value: { min: 40_000, max: 150_000, step: 500 },
    rates: {
      early: { gained: 0.5, lost: 0.3, expanded: 0.5, contracted: 0.15 },
      prior: { gained: 0.6, lost: 0.35, expanded: 0.5, contracted: 0.2 },
      recent: { gained: 1.2, lost: 0.2, expanded: 0.7, contracted: 0.1 },
    },
    gainedReasons: same({ outbound: 4, partner: 3, referral: 2, inbound_marketing: 1 }),
    lostReasons: same({ champion_left: 3, product_gap: 3, competitor: 2, budget_cut: 1, poor_service: 1 }),
    responseRate: 0.9,
    mood: { early: 0.25, prior: 0.3, recent: 0.4 },
    spanishShare: 0.5,
  },
  {
    name: "Mid-Market",
    base: 36,
    value: { min: 8_000, max: 40_000, step: 250 },
    rates: {
      early: { gained: 1.5, lost: 1.0, expanded: 0.5, contracted: 0.3 },
      prior: { gained: 1.4, lost: 1.3, expanded: 0.4, contracted: 0.3 },
      recent: { gained: 1.8, lost: 0.9, expanded: 0.6, contracted: 0.25 },
    },
    gainedReasons: same({
      inbound_marketing: 3,
      outbound: 3,
      referral: 2,
      partner: 1,
      expansion_from_trial: 1,
    }),
    lostReasons: same({
      competitor: 3,
      poor_service: 3,
      product_gap: 2,
      price: 2,
      champion_left: 1,
      other: 1,
    }),
    responseRate: 0.5,
    mood: { early: 0.1, prior: 0.1, recent: 0.15 },
    spanishShare: 0.5,
  },
  {
    name: "SMB",
    base: 72,
    value: { min: 1_000, max: 8_000, step: 60 },
    rates: {
      early: { gained: 2.5, lost: 1.5, expanded: 0.3, contracted: 0.3 },
      prior: { gained: 2.0, lost: 2.0, expanded: 0.25, contracted: 0.4 },
      recent: { gained: 1.4, lost: 3.2, expanded: 0.2, contracted: 0.5 },
    },
    gainedReasons: same({ inbound_marketing: 4, expansion_from_trial: 4, referral: 1, other: 1 }),
    lostReasons: {
      early: { price: 3, onboarding_failure: 2, competitor: 2, poor_service: 1, other: 1 },
      prior: { price: 5, onboarding_failure: 4, competitor: 2, poor_service: 1 },
      recent: { price: 5, onboarding_failure: 5, competitor: 1, poor_service: 1 },
    },
    responseRate: 0.3,
    mood: { early: 0.15, prior: -0.05, recent: -0.25 },
    spanishShare: 0.6,
  },
  {
    name: "Public Sector",
    base: 12,
    value: { min: 20_000, max: 90_000, step: 1_000 },
    rates: {
      early: { gained: 0.3, lost: 0.15, expanded: 0.2, contracted: 0.1 },
      prior: { gained: 0.4, lost: 0.25, expanded: 0.2, contracted: 0.15 },
      recent: { gained: 0.6, lost: 0.2, expanded: 0.25, contracted: 0.05 },
    },
    gainedReasons: same({ partner: 3, outbound: 2, other: 2 }),
    lostReasons: same({ budget_cut: 5, product_gap: 1, poor_service: 1, other: 1 }),
    responseRate: 0.6,
    mood: { early: 0.15, prior: 0.1, recent: 0.1 },
    spanishShare: 0.85,
  },
];

// ---------------------------------------------------------------------------------------------
// Invented names.

// biome-ignore format: a word list reads better packed
const ES_SURNAMES = [
  "Ortega", "Navarro", "Castillo", "Herrera", "Molina", "Serrano", "Vidal", "Iglesias", "Cabrera",
  "Domínguez", "Vázquez", "Ramos", "Gil", "Marín", "Sanz", "Rubio", "Medina", "Garrido", "Cortés", "Lozano",
  "Guerrero", "Prieto", "Pascual", "Santana", "Aguilar", "Nieto", "Soler", "Ferrer", "Campos", "Vega",
];
// biome-ignore format: a word list reads better packed
const ES_SMALL = [
  "Ferretería", "Panadería", "Talleres", "Clínica Dental", "Gestoría", "Farmacia", "Imprenta", "Academia",
  "Carpintería", "Óptica", "Floristería", "Autoescuela", "Fisioterapia", "Librería", "Asesoría", "Cafetería",
];
// biome-ignore format: a word list reads better packed
const ES_MID = [
  "Transportes", "Distribuciones", "Construcciones", "Bodegas", "Conservas", "Hoteles", "Laboratorios",
  "Ingeniería", "Logística", "Climatización", "Muebles", "Suministros",
];
// biome-ignore format: a word list reads better packed
const ES_REGIONS = [
  "Ibérica", "Levante", "Cantábrico", "Mediterráneo", "Atlántico", "Pirineos", "Meseta", "Galaica", "Bética",
];
// biome-ignore format: a word list reads better packed
const ES_TOWNS = [
  "Alcalá de Henares", "Getafe", "Sabadell", "Elche", "Gijón", "Vigo", "Badalona", "Cartagena", "Jerez",
  "Móstoles", "Terrassa", "Burgos", "Albacete", "Logroño", "Huesca", "Talavera", "Lorca", "Ponferrada",
];
const ES_PORTS = ["Vigo", "Gijón", "Cartagena", "Motril", "Castellón", "Huelva", "Almería"];
// biome-ignore format: a word list reads better packed
const EN_PREFIXES = [
  "Northwind", "Bluewater", "Redwood", "Silverline", "Harbor", "Summit", "Ironbridge", "Oakridge",
  "Brightpath", "Clearview", "Pinecrest", "Stonegate", "Westbrook", "Highland", "Riverside", "Goldfield",
  "Crescent", "Evergreen", "Blackstone", "Lakeshore", "Copperleaf", "Fairway", "Granite", "Beacon",
];
// biome-ignore format: a word list reads better packed
const EN_SMALL = [
  "Bakery", "Dental", "Plumbing", "Fitness", "Coffee Roasters", "Print Shop", "Auto Repair", "Florist",
  "Pet Care", "Accounting", "Yoga Studio", "Bike Shop",
];
// biome-ignore format: a word list reads better packed
const EN_MID = [
  "Logistics", "Foods", "Health", "Systems", "Retail", "Supply", "Media", "Manufacturing", "Labs", "Software",
  "Staffing", "Hospitality",
];
// biome-ignore format: a word list reads better packed
const EN_BIG = [
  "Holdings", "Group", "Industries", "Corporation", "Global", "Energy", "Pharmaceuticals", "Financial",
];
// biome-ignore format: a word list reads better packed
const EN_TOWNS = [
  "Springfield", "Riverton", "Fairview", "Maplewood", "Kingsport", "Ashford", "Milton", "Bridgewater",
  "Lakewood", "Greenville",
];

function inventName(rng: Rng, segment: SegmentProfile["name"], lang: Lang): string {
  if (lang === "es") {
    switch (segment) {
      case "SMB":
        return `${rng.pick(ES_SMALL)} ${rng.pick(ES_SURNAMES)}`;
      case "Mid-Market":
        return rng.chance(0.3)
          ? `${rng.pick(ES_MID)} ${rng.pick(ES_SURNAMES)} e Hijos`
          : `${rng.pick(ES_MID)} ${rng.pick(ES_SURNAMES)}`;
      case "Enterprise":
        return rng.pick([
          `Grupo ${rng.pick(ES_SURNAMES)}`,
          `${rng.pick(ES_SURNAMES)} Industrial`,
          `Corporación ${rng.pick(ES_REGIONS)}`,
          `${rng.pick(ES_REGIONS)} Energía`,
          `Hospitales ${rng.pick(ES_SURNAMES)}`,
        ]);
      case "Public Sector":
        return rng.pick([
          `Ayuntamiento de ${rng.pick(ES_TOWNS)}`,
          `Consorcio de Aguas de ${rng.pick(ES_TOWNS)}`,
          `Universidad de ${rng.pick(ES_TOWNS)}`,
          `Autoridad Portuaria de ${rng.pick(ES_PORTS)}`,
          `Diputación de ${rng.pick(ES_TOWNS)}`,
        ]);
    }
  }
  switch (segment) {
    case "SMB":
      return `${rng.pick(EN_PREFIXES)} ${rng.pick(EN_SMALL)}`;
    case "Mid-Market":
      return `${rng.pick(EN_PREFIXES)} ${rng.pick(EN_MID)}`;
    case "Enterprise":
      return `${rng.pick(EN_PREFIXES)} ${rng.pick(EN_BIG)}`;
    case "Public Sector":
      return rng.pick([
        `City of ${rng.pick(EN_TOWNS)}`,
        `${rng.pick(EN_TOWNS)} County Council`,
        `${rng.pick(EN_TOWNS)} Water Authority`,
        `${rng.pick(EN_TOWNS)} School District`,
      ]);
  }
}

// ---------------------------------------------------------------------------------------------
// Notes and comments.

const LOST_NOTES: Record<string, Record<Lang, string[]>> = {
  price: {
    es: [
      "Se fueron con un competidor más barato",
      "Dicen que el precio no se justifica con el uso que le dan",
    ],
    en: ["Moved to a cheaper tool", "Said we are too expensive for how much they use it"],
  },
  onboarding_failure: {
    es: [
      "Nunca llegaron a usar la herramienta después del alta",
      "El onboarding se alargó y perdieron el interés",
    ],
    en: ["Never got past setup", "Onboarding dragged on for weeks and they gave up"],
  },
  competitor: {
    es: ["Se fueron a la competencia tras una demo", "La competencia les ofreció migración gratuita"],
    en: ["Switched to a competitor after a bake-off", "Competitor offered a free migration"],
  },
  product_gap: {
    es: ["Necesitaban integración con su ERP y no la tenemos", "Les faltaban informes multiempresa"],
    en: ["Needed SSO on the standard plan", "Missing multi-entity reporting"],
  },
  poor_service: {
    es: ["Tres incidencias sin resolver en un mes", "Se quejaron varias veces de los tiempos de respuesta"],
    en: ["Support tickets took days to get an answer", "Escalated twice without a fix"],
  },
  budget_cut: {
    es: ["Recorte presupuestario en el nuevo ejercicio", "Congelación del gasto hasta el año que viene"],
    en: ["Budget frozen for the rest of the fiscal year", "Spending cuts across all vendors"],
  },
  champion_left: {
    es: ["Se marchó nuestra persona de contacto y el nuevo director no nos conoce"],
    en: ["Our sponsor left; the new VP brought their own vendor"],
  },
  other: {
    es: ["Cierre del negocio", "Fusión con otra empresa que usa otro proveedor"],
    en: ["Business closed", "Acquired by a company that uses another provider"],
  },
};

const EXPANDED_NOTES: Record<Lang, string[]> = {
  es: ["Añaden el módulo de analítica", "Amplían a una segunda sede", "Suben de plan por más usuarios"],
  en: ["Added the analytics module", "Rolled out to a second site", "Upgraded for more seats"],
};
const CONTRACTED_NOTES: Record<Lang, string[]> = {
  es: ["Reducen licencias", "Bajan al plan básico"],
  en: ["Dropped a batch of seats", "Downgraded to the basic plan"],
};
const REACTIVATED_NOTES: Record<Lang, string[]> = {
  es: ["Vuelven tras probar la competencia", "Vuelven con la nueva tarifa"],
  en: ["Came back after trying a competitor", "Returned with the new pricing"],
};

type Polarity = "positive" | "neutral" | "negative";

const COMMENTS: Record<string, Record<Lang, string[]>> = {
  positive: {
    es: [
      "Muy contentos con el equipo, siempre responden rápido",
      "La herramienta nos ahorra horas cada semana",
      "El último cambio en los informes es justo lo que pedíamos",
      "Buen trato y buena relación calidad-precio",
      "Lo recomendaríamos sin dudarlo",
    ],
    en: [
      "Great team, always quick to respond",
      "Saves us hours every week",
      "The new reporting is exactly what we asked for",
      "Smooth renewal, no surprises",
      "Would recommend to any peer",
    ],
  },
  neutral: {
    es: [
      "Cumple, pero echamos en falta algunas integraciones",
      "Bien en general, aunque el soporte a veces tarda",
      "Correcto, sin más",
      "Nos falta formación para sacarle partido",
    ],
    en: [
      "Does the job, but we miss a few integrations",
      "Fine overall; support can be slow at times",
      "OK, nothing special",
      "We need more training to get the most out of it",
    ],
  },
  negative: {
    es: [
      "Demasiado caro para lo que usamos",
      "Cada actualización rompe algo",
      "Nadie nos ha llamado desde que firmamos",
      "Estamos valorando otras opciones",
    ],
    en: [
      "Too expensive for what we use",
      "Every update breaks something",
      "Nobody has called us since we signed",
      "We are looking at alternatives",
    ],
  },
  "positive:onboarding": {
    es: ["El onboarding fue rápido y muy claro"],
    en: ["Onboarding was quick and clear"],
  },
  "negative:onboarding": {
    es: [
      "El alta fue un lío: nadie nos explicó la configuración",
      "Tres semanas y todavía no hemos importado los datos",
    ],
    en: [
      "Setup was confusing and nobody walked us through it",
      "Three weeks in and our data still isn't imported",
    ],
  },
  "positive:support": {
    es: ["Me resolvieron la incidencia en el mismo día"],
    en: ["Ticket solved the same day, thanks!"],
  },
  "negative:support": {
    es: [
      "Llevamos semanas esperando una respuesta de soporte",
      "Me pasaron por tres personas y nadie lo resolvió",
    ],
    en: ["Waiting weeks for support to get back to us", "Bounced between three agents and still not fixed"],
  },
  "negative:renewal": {
    es: ["La subida de precio en la renovación no nos encaja"],
    en: ["The price increase at renewal is hard to justify"],
  },
};

// ---------------------------------------------------------------------------------------------
// Simulation.

interface Spell {
  from: number;
  to: number | null;
  lossReason: string | null;
  reactivated: boolean;
}

interface Customer {
  externalId: string;
  name: string;
  segment: SegmentProfile;
  lang: Lang;
  /** Personal leaning, added to the segment's mood. */
  bias: number;
  status: "active" | "lost";
  /** Annual value in cents. */
  value: number;
  /** Value when last lost, in cents. */
  lostValue: number;
  /** Time of the last state-changing movement. */
  lastAt: number;
  spells: Spell[];
}

interface MovementDraft {
  customer: Customer;
  type: MovementType;
  at: Date;
  value: number;
  reasonCode: string | null;
  note: string | null;
}

interface Intent {
  type: "gained" | "lost" | "expanded" | "contracted" | "reactivated" | "referred";
  segment: SegmentProfile;
  at: Date;
  phase: Phase;
}

const money = (cents: number): Money => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

const roundTo = (cents: number, stepCents: number) =>
  Math.max(stepCents, Math.round(cents / stepCents) * stepCents);

function phaseOf(week: number, weeks: number): Phase {
  const fromEnd = weeks - 1 - week;
  if (fromEnd < 4) return "recent";
  if (fromEnd < 8) return "prior";
  return "early";
}

const hash = (row: object) => createHash("sha256").update(JSON.stringify(row)).digest("hex");

export function generateDemoData(opts: DemoDataOptions): DemoData {
  const weeks = opts.weeks ?? 12;
  if (!Number.isInteger(weeks) || weeks < 1) {
    throw new Error(`weeks must be a positive integer, got ${weeks}`);
  }
  const endMs = opts.end.getTime();
  if (Number.isNaN(endMs)) throw new Error("end must be a valid date");
  const rng = new Rng(opts.seed ?? 1);
  const windowStart = endMs - weeks * WEEK;

  const customers: Customer[] = [];
  const drafts: MovementDraft[] = [];
  const usedNames = new Set<string>();

  const newName = (segment: SegmentProfile, lang: Lang): string => {
    for (let attempt = 0; attempt < 50; attempt++) {
      const name = inventName(rng, segment.name, lang);
      if (!usedNames.has(name)) {
        usedNames.add(name);
        return name;
      }
    }
    const name = `${inventName(rng, segment.name, lang)} ${usedNames.size + 1}`;
    usedNames.add(name);
    return name;
  };
  const randomValue = (segment: SegmentProfile) =>
    roundTo(rng.between(segment.value.min, segment.value.max) * 100, segment.value.step * 100);

  const gain = (segment: SegmentProfile, at: Date, reasonCode: string | null): Customer => {
    const lang: Lang = rng.chance(segment.spanishShare) ? "es" : "en";
    const customer: Customer = {
      externalId: `demo-cus-${String(customers.length + 1).padStart(4, "0")}`,
      name: newName(segment, lang),
      segment,
      lang,
      bias: rng.normal() * 0.25,
      status: "active",
      value: randomValue(segment),
      lostValue: 0,
      lastAt: at.getTime(),
      spells: [{ from: at.getTime(), to: null, lossReason: null, reactivated: false }],
    };
    customers.push(customer);
    drafts.push({ customer, type: "gained", at, value: customer.value, reasonCode, note: null });
    return customer;
  };

  // The opening base: customers gained 14 to 39 weeks before the window starts.
  const opening: Array<{ segment: SegmentProfile; at: Date }> = [];
  for (const segment of SEGMENTS) {
    for (let i = 0; i < segment.base; i++) {
      const at = workTime(rng, windowStart - 39 * WEEK, windowStart - 14 * WEEK);
      if (at) opening.push({ segment, at });
    }
  }
  opening.sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const { segment, at } of opening) gain(segment, at, rng.weightedKey(segment.gainedReasons.early));

  // The window: what happens each week, by segment, then played in time order.
  const intents: Intent[] = [];
  const counts = new Map<string, number[]>();
  for (const segment of SEGMENTS) {
    for (const type of ["gained", "lost", "expanded", "contracted"] as const) {
      const perWeek = Array.from({ length: weeks }, (_, w) =>
        rng.count(segment.rates[phaseOf(w, weeks)][type]),
      );
      // Every segment both gains and loses someone in the window.
      if ((type === "gained" || type === "lost") && !perWeek.some((n) => n > 0)) {
        const w = rng.int(0, weeks - 1);
        perWeek[w] = 1;
      }
      counts.set(`${segment.name}:${type}`, perWeek);
    }
  }
  for (let w = 0; w < weeks; w++) {
    const phase = phaseOf(w, weeks);
    const from = windowStart + w * WEEK;
    const to = Math.min(from + WEEK, endMs);
    for (const segment of SEGMENTS) {
      for (const type of ["gained", "lost", "expanded", "contracted"] as const) {
        const n = counts.get(`${segment.name}:${type}`)?.[w] ?? 0;
        for (let i = 0; i < n; i++) {
          const at = workTime(rng, from, to);
          if (at) intents.push({ type, segment, at, phase });
        }
      }
      if (rng.chance(0.04)) {
        const at = workTime(rng, from, to);
        if (at) intents.push({ type: "referred", segment, at, phase });
      }
    }
  }
  // A couple of lost customers come back in the last weeks.
  const reactivations = 2 + (rng.chance(0.5) ? 1 : 0);
  for (let i = 0; i < reactivations; i++) {
    const at = workTime(rng, Math.max(windowStart, endMs - 6 * WEEK), endMs);
    if (at) {
      const w = Math.min(weeks - 1, Math.floor((at.getTime() - windowStart) / WEEK));
      intents.push({ type: "reactivated", segment: rng.pick(SEGMENTS), at, phase: phaseOf(w, weeks) });
    }
  }
  intents.sort((a, b) => a.at.getTime() - b.at.getTime());

  const active = (segment: SegmentProfile | null, before: number) =>
    customers.filter(
      (c) => c.status === "active" && (!segment || c.segment === segment) && c.lastAt < before,
    );

  const addReferral = (referrer: Customer, at: Date, referredName: string, closed: boolean) => {
    const note =
      referrer.lang === "es"
        ? closed
          ? `Nos recomendó a ${referredName}`
          : `Nos ha presentado a ${referredName}; en conversaciones`
        : closed
          ? `Referred ${referredName}`
          : `Introduced us to ${referredName}; in talks`;
    drafts.push({ customer: referrer, type: "referred", at, value: 0, reasonCode: "referral", note });
  };

  for (const intent of intents) {
    const t = intent.at.getTime();
    const { segment } = intent;
    switch (intent.type) {
      case "gained": {
        const reason = rng.weightedKey(segment.gainedReasons[intent.phase]);
        const customer = gain(segment, intent.at, reason);
        if (reason === "referral") {
          const pool = active(segment, t - DAY);
          const referrers = pool.length > 0 ? pool : active(null, t - DAY);
          if (referrers.length > 0) {
            const referrer = rng.pick(referrers);
            const at = workTime(rng, Math.max(referrer.lastAt + HOUR, t - 10 * DAY, windowStart), t);
            if (at) addReferral(referrer, at, customer.name, true);
          }
        }
        break;
      }
      case "lost": {
        let reason = rng.weightedKey(segment.lostReasons[intent.phase]);
        const eligible = active(segment, t - 7 * DAY).filter(
          (c) => (c.spells.at(-1)?.from ?? t) < t - 21 * DAY,
        );
        if (eligible.length === 0) break;
        let customer: Customer;
        if (reason === "onboarding_failure") {
          // Failed onboardings hit the newest customers.
          const newest = [...eligible].sort(
            (a, b) => (b.spells.at(-1)?.from ?? 0) - (a.spells.at(-1)?.from ?? 0),
          );
          const recent = newest.filter((c) => (c.spells.at(-1)?.from ?? 0) > t - 150 * DAY);
          if (recent.length === 0) reason = "price";
          customer = rng.pick(recent.length > 0 ? recent.slice(0, 5) : eligible);
        } else {
          customer = rng.pick(eligible);
        }
        const notes = LOST_NOTES[reason]?.[customer.lang] ?? [];
        const note = notes.length > 0 && rng.chance(0.45) ? rng.pick(notes) : null;
        drafts.push({
          customer,
          type: "lost",
          at: intent.at,
          value: customer.value,
          reasonCode: reason,
          note,
        });
        customer.status = "lost";
        customer.lostValue = customer.value;
        customer.value = 0;
        customer.lastAt = t;
        const spell = customer.spells.at(-1);
        if (spell) {
          spell.to = t;
          spell.lossReason = reason;
        }
        break;
      }
      case "expanded":
      case "contracted": {
        const eligible = active(segment, t - 14 * DAY);
        if (eligible.length === 0) break;
        const customer = rng.pick(eligible);
        const step = segment.value.step * 100;
        const expanded = intent.type === "expanded";
        const delta = roundTo(
          customer.value * (expanded ? rng.between(0.1, 0.4) : rng.between(0.1, 0.35)),
          step,
        );
        if (!expanded && delta >= customer.value) break;
        const notes = (expanded ? EXPANDED_NOTES : CONTRACTED_NOTES)[customer.lang];
        const note = rng.chance(0.4) ? rng.pick(notes) : null;
        const reasonCode = expanded
          ? rng.chance(0.5)
            ? "outbound"
            : null
          : rng.weightedKey({ budget_cut: 3, price: 2, product_gap: 1 });
        drafts.push({ customer, type: intent.type, at: intent.at, value: delta, reasonCode, note });
        customer.value += expanded ? delta : -delta;
        customer.lastAt = t;
        break;
      }
      case "reactivated": {
        const eligible = customers.filter((c) => c.status === "lost" && c.lastAt < t - 21 * DAY);
        if (eligible.length === 0) break;
        const customer = rng.pick(eligible);
        const value = roundTo(customer.lostValue * rng.between(0.6, 1), customer.segment.value.step * 100);
        const note = rng.chance(0.6) ? rng.pick(REACTIVATED_NOTES[customer.lang]) : null;
        drafts.push({ customer, type: "reactivated", at: intent.at, value, reasonCode: "outbound", note });
        customer.status = "active";
        customer.value = value;
        customer.lastAt = t;
        customer.spells.push({ from: t, to: null, lossReason: null, reactivated: true });
        break;
      }
      case "referred": {
        const eligible = active(segment, t);
        if (eligible.length === 0) break;
        const referrer = rng.pick(eligible);
        const lang: Lang = rng.chance(segment.spanishShare) ? "es" : "en";
        addReferral(referrer, intent.at, newName(segment, lang), false);
        break;
      }
    }
  }

  drafts.sort((a, b) => a.at.getTime() - b.at.getTime());
  const movements: MovementInput[] = drafts.map((d, i) => {
    const row = {
      idempotencyKey: `demo:mov-${String(i + 1).padStart(5, "0")}`,
      customerExternalId: d.customer.externalId,
      customerName: d.customer.name,
      segment: d.customer.segment.name,
      type: d.type,
      occurredAt: d.at,
      value: money(d.value),
      currency: opts.currency,
      reasonCode: d.reasonCode,
      note: d.note,
      source: "demo" as const,
      recordedBy: null,
    };
    return { ...row, contentHash: hash(row) };
  });

  return { movements, responses: generateResponses(rng, customers, { windowStart, endMs, weeks }) };
}

// ---------------------------------------------------------------------------------------------
// Survey answers.

const KINDS: Weights<SurveyKind> = { nps: 45, csat: 35, ces: 20 };
const TOUCHPOINTS: Record<SurveyKind, Weights<Touchpoint>> = {
  nps: { relationship: 5, renewal: 2, product: 2 },
  csat: { support: 5, onboarding: 2, product: 1, renewal: 1 },
  ces: { support: 4, onboarding: 3, product: 2 },
};
/** Loss reasons that have little to do with how the customer felt about us. */
const BLAMELESS = new Set(["budget_cut", "champion_left", "other"]);

interface ResponseDraft {
  kind: SurveyKind;
  score: number;
  respondedAt: Date;
  customer: Customer | null;
  segment: SegmentProfile;
  touchpoint: Touchpoint;
  comment: string | null;
}

function scoreFor(rng: Rng, kind: SurveyKind, mood: number): number {
  const s = Math.max(-1, Math.min(1, mood));
  const raw =
    kind === "nps"
      ? 7.6 + 2.6 * s + 1.4 * rng.normal()
      : kind === "csat"
        ? 4 + 1.1 * s + 0.7 * rng.normal()
        : 5.2 + 1.8 * s + rng.normal();
  const { min, max } = SCORE_RANGE[kind];
  return Math.max(min, Math.min(max, Math.round(raw)));
}

function commentFor(
  rng: Rng,
  kind: SurveyKind,
  score: number,
  touchpoint: Touchpoint,
  lang: Lang,
): string | null {
  const { min, max } = SCORE_RANGE[kind];
  const q = (score - min) / (max - min);
  const polarity: Polarity = q >= 0.8 ? "positive" : q <= 0.5 ? "negative" : "neutral";
  if (!rng.chance(polarity === "neutral" ? 0.2 : 0.4)) return null;
  const specific = COMMENTS[`${polarity}:${touchpoint}`]?.[lang];
  const general = COMMENTS[polarity]?.[lang] ?? [];
  const pool = specific && rng.chance(0.6) ? specific : general;
  return pool.length > 0 ? rng.pick(pool) : null;
}

function generateResponses(
  rng: Rng,
  customers: Customer[],
  window: { windowStart: number; endMs: number; weeks: number },
): ResponseInput[] {
  const { windowStart, endMs, weeks } = window;
  const drafts: ResponseDraft[] = [];

  const answer = (
    customer: Customer | null,
    segment: SegmentProfile,
    at: Date,
    mood: number,
    lang: Lang,
    onboardingLikely: boolean,
    phase: Phase,
  ) => {
    const kind = rng.weightedKey(KINDS);
    let touchpoint = rng.weightedKey(TOUCHPOINTS[kind]);
    if (onboardingLikely && kind !== "nps" && rng.chance(0.6)) touchpoint = "onboarding";
    let m = mood;
    // SMB onboarding is where it hurts lately.
    if (segment.name === "SMB" && touchpoint === "onboarding" && phase !== "early") m -= 0.4;
    if (touchpoint === "renewal" && segment.name === "SMB") m -= 0.15;
    const score = scoreFor(rng, kind, m);
    drafts.push({
      kind,
      score,
      respondedAt: at,
      customer,
      segment,
      touchpoint,
      comment: commentFor(rng, kind, score, touchpoint, lang),
    });
  };

  for (let w = 0; w < weeks; w++) {
    const phase = phaseOf(w, weeks);
    const weekStart = windowStart + w * WEEK;
    const weekEnd = Math.min(weekStart + WEEK, endMs);
    for (const customer of customers) {
      const segment = customer.segment;
      for (const spell of customer.spells) {
        const from = Math.max(weekStart, spell.from + DAY);
        const to = Math.min(weekEnd, spell.to ?? endMs);
        if (to <= from) continue;
        const n = rng.count(segment.responseRate * ((to - from) / WEEK));
        for (let i = 0; i < n; i++) {
          const at = workTime(rng, from, to);
          if (!at) continue;
          const t = at.getTime();
          let mood = segment.mood[phase] + customer.bias + 0.2 * rng.normal();
          if (spell.reactivated) mood += 0.1;
          if (spell.to !== null && spell.to - t <= 90 * DAY) {
            // Customers about to leave say so first, unless the reason was out of our hands.
            const closeness = 1 - (spell.to - t) / (90 * DAY);
            mood = BLAMELESS.has(spell.lossReason ?? "")
              ? mood - 0.15
              : Math.min(mood, -0.45 - 0.4 * closeness) + 0.1 * rng.normal();
          }
          answer(customer, segment, at, mood, customer.lang, t - spell.from < 45 * DAY, phase);
        }
      }
    }
    // Anonymous answers: segment only.
    const anonymous = rng.count(10 * ((weekEnd - weekStart) / WEEK));
    for (let i = 0; i < anonymous; i++) {
      const segment = rng.weighted(SEGMENTS.map((s) => [s, s.base] as const));
      const at = workTime(rng, weekStart, weekEnd);
      if (!at) continue;
      const lang: Lang = rng.chance(segment.spanishShare) ? "es" : "en";
      answer(null, segment, at, segment.mood[phase] + 0.35 * rng.normal(), lang, false, phase);
    }
  }

  drafts.sort((a, b) => a.respondedAt.getTime() - b.respondedAt.getTime());
  return drafts.map((d, i) => {
    const row = {
      idempotencyKey: `demo:rsp-${String(i + 1).padStart(5, "0")}`,
      kind: d.kind,
      score: d.score,
      respondedAt: d.respondedAt,
      customerExternalId: d.customer?.externalId ?? null,
      segment: d.segment.name,
      touchpoint: d.touchpoint,
      comment: d.comment,
      source: "demo" as const,
      respondentSlackId: null,
      surveyId: null,
    };
    return { ...row, contentHash: hash(row) };
  });
}
