import { Decimal } from "decimal.js";

// Money is exact: amounts travel as decimal strings ("1234.50") and are added with decimal.js,
// never as binary floats.

export type Money = string;

export const ZERO: Money = "0.00";

const MONEY_RE = /^(\d{1,14})(?:\.(\d{1,2}))?$/;

/** Accepts "1234", "1234.5", "1234.50"; returns null for anything else (negative, 3 decimals, text). */
export function parseMoney(text: string): Money | null {
  const m = MONEY_RE.exec(text.trim());
  if (!m) return null;
  // Plain string work gives what Decimal#toFixed(2) would (CSV imports call this a million times).
  const whole = (m[1] ?? "0").replace(/^0+(?=\d)/, "");
  return `${whole}.${(m[2] ?? "").padEnd(2, "0")}`;
}

export function addMoney(...amounts: Money[]): Money {
  return amounts.reduce((acc, a) => acc.plus(a), new Decimal(0)).toFixed(2);
}

export function subMoney(a: Money, b: Money): Money {
  return new Decimal(a).minus(b).toFixed(2);
}

export function normalizeMoney(a: Money | number | null | undefined): Money {
  return new Decimal(a ?? 0).toFixed(2);
}

export function isNegative(a: Money): boolean {
  return new Decimal(a).isNegative() && !new Decimal(a).isZero();
}

export function compareMoney(a: Money, b: Money): number {
  return new Decimal(a).comparedTo(b);
}

/** a ÷ b × 100, one decimal, half away from zero; null when b is zero. */
export function percentOf(a: Money | number, b: Money | number): number | null {
  const den = new Decimal(b);
  if (den.isZero()) return null;
  return new Decimal(a).times(100).dividedBy(den).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toNumber();
}

export function formatMoney(amount: Money, currency: string, locale: "en" | "es"): string {
  const n = new Decimal(amount);
  const whole = n.abs().toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(0);
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, locale === "es" ? "." : ",");
  const sign = n.isNegative() && !n.isZero() && whole !== "0" ? "−" : "";
  return locale === "es" ? `${sign}${grouped} ${currency}` : `${sign}${currency} ${grouped}`;
}

export function signedMoney(amount: Money, currency: string, locale: "en" | "es"): string {
  const n = new Decimal(amount);
  const plus = n.isPositive() && !n.isZero() && n.abs().toDecimalPlaces(0).toNumber() !== 0 ? "+" : "";
  return `${plus}${formatMoney(amount, currency, locale)}`;
}
