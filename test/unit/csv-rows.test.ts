import { describe, expect, it } from "vitest";
import {
  fastMovementRow,
  MOVEMENT_COLUMNS,
  type MovementColumnIndex,
  movementRowSchema,
  parseMovementRow,
} from "../../src/import/csv-rows.js";

// The import takes fastMovementRow's answer when it has one and asks the zod schema otherwise, so
// the fast path must accept exactly what the schema accepts and give the same value.

const ctx = { timeZone: "Europe/Madrid", reportingCurrency: "EUR" };
const schema = movementRowSchema(ctx);
const columns = Object.fromEntries(MOVEMENT_COLUMNS.map((c, i) => [c, i])) as MovementColumnIndex;
const good = ["a1", "2026-01-05T10:00:00+01:00", "c1", "Acme", "SMB", "gained", "100", "EUR", "referral", ""];

const variants: Array<[string, Partial<Record<(typeof MOVEMENT_COLUMNS)[number], string>>]> = [
  ["a good row", {}],
  [
    "padding and case",
    { id: "  a1 ", type: " Gained ", currency: " eur ", reason: " Referral ", segment: " SMB " },
  ],
  ["a date in the time zone", { occurred_at: "2026-03-29" }],
  ["no id, no name, no currency, no reason", { id: "", customer_name: " ", currency: "", reason: "" }],
  ["leading zeros and one decimal", { value: "0012.5" }],
  ["referred without a value", { type: "referred", value: "" }],
  ["a note with quotes", { note: 'Renewal, "multi-year"' }],
  ["a bad type", { type: "won" }],
  ["a bad date", { occurred_at: "2026-02-30" }],
  ["no offset", { occurred_at: "2026-01-05T10:00:00" }],
  ["three decimals", { value: "12.345" }],
  ["a negative value", { value: "-1" }],
  ["a missing value", { value: "" }],
  ["a missing customer", { customer_id: "  " }],
  ["a missing segment", { segment: "" }],
  ["a bad currency", { currency: "EURO" }],
  ["a bad reason", { reason: "not a code" }],
  ["invalid UTF-8", { customer_name: "Acme \uFFFD" }],
  ["a long id", { id: "x".repeat(201) }],
  ["a long segment", { segment: "s".repeat(101) }],
];

describe("fastMovementRow", () => {
  it.each(variants)("agrees with the schema on %s", (_name, change) => {
    const record = MOVEMENT_COLUMNS.map((c, i) => change[c] ?? good[i] ?? "");
    const raw = Object.fromEntries(MOVEMENT_COLUMNS.map((c, i) => [c, record[i] ?? ""]));
    const slow = parseMovementRow(schema, raw, ctx);
    const fast = fastMovementRow(record, columns, ctx);
    if (slow.ok) expect(fast).toEqual(slow.value);
    else expect(fast).toBeNull();
  });
});
