import type { MovementType } from "../../domain/ledger-rules.js";
import { parseInstant } from "../../domain/time.js";
import { CsvHeaderError } from "../csv-errors.js";
import type { ColumnError } from "../csv-rows.js";
import type { MappedRow, PresetMapping, PresetOptions } from "./preset-types.js";
import { type AmountStyle, type Parsed, parseAmount, parseExportTime } from "./preset-values.js";
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
  id: { aliases: string[]; prefix: string };
  /** Reads the CRM's record ids (deal and company) into one form, or says why it cannot. */
  normaliseId?: (id: string) => Parsed<string>;
  /**
   * Columns naming the deal's primary company, read before `customerId` / `customerName`
   * (HubSpot "Associated Company IDs (Primary)"); the unsuffixed columns may list several.
   */
  primaryCustomerId?: string[];
  primaryCustomerName?: string[];
  /** How the unsuffixed association columns separate several companies (HubSpot ";"); none: one value. */
  listSeparator?: string;
  /** Value columns in the company currency, and the column naming that currency (HubSpot). */
  companyValue?: string[];
  companyCurrency?: string[];
  /** Recognises the report footer (see PresetMapping.footer). */
  footer?: (record: string[]) => "no" | "maybe" | "known";
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

export interface StageNames {
  won?: string[];
  lost?: string[];
}

/**
 * What a stage means. Custom pipelines name their closing stages ("Closed Won & Paid", "Contract
 * signed – won", "Lost to competitor"), so besides the standard labels a stage whose words say
 * won or lost (and not both) is read that way; `names` (--won-stage, --lost-stage) decide for the
 * labels that do not say it. A stage that says "closed" without saying how is `unknown`.
 */
export function stageMeaning(stage: string, names: StageNames = {}): "won" | "lost" | "open" | "unknown" {
  const s = foldLabel(stage);
  if (names.won?.some((n) => foldLabel(n) === s)) return "won";
  if (names.lost?.some((n) => foldLabel(n) === s)) return "lost";
  if (WON.has(s)) return "won";
  if (LOST.has(s)) return "lost";
  const won = /\b(won|ganad[oa]|ganada)\b|closedwon/.test(s);
  const lost = /\b(lost|perdid[oa])\b|closedlost/.test(s);
  if (won !== lost) return won ? "won" : "lost";
  if (/\b(closed|cerrad[oa]|cierre)\b/.test(s)) return "unknown";
  return "open";
}

export class UnknownStageError extends Error {}

