import type { MovementType } from "../../domain/ledger-rules.js";
import { parseInstant } from "../../domain/time.js";
import { CsvHeaderError } from "../csv-errors.js";
import type { ColumnError } from "../csv-rows.js";
import type { MappedRow, PresetMapping, PresetOptions } from "./preset-types.js";
import { parseAmount, parseExportTime } from "./preset-values.js";
import { gainedReasonFromText, lostReasonFromText } from "./reason-keywords.js";
import { cell, fieldCountError, foldLabel, SourceHeader } from "./source-header.js";

// What HubSpot deals and Salesforce opportunities have in common: a closed deal is a movement of
// the customer it belongs to. The ledger counts customers, not deals, so:
//
// - Won:  new business (or no type) → gained; upsell / upgrade / expansion → expanded (the deal's
//   amount is the increase); downgrade → contracted; renewal or "existing business" → skipped (the
//   customer stays and its value is already counted).
// - Lost: renewal / existing business, or no type → lost (the customer left); a lost new-business
//   deal was a prospect, not a customer, so it is skipped; a lost upsell or downgrade leaves the
//   customer as it was, so it is skipped too.
// - Any other stage is an open deal: skipped.
// - A customer is gained once: see planDeals, which turns a repeated win into expanded or
//   reactivated from the whole file (PresetRun.prepare reads it before the import).

export interface DealColumns {
  /** Label of the id column(s) and the prefix that keeps ids apart from other sources. */
  id: { aliases: string[]; prefix: string; normalise?: (id: string) => string };
  stage: string[];
  closeDate: string[];
  /** Value columns, by preference; a row takes the first non-empty one. */
  value: string[];
  currency: string[];
  customerId: string[];
  customerName: string[];
  dealName: string[];
  dealType: string[];
  lostReason: string[];
  wonReason: string[];
  segment: string[];
}

const WON = new Set([
  "closed won",
  "closedwon",
  "cerrado ganado",
  "cerrada ganada",
  "cierre ganado",
  "ganado",
]);
const LOST = new Set([
  "closed lost",
  "closedlost",
  "cerrado perdido",
  "cerrada perdida",
  "cierre perdido",
  "perdido",
]);

type DealKind = "new" | "expansion" | "contraction" | "renewal";

/** The kind of deal its type says (HubSpot "Deal Type", Salesforce "Type"); unknown types count as new. */
export function dealKind(type: string): DealKind {
  const t = foldLabel(type);
  if (/\b(upsell|upgrade|expansion|cross sell|add on|ampliacion)\b/.test(t)) return "expansion";
  if (/\b(downgrade|reduccion)\b/.test(t)) return "contraction";
  if (/\b(renewal|renovacion|existing|replacement|existente)\b/.test(t)) return "renewal";
  return "new";
}

export const SKIP = {
  open: "not closed (open stage)",
  renewal: "won renewal or existing business (the customer stays)",
  prospect: "lost new-business deal (a prospect, not a customer)",
  sideDeal: "lost upsell or downgrade (the customer stays as it was)",
} as const;

/** Which movement a closed deal is, or why it is not one. */
export function dealMovement(stage: string, type: string): { type: MovementType } | { skip: string } {
  const s = foldLabel(stage);
  const won = WON.has(s);
  if (!won && !LOST.has(s)) return { skip: SKIP.open };
  const kind = type.trim() === "" ? null : dealKind(type);
  if (won) {
    if (kind === null || kind === "new") return { type: "gained" };
    if (kind === "expansion") return { type: "expanded" };
    if (kind === "contraction") return { type: "contracted" };
    return { skip: SKIP.renewal };
  }
  if (kind === null || kind === "renewal") return { type: "lost" };
  return { skip: kind === "new" ? SKIP.prospect : SKIP.sideDeal };
}

export interface PlannedDeal {
  line: number;
  customer: string;
  at: number;
  type: MovementType;
}

