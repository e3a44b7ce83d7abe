import { Decimal } from "decimal.js";
import { cesInterval, csatInterval, type Interval, npsInterval } from "./score-noise.js";

export type SurveyKind = "nps" | "csat" | "ces";

export const SCORE_RANGE: Record<SurveyKind, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
  ces: { min: 1, max: 7 },
};

export function isValidScore(kind: SurveyKind, score: number): boolean {
  const r = SCORE_RANGE[kind];
  return Number.isInteger(score) && score >= r.min && score <= r.max;
}

export type NpsClass = "promoter" | "passive" | "detractor";

export function classifyNps(score: number): NpsClass {
  if (score >= 9) return "promoter";
  if (score >= 7) return "passive";
  return "detractor";
}

/** How many answers each score got: index = score. */
export type Histogram = Record<number, number>;

export interface NpsResult {
  n: number;
  promoters: number;
  passives: number;
  detractors: number;
  /** −100..100, one decimal; null when n = 0. */
  score: number | null;
  /** 95% interval by the adjusted Wald method; null when n = 0. */
  ci: Interval | null;
}

export interface CsatResult {
  n: number;
  satisfied: number;
  /** Share of 4–5 answers as a percentage, one decimal; null when n = 0. */
  score: number | null;
  /** 95% Wilson interval, in %; null when n = 0. */
  ci: Interval | null;
}

export interface CesResult {
  n: number;
  /** Mean of 1–7, two decimals; null when n = 0. */
  score: number | null;
  /** 95% Student's t interval of the mean; null when n < 2. */
  ci: Interval | null;
}

const round = (d: Decimal, places: number) => d.toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toNumber();

function entries(h: Histogram): Array<[number, number]> {
  return Object.entries(h).map(([score, count]) => [Number(score), count]);
}

export function npsFromHistogram(h: Histogram): NpsResult {
  let promoters = 0;
  let passives = 0;
  let detractors = 0;
  for (const [score, count] of entries(h)) {
    const c = classifyNps(score);
    if (c === "promoter") promoters += count;
    else if (c === "passive") passives += count;
    else detractors += count;
  }
  const n = promoters + passives + detractors;
  const score = n === 0 ? null : round(new Decimal(promoters - detractors).times(100).dividedBy(n), 1);
  return { n, promoters, passives, detractors, score, ci: npsInterval(promoters, detractors, n) };
}

export function csatFromHistogram(h: Histogram): CsatResult {
  let n = 0;
  let satisfied = 0;
  for (const [score, count] of entries(h)) {
    n += count;
    if (score >= 4) satisfied += count;
  }
  const score = n === 0 ? null : round(new Decimal(satisfied).times(100).dividedBy(n), 1);
  return { n, satisfied, score, ci: csatInterval(satisfied, n) };
}

export function cesFromHistogram(h: Histogram): CesResult {
  let n = 0;
  let sum = 0;
  for (const [score, count] of entries(h)) {
    n += count;
    sum += score * count;
  }
  return { n, score: n === 0 ? null : round(new Decimal(sum).dividedBy(n), 2), ci: cesInterval(h) };
}

export type ScoreResult = NpsResult | CsatResult | CesResult;

/** The score of `kind` over a histogram of its answers. */
export function scoreFromHistogram(kind: SurveyKind, h: Histogram): ScoreResult {
  return kind === "nps" ? npsFromHistogram(h) : kind === "csat" ? csatFromHistogram(h) : cesFromHistogram(h);
}

export function mergeHistograms(...hs: Histogram[]): Histogram {
  const out: Histogram = {};
  for (const h of hs) for (const [score, count] of entries(h)) out[score] = (out[score] ?? 0) + count;
  return out;
}

/** Difference of two nullable scores, rounded to `places`; null if either side is missing. */
export function scoreDelta(current: number | null, previous: number | null, places: number): number | null {
  if (current === null || previous === null) return null;
  return round(new Decimal(current).minus(previous), places);
}
