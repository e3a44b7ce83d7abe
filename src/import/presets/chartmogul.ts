import type { MovementType } from "../../domain/ledger-rules.js";
import { CsvHeaderError } from "../csv-errors.js";
import type { ColumnError } from "../csv-rows.js";
import type { MappedRow, Preset, PresetOptions } from "./preset-types.js";
import { parseAmount, parseExportTime } from "./preset-values.js";
import { cell, fieldCountError, foldLabel, SourceHeader } from "./source-header.js";

// ChartMogul activities: one row per MRR movement of a customer, as ChartMogul's "List
// Activities" API (GET /v1/activities) and its activities export write them: `uuid`, `date`
// (ISO 8601 with an offset), `type` (new_biz, expansion, contraction, churn, reactivation),
// `activity-mrr-movement` (the change, negative for contraction and churn), `activity-mrr`,
// `activity-arr`, `currency`, `customer-name`, `customer-uuid`, `customer-external-id`,
// `subscription-external-id`, `plan-external-id`, `description`. The upper-case names of the
// "MRR Movements" dataset ChartMogul exports to destinations (UUID, DATE, MOVEMENT_TYPE,
// MRR_MOVEMENT, CURRENCY_CODE, CUSTOMER_EXTERNAL_ID, …) are read too.
//
// - ChartMogul's activities are already customer movements, so each maps to one ledger kind:
//   new_biz → gained, expansion → expanded, contraction → contracted, churn → lost,
//   reactivation → reactivated. Any other type is refused for its line.
// - Value: the movement's size × 12 (MRR → annual value). ChartMogul documents its amounts as
//   integer cents ("Divide by 100 to obtain the actual amount"), so by default an amount is read
//   as whole cents and one with a decimal separator is refused as a file in another unit;
//   --amount-unit major reads a file whose amounts were converted to currency units.
// - The sign must agree with the type (a churn that adds MRR is not a churn); the ledger's own
//   rules then refuse a churn or expansion of a customer never gained, naming the line.
// - Customer: "customer-external-id" (the billing system's id, which the Stripe path uses too),
//   else ChartMogul's "customer-uuid". One currency per file, as for the CRM presets.
// - Segment: ChartMogul's activities have none: --segment-column NAME, a "segment" column, or
//   --segment NAME for the whole file.

const TYPES: Record<string, MovementType> = {
  "new biz": "gained",
  "new business": "gained",
  expansion: "expanded",
  contraction: "contracted",
  churn: "lost",
  reactivation: "reactivated",
};
const TYPE_NAMES = "new_biz, expansion, contraction, churn, reactivation";
/** Movement kinds whose MRR movement is a decrease. */
const DECREASE: ReadonlySet<MovementType> = new Set(["contracted", "lost"]);

const COLUMNS = {
  id: ["uuid", "Activity UUID", "id"],
  type: ["type", "movement_type", "Activity type", "Movement type"],
  date: ["date", "Activity date"],
  movement: ["activity-mrr-movement", "mrr_movement", "mrr-movement", "MRR movement"],
  currency: ["currency", "currency_code"],
  customerId: ["customer-external-id", "customer_external_id", "Customer external ID"],
  customerUuid: ["customer-uuid", "customer_uuid", "Customer UUID"],
  customerName: ["customer-name", "customer_name", "Customer name", "Customer"],
  description: ["description"],
  plan: ["plan-external-id", "plan_external_id", "plan"],
  subscription: ["subscription-external-id", "subscription_external_id"],
  segment: ["segment"],
};

const CENTS = /^([+-]?)(\d{1,15})$/;

/** An MRR movement in cents, signed; or why it cannot be read. */
function movementCents(text: string, unit: "cents" | "major"): { cents: bigint } | { message: string } {
  const t = text.trim();
  if (unit === "cents") {
    const m = CENTS.exec(t);
    if (m) return { cents: BigInt(m[2] ?? "0") * (m[1] === "-" ? -1n : 1n) };
    if (/^[+-]?\d[\d.,]*$/.test(t))
      return {
        message: `"${t}" is not whole cents: ChartMogul writes amounts as integer cents (6000 for 60.00); if this file's amounts are in currency units, pass --amount-unit major`,
      };
    return { message: `"${t}" is not an MRR movement in cents (like 6000 or -2500)` };
  }
  const negative = t.startsWith("-");
  const parsed = parseAmount(negative || t.startsWith("+") ? t.slice(1) : t);
  if (!parsed.ok) return { message: parsed.message };
  if (parsed.value.currency) return { message: `"${t}" has a currency code: the currency column says it` };
  const [whole = "0", part = "00"] = parsed.value.value.split(".");
  const cents = BigInt(whole) * 100n + BigInt(part);
  return { cents: negative ? -cents : cents };
}

/** Cents × 12 as the ledger's decimal text. */
function annual(cents: bigint): string {
  const a = (cents < 0n ? -cents : cents) * 12n;
  return `${a / 100n}.${String(a % 100n).padStart(2, "0")}`;
}