/**
 * A customer often has several won deals: a second product, or a win after it left. The ledger
 * gains a customer once, so, replaying each customer's closed deals of the file in time order, a
 * new-business win while the customer is active becomes expanded (more business), and one after
 * its loss becomes reactivated. Returns the lines whose type changes. History already in the
 * ledger from other files is not consulted; importing the CRM's full export each time keeps the
 * plan (and the content of every row) the same, so a re-import adds nothing.
 */
export function planDeals(deals: PlannedDeal[]): Map<number, MovementType> {
  const plan = new Map<number, MovementType>();
  const byCustomer = new Map<string, PlannedDeal[]>();
  for (const d of deals) {
    const list = byCustomer.get(d.customer);
    if (list) list.push(d);
    else byCustomer.set(d.customer, [d]);
  }
  for (const list of byCustomer.values()) {
    list.sort((a, b) => a.at - b.at || a.line - b.line);
    let status: "unknown" | "active" | "lost" = "unknown";
    for (const d of list) {
      if (d.type === "gained") {
        if (status === "active") plan.set(d.line, "expanded");
        else if (status === "lost") plan.set(d.line, "reactivated");
        status = "active";
      } else if (d.type === "lost") status = "lost";
      else if (status === "unknown") status = "active";
    }
  }
  return plan;
}

function required(header: SourceHeader, aliases: string[], what: string, preset: string): number {
  const i = header.find(...aliases);
  if (i < 0)
    throw new CsvHeaderError(
      `This does not look like a ${preset} export: no ${what} column (looked for ${aliases.map((a) => `"${a}"`).join(", ")}).`,
    );
  return i;
}

const noteOf = (parts: Array<string | null>) => parts.filter(Boolean).join(" · ").slice(0, 2000);