/** Which movement a closed deal is, or why it is not one; throws UnknownStageError for an unreadable closed stage. */
export function dealMovement(
  stage: string,
  type: string,
  names: StageNames = {},
): { type: MovementType } | { skip: string } {
  const meaning = stageMeaning(stage, names);
  if (meaning === "unknown")
    throw new UnknownStageError(
      `"${stage.trim()}" is a closed stage that says neither won nor lost: name it with --won-stage "${stage.trim()}" or --lost-stage "${stage.trim()}"`,
    );
  const won = meaning === "won";
  if (meaning === "open") return { skip: SKIP.open };
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
  const primaryId = h.find(...(cols.primaryCustomerId ?? []));
  const primaryName = h.find(...(cols.primaryCustomerName ?? []));
  if (customerId < 0 && customerName < 0 && primaryId < 0 && primaryName < 0)
    throw new CsvHeaderError(
      `The ${preset} export needs the customer: a column ${[...(cols.primaryCustomerId ?? []), ...cols.customerId, ...(cols.primaryCustomerName ?? []), ...cols.customerName].map((a) => `"${a}"`).join(" or ")}.`,
    );
  // Amounts in the company currency (HubSpot) are one currency for the whole file; the deal's own
  // currency column then does not apply to them.
  const companyValues = (cols.companyValue ?? []).map((a) => h.find(a)).filter((i) => i >= 0);
  const companyCurrency = h.find(...(cols.companyCurrency ?? []));
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
    customer_id: [primaryId, customerId, primaryName, customerName]
      .filter((i) => i >= 0)
      .map(label)
      .join(" / "),
    customer_name: [primaryName, customerName]
      .filter((i) => i >= 0)
      .map(label)
      .join(" / "),
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

  const stageNames: StageNames = { won: options.wonStages, lost: options.lostStages };
  type Customer = { id: string; name: string; fromId: boolean; column: number } | { error: ColumnError };
  const customerOf = (record: string[]): Customer => {
    const list = (i: number) =>
      (cols.listSeparator ? cell(record, i).split(cols.listSeparator) : [cell(record, i)])
        .map((v) => v.trim())
        .filter(Boolean);
    const [pId, pName] = [cell(record, primaryId), cell(record, primaryName)];
    const ids = list(customerId);
    const names = list(customerName);
    const several = (i: number, values: string[]): Customer => ({
      error: {
        column: label(i),
        message: `lists ${values.length} associated companies (${values.join("; ")}) and none is marked primary: export the "Associated Company IDs (Primary)" column, or keep one company on the deal`,
      },
    });
    if (pId)
      return {
        id: pId,
        name: pName || (names.length === 1 ? (names[0] ?? "") : ""),
        fromId: true,
        column: primaryId,
      };
    if (ids.length > 1) return several(customerId, ids);
    const name = pName || (names.length === 1 ? (names[0] ?? "") : "");
    if (ids.length === 1) return { id: ids[0] ?? "", name, fromId: true, column: customerId };
    if (!pName && names.length > 1) return several(customerName, names);
    if (name) return { id: name, name, fromId: false, column: pName ? primaryName : customerName };
    return {
      error: { column: sources.customer_id ?? "customer", message: "is required (the deal's company)" },
    };
  };

  const observed: PlannedDeal[] = [];
  let plan: Map<number, MovementType> | null = null;

  // One file, one convention: the first row that shows a currency, or a decimal separator,
  // decides; a later row in another is refused rather than summed with the rest. `read` leaves
  // the last row's amount here for `map` to check.
  let style: AmountStyle = null;
  let valueColumn = "";
  let currencyColumn = "";
  let amountText = "";
  const read = (record: string[], line?: number): MappedRow => {
    const count = fieldCountError(record, h);
    if (count) return { status: "invalid", errors: [count] };
    let found: ReturnType<typeof dealMovement>;
    try {
      found = dealMovement(cell(record, stage), cell(record, dealType), stageNames);
    } catch (error) {
      if (!(error instanceof UnknownStageError)) throw error;
      return { status: "invalid", errors: [{ column: label(stage), message: error.message }] };
    }
    if ("skip" in found) return { status: "skipped", reason: found.skip };
    const movement = { type: (line !== undefined && plan?.get(line)) || found.type };
    const errors: ColumnError[] = [];

    const when = parseExportTime(cell(record, closeDate), options.timeZone, options.dateOrder);
    if (!when.ok) errors.push({ column: label(closeDate), message: when.message });

    const valueAt = valueCols.find((i) => cell(record, i) !== "") ?? valueCols[0] ?? -1;
    const amount = cell(record, valueAt);
    let value = "";
    style = null;
    valueColumn = label(valueAt);
    amountText = amount;
    let amountCurrency: string | null = null;
    if (amount === "") {
      errors.push({
        column: sources.value ?? "value",
        message: `is required for a ${movement.type} deal (its annual value)`,
      });
    } else {
      const parsed = parseAmount(amount);
      if (parsed.ok)
        [value, amountCurrency, style] = [parsed.value.value, parsed.value.currency, parsed.value.style];
      else errors.push({ column: label(valueAt), message: parsed.message });
    }

    // An amount in the company currency has that currency (its column, else the reporting one).
    const inCompanyCurrency = companyValues.includes(valueAt);
    const currencyAt = inCompanyCurrency ? companyCurrency : currency;
    const currencyText = cell(record, currencyAt).toUpperCase();
    currencyColumn = currencyText ? label(currencyAt) : valueColumn;
    if (currencyText && amountCurrency && currencyText !== amountCurrency)
      errors.push({
        column: label(currencyAt),
        message: `${currencyText} disagrees with the amount's ${amountCurrency}`,
      });

    // A company associated by id is the stable key; its name is the fallback when there is none.
    // The primary company's columns come first; the unsuffixed ones list every associated company
    // separated by ";", which names the deal's company only when there is one.
    const customer = customerOf(record);
    let [rawId, name] = ["", ""];
    if ("error" in customer) errors.push(customer.error);
    else {
      [rawId, name] = [customer.id, customer.name];
      const normal = customer.fromId && cols.normaliseId ? cols.normaliseId(rawId) : null;
      if (normal?.ok) rawId = normal.value;
      else if (normal) errors.push({ column: label(customer.column), message: normal.message });
    }

    const sourceId = cell(record, id);
    let recordId = sourceId;
    if (sourceId && cols.normaliseId) {
      const normal = cols.normaliseId(sourceId);
      if (normal.ok) recordId = normal.value;
      else errors.push({ column: label(id), message: normal.message });
    }

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
    return {
      status: "mapped",
      values: {
        id: recordId ? `${cols.id.prefix}:${recordId}` : "",
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
  let fileCurrency: { code: string; line?: number } | null = null;
  let fileStyle: { style: AmountStyle; text: string; line?: number } | null = null;
  const onLine = (line?: number) => (line === undefined ? "" : ` (line ${line})`);
  const map = (record: string[], line?: number): MappedRow => {
    if (plan === null && observed.length) plan = planDeals(observed.splice(0));
    const row = read(record, line);
    if (row.status !== "mapped") return row;
    const errors: ColumnError[] = [];
    const code = row.values.currency ?? "";
    if (code && fileCurrency && fileCurrency.code !== code)
      errors.push({
        column: currencyColumn,
        message: `is ${code}, but this file's amounts are in ${fileCurrency.code}${onLine(fileCurrency.line)}: import one currency per file${cols.companyValue ? ' (or export "Amount in company currency")' : ""}`,
      });
    if (style && fileStyle && fileStyle.style !== style)
      errors.push({
        column: valueColumn,
        message: `"${amountText}" was written with ${style === "point" ? "a decimal point" : "a decimal comma"}, but this file writes amounts like "${fileStyle.text}"${onLine(fileStyle.line)}: one convention per file`,
      });
    if (errors.length) return { status: "invalid", errors };
    if (code) fileCurrency ??= { code, line };
    if (style) fileStyle ??= { style, text: amountText, line };
    return row;
  };
  const observe = (record: string[], line: number) => {
    const row = read(record);
    if (row.status !== "mapped") return;
    const at = parseInstant(row.values.occurred_at ?? "", options.timeZone);
    const type = row.values.type as MovementType;
    if (at) observed.push({ line, customer: row.values.customer_id ?? "", at: at.getTime(), type });
  };
  return { sources, map, observe, ...(cols.footer ? { footer: cols.footer } : {}) };
}
