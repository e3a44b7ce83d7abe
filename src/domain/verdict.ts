import { compareMoney, type Money } from "./money.js";

// The headline answer to "did we earn the right to grow?" for one segment or the total.
// Rule: behaviour first. Customers and value both matter, so:
//   grew   – net customers and net value are both ≥ 0, and at least one is > 0
//   shrank – both ≤ 0, and at least one is < 0
//   mixed  – one grew while the other shrank (e.g. fewer customers but more value)
//   held   – nothing moved (both exactly 0)
export type Verdict = "grew" | "shrank" | "mixed" | "held";

export function verdictOf(netCustomers: number, netValue: Money): Verdict {
  const c = Math.sign(netCustomers);
  const v = compareMoney(netValue, "0");
  if (c === 0 && v === 0) return "held";
  if (c >= 0 && v >= 0) return "grew";
  if (c <= 0 && v <= 0) return "shrank";
  return "mixed";
}
