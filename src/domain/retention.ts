import { Decimal } from "decimal.js";
import type { Money } from "./money.js";

// Retention of a period [from, to), with the convention stated once (docs/metrics.md):
// the cohort is the customers active at `from`, with their annual value then.
//   NRR  = 100 × Σ value at `to` of each cohort customer (0 if no longer active) / cohort value
//   GRR  = 100 × Σ min(value at `to`, value at `from`) / cohort value
//   logo = 100 × cohort customers still active at `to` / cohort count
// One decimal; null (never 0, never NaN) for an empty cohort. Pure.

export interface Retention {
  nrr: number | null;
  grr: number | null;
  logo: number | null;
}

export interface CohortFigures {
  /** Customers active at `from`, and their value then (the period's opening base). */
  count: number;
  value: Money;
  /** Of those, how many are still active at `to`. */
  activeAtTo: number;
  /** Σ value at `to` of the cohort's customers, 0 for those no longer active. */
  valueAtTo: Money;
  /** Σ min(value at `to`, value at `from`) over the cohort. */
  keptValue: Money;
}

const pct = (part: Decimal.Value, whole: Decimal.Value): number | null => {
  const w = new Decimal(whole);
  if (w.isZero()) return null;
  return new Decimal(part).times(100).dividedBy(w).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber();
};

export function retentionOf(c: CohortFigures): Retention {
  if (c.count === 0) return { nrr: null, grr: null, logo: null };
  return {
    nrr: pct(c.valueAtTo, c.value),
    grr: pct(c.keptValue, c.value),
    logo: pct(c.activeAtTo, c.count),
  };
}

export interface PeriodValues {
  new: Money;
  reactivation: Money;
  expansion: Money;
  contraction: Money;
  churned: Money;
}

/**
 * Quick ratio = (new + reactivation + expansion value) / (churned + contraction value), two
 * decimals; null when nothing was lost or contracted ("no losses").
 */
export function quickRatioOf(v: PeriodValues): number | null {
  const losses = new Decimal(v.churned).plus(v.contraction);
  if (losses.isZero()) return null;
  return new Decimal(v.new)
    .plus(v.reactivation)
    .plus(v.expansion)
    .dividedBy(losses)
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
    .toNumber();
}
