import { Decimal } from "decimal.js";

// Noise on every score (docs/metrics.md): 95% intervals, and whether a change against the
// previous period is beyond that noise. Pure arithmetic over counts; nothing here returns NaN
// or Infinity — where an interval does not exist the answer is null.

export interface Interval {
  low: number;
  high: number;
}

/** Two-sided 95%: the normal quantile used by every interval here. */
export const Z95 = 1.96;

const round1 = (x: number) => new Decimal(x).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber();
const clip = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** NPS by the adjusted Wald method: n′ = n + 3, p′ = (P + 0.75)/n′, d′ = (D + 0.75)/n′. */
function npsAdjusted(promoters: number, detractors: number, n: number): { est: number; se: number } {
  const n1 = n + 3;
  const p = (promoters + 0.75) / n1;
  const d = (detractors + 0.75) / n1;
  return { est: p - d, se: Math.sqrt((p + d - (p - d) ** 2) / n1) };
}

export function npsInterval(promoters: number, detractors: number, n: number): Interval | null {
  if (n <= 0) return null;
  const { est, se } = npsAdjusted(promoters, detractors, n);
  return {
    low: round1(clip(100 * (est - Z95 * se), -100, 100)),
    high: round1(clip(100 * (est + Z95 * se), -100, 100)),
  };
}

/** CSAT (share of 4–5, in %) by the Wilson score interval. */
export function csatInterval(satisfied: number, n: number): Interval | null {
  if (n <= 0) return null;
  const p = satisfied / n;
  const z2 = Z95 * Z95;
  const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const half = (Z95 / (1 + z2 / n)) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return {
    low: round1(clip(100 * (centre - half), 0, 100)),
    high: round1(clip(100 * (centre + half), 0, 100)),
  };
}

export interface Moments {
  n: number;
  mean: number;
  /** Sample variance (n − 1 in the denominator); 0 when n < 2. */
  variance: number;
}

/** Count, mean and sample variance of a histogram (index = score). */
export function momentsOf(h: Record<number, number>): Moments {
  let n = 0;
  let sum = 0;
  for (const [score, count] of Object.entries(h)) {
    n += count;
    sum += Number(score) * count;
  }
  if (n === 0) return { n: 0, mean: 0, variance: 0 };
  const mean = sum / n;
  let ss = 0;
  for (const [score, count] of Object.entries(h)) ss += count * (Number(score) - mean) ** 2;
  return { n, mean, variance: n > 1 ? ss / (n - 1) : 0 };
}

/**
 * The CES mean by Student's t: mean ± t(0.975, n − 1) × s/√n, within the 1–7 scale. Null when
 * n < 2 (one answer has no spread to measure).
 */
export function cesInterval(h: Record<number, number>): Interval | null {
  const m = momentsOf(h);
  if (m.n < 2) return null;
  const half = tQuantile975(m.n - 1) * Math.sqrt(m.variance / m.n);
  return { low: round1(clip(m.mean - half, 1, 7)), high: round1(clip(m.mean + half, 1, 7)) };
}

// Student's t: the regularised incomplete beta function (continued fraction, as in Numerical
// Recipes §6.4) gives the two-sided tail, and bisection finds the 97.5% quantile.
function logGamma(x: number): number {
  const c = [
    76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2,
    -0.5395239384953e-5,
  ];
  let y = x;
  const tmp = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let ser = 1.000000000190015;
  for (const ci of c) ser += ci / ++y;
  return -tmp + Math.log((2.5066282746310007 * ser) / x);
}

function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-12) break;
  }
  return h;
}

function incompleteBeta(a: number, b: number, x: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  return x < (a + 1) / (a + b + 2)
    ? (front * betaContinuedFraction(a, b, x)) / a
    : 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(|T| > t) for Student's t with `df` degrees of freedom (df may be fractional, Welch). */
function twoSidedTail(t: number, df: number): number {
  return incompleteBeta(df / 2, 0.5, df / (df + t * t));
}

/** The 97.5% quantile of Student's t with `df` degrees of freedom. */
export function tQuantile975(df: number): number {
  let lo = 0;
  let hi = 1000;
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2;
    if (twoSidedTail(mid, df) > 0.05) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Whether a score moved against the previous period, beyond noise. */
export type ScoreChange = "up" | "down" | "unclear";

const call = (low: number, high: number): ScoreChange => (low > 0 ? "up" : high < 0 ? "down" : "unclear");

/**
 * NPS: the difference of the two adjusted-Wald estimates ± 1.96 √(SE₁² + SE₂²).
 * Up or down only when that interval excludes 0.
 */
export function npsChange(
  cur: { promoters: number; detractors: number; n: number },
  prev: { promoters: number; detractors: number; n: number },
): ScoreChange {
  const a = npsAdjusted(cur.promoters, cur.detractors, cur.n);
  const b = npsAdjusted(prev.promoters, prev.detractors, prev.n);
  const half = Z95 * Math.sqrt(a.se ** 2 + b.se ** 2);
  return call(a.est - b.est - half, a.est - b.est + half);
}

/** CSAT: the Agresti–Caffo interval for a difference of proportions (one success and one failure added to each side). */
export function csatChange(
  cur: { satisfied: number; n: number },
  prev: { satisfied: number; n: number },
): ScoreChange {
  const p1 = (cur.satisfied + 1) / (cur.n + 2);
  const p2 = (prev.satisfied + 1) / (prev.n + 2);
  const half = Z95 * Math.sqrt((p1 * (1 - p1)) / (cur.n + 2) + (p2 * (1 - p2)) / (prev.n + 2));
  return call(p1 - p2 - half, p1 - p2 + half);
}

/** CES: Welch's t-test at 5% (two-sided), Welch–Satterthwaite degrees of freedom. */
export function cesChange(cur: Record<number, number>, prev: Record<number, number>): ScoreChange {
  const a = momentsOf(cur);
  const b = momentsOf(prev);
  const diff = a.mean - b.mean;
  const va = a.variance / a.n;
  const vb = b.variance / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return diff > 0 ? "up" : diff < 0 ? "down" : "unclear";
  const df = (va + vb) ** 2 / ((a.n > 1 ? va ** 2 / (a.n - 1) : 0) + (b.n > 1 ? vb ** 2 / (b.n - 1) : 0));
  const half = tQuantile975(Number.isFinite(df) && df > 0 ? df : 1) * se;
  return call(diff - half, diff + half);
}