export function dealMapping(
  preset: string,
  cols: DealColumns,
  names: string[],
  options: PresetOptions,
): PresetMapping {
  const h = new SourceHeader(names);
  const stage = required(h, cols.stage, "deal stage", preset);
  const closeDate = required(h, cols.closeDate, "close date", preset);
  const valueCols = options.valueColumn
    ? [required(h, [options.valueColumn], `--value-column "${options.valueColumn}"`, preset)]
    : cols.value.map((a) => h.find(a)).filter((i) => i >= 0);
  if (valueCols.length === 0)
    throw new CsvHeaderError(
      `This does not look like a ${preset} export: no amount column (looked for ${cols.value.join(", ")}; choose one with --value-column NAME).`,
    );
  const customerId = h.find(...cols.customerId);
  const customerName = h.find(...cols.customerName);
  if (customerId < 0 && customerName < 0)
    throw new CsvHeaderError(
      `The ${preset} export needs the customer: a column ${[...cols.customerId, ...cols.customerName].map((a) => `"${a}"`).join(" or ")}.`,
    );
  const segment = options.segmentColumn
    ? required(h, [options.segmentColumn], `--segment-column "${options.segmentColumn}"`, preset)
    : h.find(...cols.segment);
  if (segment < 0 && !options.segment)
    throw new CsvHeaderError(
      `The ${preset} export has no segment column (${cols.segment.join(", ")}): name one with --segment-column NAME, or give every row one segment with --segment NAME.`,
    );
  const id = h.find(...cols.id.aliases);
  const currency = h.find(...cols.currency);
  const dealName = h.find(...cols.dealName);
  const dealType = h.find(...cols.dealType);
  const lostReason = h.find(...cols.lostReason);
  const wonReason = h.find(...cols.wonReason);

  const label = (i: number) => h.label(i);
  const sources: Record<string, string> = {
    id: id >= 0 ? label(id) : "row",
    occurred_at: label(closeDate),
    customer_id: label(customerId >= 0 ? customerId : customerName),
    customer_name: customerName >= 0 ? label(customerName) : "",
    segment: segment >= 0 ? label(segment) : "--segment",
    type: label(stage),
    value: valueCols.map(label).join(" / "),
    currency: currency >= 0 ? label(currency) : valueCols.map(label).join(" / "),
    reason:
      [lostReason, wonReason]
        .filter((i) => i >= 0)
        .map(label)
        .join(" / ") || "reason",
    note:
      [lostReason, wonReason, dealName]
        .filter((i) => i >= 0)
        .map(label)
        .join(" / ") || "note",
  };

  const observed: PlannedDeal[] = [];
  let plan: Map<number, MovementType> | null = null;

  const read = (record: string[], line?: number): MappedRow => {
    const count = fieldCountError(record, h);
    if (count) return { status: "invalid", errors: [count] };
    const found = dealMovement(cell(record, stage), cell(record, dealType));
    if ("skip" in found) return { status: "skipped", reason: found.skip };
    const movement = { type: (line !== undefined && plan?.get(line)) || found.type };
    const errors: ColumnError[] = [];

    const when = parseExportTime(cell(record, closeDate), options.timeZone, options.dateOrder);
    if (!when.ok) errors.push({ column: label(closeDate), message: when.message });

    const valueAt = valueCols.find((i) => cell(record, i) !== "") ?? valueCols[0] ?? -1;
    const amount = cell(record, valueAt);
    let value = "";
    let amountCurrency: string | null = null;
    if (amount === "") {
      errors.push({
        column: sources.value ?? "value",
        message: `is required for a ${movement.type} deal (its annual value)`,
      });
    } else {
      const parsed = parseAmount(amount);
      if (parsed.ok) [value, amountCurrency] = [parsed.value.value, parsed.value.currency];
      else errors.push({ column: label(valueAt), message: parsed.message });
    }

    const currencyText = cell(record, currency).toUpperCase();
    if (currencyText && amountCurrency && currencyText !== amountCurrency)
      errors.push({
        column: label(currency),
        message: `${currencyText} disagrees with the amount's ${amountCurrency}`,
      });

    // A company associated by id is the stable key; its name is the fallback when there is none.
    // HubSpot lists several associated companies separated by ";": the first is the deal's own.
    const first = (i: number) => (cell(record, i).split(";")[0] ?? "").trim();
    const name = first(customerName);
    const rawId = first(customerId) || name;
    if (!rawId)
      errors.push({ column: sources.customer_id ?? "customer", message: "is required (the deal's company)" });

    const segmentName = cell(record, segment) || options.segment || "";
    if (!segmentName)
      errors.push({
        column: label(segment),
        message: "is empty: fill it in, or pass --segment NAME for rows without one",
      });

    if (errors.length) return { status: "invalid", errors };

    const lostText = cell(record, lostReason);
    const wonText = cell(record, wonReason);
    const direction = movement.type === "lost" || movement.type === "contracted" ? "lost" : "gained";
    const reasonText = direction === "lost" ? lostText : wonText;
    const reason = direction === "lost" ? lostReasonFromText(reasonText) : gainedReasonFromText(reasonText);
    const sourceId = cell(record, id);
    return {
      status: "mapped",
      values: {
        id: sourceId ? `${cols.id.prefix}:${cols.id.normalise?.(sourceId) ?? sourceId}` : "",
        occurred_at: when.ok ? when.value : "",
        customer_id: rawId,
        customer_name: name,
        segment: segmentName,
        type: movement.type,
        value,
        currency: currencyText || amountCurrency || "",
        reason: reason ?? "",
        note: noteOf([reasonText || null, cell(record, dealName) ? `Deal: ${cell(record, dealName)}` : null]),
      },
    };
  };
  const map = (record: string[], line?: number): MappedRow => {
    if (plan === null && observed.length) plan = planDeals(observed.splice(0));
    return read(record, line);
  };
  const observe = (record: string[], line: number) => {
    const row = read(record);
    if (row.status !== "mapped") return;
    const at = parseInstant(row.values.occurred_at ?? "", options.timeZone);
    const type = row.values.type as MovementType;
    if (at) observed.push({ line, customer: row.values.customer_id ?? "", at: at.getTime(), type });
  };
  return { sources, map, observe };
}