function header(names: string[], options: PresetOptions) {
  const h = new SourceHeader(names);
  const need = (what: string, aliases: string[]) => {
    const i = h.find(...aliases);
    if (i < 0)
      throw new CsvHeaderError(
        `This does not look like a ChartMogul activities export: no ${what} column (looked for ${aliases.map((a) => `"${a}"`).join(", ")}).`,
      );
    return i;
  };
  const type = need("activity type", COLUMNS.type);
  const date = need("date", COLUMNS.date);
  const movement = need("MRR movement", COLUMNS.movement);
  const customerId = h.find(...COLUMNS.customerId);
  const customerUuid = h.find(...COLUMNS.customerUuid);
  if (customerId < 0 && customerUuid < 0) need("customer", [...COLUMNS.customerId, ...COLUMNS.customerUuid]);
  const segment = options.segmentColumn
    ? need(`--segment-column "${options.segmentColumn}"`, [options.segmentColumn])
    : h.find(...COLUMNS.segment);
  if (segment < 0 && !options.segment)
    throw new CsvHeaderError(
      "ChartMogul activities have no segment: name a column with --segment-column NAME, or give the file one segment with --segment NAME.",
    );
  const id = h.find(...COLUMNS.id);
  const currency = h.find(...COLUMNS.currency);
  const customerName = h.find(...COLUMNS.customerName);
  const description = h.find(...COLUMNS.description);
  const plan = h.find(...COLUMNS.plan);
  const subscription = h.find(...COLUMNS.subscription);
  const unit = options.amountUnit ?? "cents";
  const label = (i: number) => h.label(i);
  const customerLabels = [customerId, customerUuid].filter((i) => i >= 0).map(label);

  const sources: Record<string, string> = {
    id: id >= 0 ? label(id) : "row",
    occurred_at: label(date),
    customer_id: customerLabels.join(" / "),
    customer_name: customerName >= 0 ? label(customerName) : "customer_name",
    segment: segment >= 0 ? label(segment) : "--segment",
    type: label(type),
    value: label(movement),
    currency: currency >= 0 ? label(currency) : label(movement),
    reason: "reason",
    note: description >= 0 ? label(description) : "note",
  };

  let fileCurrency: { code: string; line?: number } | null = null;
  const map = (record: string[], line?: number): MappedRow => {
    const count = fieldCountError(record, h);
    if (count) return { status: "invalid", errors: [count] };
    const errors: ColumnError[] = [];

    const typeText = cell(record, type);
    const kind = TYPES[foldLabel(typeText)];
    if (!kind)
      errors.push({
        column: label(type),
        message: typeText
          ? `"${typeText}" is not a ChartMogul activity type (${TYPE_NAMES})`
          : `is required (${TYPE_NAMES})`,
      });

    const when = parseExportTime(cell(record, date), options.timeZone, options.dateOrder);
    if (!when.ok) errors.push({ column: label(date), message: when.message });

    const amountText = cell(record, movement);
    let value = "";
    if (amountText === "")
      errors.push({
        column: label(movement),
        message: `is required (the activity's change in MRR, in ${unit === "cents" ? "cents" : "currency units"})`,
      });
    else {
      const read = movementCents(amountText, unit);
      if ("message" in read) errors.push({ column: label(movement), message: read.message });
      else if (kind && read.cents !== 0n && DECREASE.has(kind) !== read.cents < 0n)
        errors.push({
          column: label(movement),
          message: `"${amountText}" ${read.cents < 0n ? "lowers" : "raises"} MRR, but a ${typeText} ${DECREASE.has(kind) ? "lowers" : "raises"} it`,
        });
      else value = annual(read.cents);
    }

    const code = cell(record, currency).toUpperCase();
    if (code && fileCurrency && fileCurrency.code !== code)
      errors.push({
        column: label(currency),
        message: `is ${code}, but this file's amounts are in ${fileCurrency.code}${fileCurrency.line === undefined ? "" : ` (line ${fileCurrency.line})`}: import one currency per file`,
      });

    const customer = cell(record, customerId) || cell(record, customerUuid);
    if (!customer)
      errors.push({ column: customerLabels.join(" / "), message: "is required (the activity's customer)" });

    const segmentName = cell(record, segment) || options.segment || "";
    if (!segmentName)
      errors.push({
        column: label(segment),
        message: "is empty: fill it in, or pass --segment NAME for rows without one",
      });

    if (errors.length || !kind) return { status: "invalid", errors };
    if (code) fileCurrency ??= { code, line };
    const activityId = cell(record, id);
    const note = [
      cell(record, description),
      cell(record, plan) && `Plan: ${cell(record, plan)}`,
      cell(record, subscription) && `Subscription: ${cell(record, subscription)}`,
    ]
      .filter(Boolean)
      .join(" · ")
      .slice(0, 2000);
    return {
      status: "mapped",
      values: {
        id: activityId ? `chartmogul-activity:${activityId}` : "",
        occurred_at: when.ok ? when.value : "",
        customer_id: customer,
        customer_name: cell(record, customerName),
        segment: segmentName,
        type: kind,
        value,
        currency: code,
        reason: "",
        note,
      },
    };
  };
  return { sources, map };
}

export const chartmogul: Preset = { name: "chartmogul", kind: "movements", header };
