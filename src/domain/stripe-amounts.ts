import { Decimal } from "decimal.js";
import type { Money } from "./money.js";

// Stripe gives amounts in the currency's smallest unit, and not every currency has cents:
// ¥1 200 arrives as 1200, €12.00 as 1200, and 1.200 KWD as 1200. The lists are Stripe's own
// (https://docs.stripe.com/currencies#zero-decimal, #three-decimal).

const ZERO_DECIMAL = new Set([
  "BIF",
  "CLP",
  "DJF",
  "GNF",
  "JPY",
  "KMF",
  "KRW",
  "MGA",
  "PYG",
  "RWF",
  "UGX",
  "VND",
  "VUV",
  "XAF",
  "XOF",
  "XPF",
]);
const THREE_DECIMAL = new Set(["BHD", "JOD", "KWD", "OMR", "TND"]);

/** How many decimals Stripe's minor unit has for this ISO 4217 code (any case). */
export function minorUnitExponent(currency: string): number {
  const code = currency.toUpperCase();
  if (ZERO_DECIMAL.has(code)) return 0;
  if (THREE_DECIMAL.has(code)) return 3;
  return 2;
}

export type BillingInterval = "day" | "week" | "month" | "year";

// Calendar approximations: what a year of this billing brings in, not what a given year invoices.
const PER_YEAR: Record<BillingInterval, number> = { day: 365, week: 52, month: 12, year: 1 };

export interface RecurringAmount {
  /** Per unit, in the currency's minor unit; Stripe's unit_amount_decimal may hold fractions. */
  unitAmountMinor: Decimal.Value;
  quantity: number;
  currency: string;
  interval: BillingInterval;
  intervalCount: number;
}

/** The unrounded yearly value of one recurring amount, in major units. */
export function annualise(amount: RecurringAmount): Decimal {
  const major = new Decimal(amount.unitAmountMinor)
    .times(amount.quantity)
    .dividedBy(new Decimal(10).pow(minorUnitExponent(amount.currency)));
  return major.times(PER_YEAR[amount.interval]).dividedBy(amount.intervalCount);
}

/** The yearly value of several recurring amounts, summed before rounding to the ledger's cents. */
export function annualisedTotal(amounts: RecurringAmount[]): Money {
  return amounts
    .reduce((sum, a) => sum.plus(annualise(a)), new Decimal(0))
    .toDecimalPlaces(2, Decimal.ROUND_HALF_UP)
    .toFixed(2);
}
