import { createHash } from "node:crypto";
import { z } from "zod";
import type { MovementInput, ResponseInput } from "../domain/ledger-inputs.js";
import { MOVEMENT_TYPES, type MovementType } from "../domain/ledger-rules.js";
import { type Money, parseMoney } from "../domain/money.js";
import { isValidScore, SCORE_RANGE } from "../domain/scores.js";
import { parseInstant } from "../domain/time.js";

// Row schemas for the two CSV formats. Each column is checked on its own so that the report can
// name every bad column of a line, not just the first.

export const MOVEMENT_COLUMNS = [
  "id",
  "occurred_at",
  "customer_id",
  "customer_name",
  "segment",
  "type",
  "value",
  "currency",
  "reason",
  "note",
] as const;

export const RESPONSE_COLUMNS = [
  "id",
  "responded_at",
  "kind",
  "score",
  "customer_id",
  "segment",
  "touchpoint",
  "comment",
] as const;

export interface RowContext {
  timeZone: string;
  reportingCurrency: string;
  /**
   * The latest instant a row may carry (a day after now, say): a movement or answer dated in the
   * future has not happened, and one in the year 2999 would sit in every later period's numbers.
   */
  notAfter?: Date;
}

export interface ColumnError {
  column: string;
  message: string;
}

export type RowResult<T> = { ok: true; value: T } | { ok: false; errors: ColumnError[] };

const blankToNull = (v: unknown) => (typeof v === "string" && v.trim() === "" ? null : v);

// Bytes that were not UTF-8 decode to U+FFFD; a JSON "\ud800" escape gives a lone surrogate, which
// the database driver would silently turn into U+FFFD. Either way the text is not what was sent.
const LONE_SURROGATE = /\p{Surrogate}/u;
const isValidUtf8 = (s: string) => !s.includes("\uFFFD") && !LONE_SURROGATE.test(s);
// PostgreSQL cannot store U+0000 in text: refused here, with a reason, rather than by the database.
const hasNul = (s: string) => s.includes("\u0000");

const text = (max: number) =>
  z.preprocess(
    blankToNull,
    z
      .string()
      .trim()
      .max(max, `is longer than ${max} characters`)
      .refine(isValidUtf8, "is not valid UTF-8")
      .refine((s) => !hasNul(s), "contains a NUL character")
      .nullable(),
  );
const required = (max: number, what: string) =>
  z.preprocess(
    blankToNull,
    z
      .string({ error: `is required (${what})` })
      .trim()
      .max(max, `is longer than ${max} characters`)
      .refine(isValidUtf8, "is not valid UTF-8")
      .refine((s) => !hasNul(s), "contains a NUL character"),
  );

const isTooLate = (at: Date, ctx: RowContext) => ctx.notAfter !== undefined && at > ctx.notAfter;
const futureMessage = (s: string, ctx: RowContext) =>
  `"${s}" is in the future (later than ${ctx.notAfter?.toISOString()}): only what has happened can be recorded`;

function instant(ctx: RowContext) {
  return z.preprocess(
    blankToNull,
    z
      .string({ error: "is required: an ISO 8601 time such as 2026-03-02T10:15:00+01:00" })
      .transform((s, c) => {
        const at = parseInstant(s, ctx.timeZone);
        if (!at) {
          c.addIssue({
            code: "custom",
            message: `"${s}" is not an ISO 8601 time with an offset (2026-03-02T10:15:00+01:00) or a date (2026-03-02)`,
          });
          return z.NEVER;
        }
        if (isTooLate(at, ctx)) {
          c.addIssue({ code: "custom", message: futureMessage(s, ctx) });
          return z.NEVER;
        }
        return at;
      }),
  );
}

/** A row's keys: the content hash of `values`, and "csv:<id>" or, without an id, "csv:sha256:<hash>". */
function rowKeys(id: string | null, values: unknown[]): { idempotencyKey: string; contentHash: string } {
  const contentHash = createHash("sha256").update(JSON.stringify(values)).digest("hex");
  return { idempotencyKey: id ? `csv:${id}` : `csv:sha256:${contentHash}`, contentHash };
}

function collect(error: z.ZodError): ColumnError[] {
  const byColumn = new Map<string, string>();
  for (const issue of error.issues) {
    const column = String(issue.path[0] ?? "row");
    if (!byColumn.has(column)) byColumn.set(column, issue.message);
  }
  return [...byColumn].map(([column, message]) => ({ column, message }));
}

export function movementRowSchema(ctx: RowContext) {
  return z
    .object({
      id: text(200),
      occurred_at: instant(ctx),
      customer_id: required(200, "the customer's id in your CRM or billing system"),
      customer_name: text(300),
      segment: required(100, "for example SMB"),
      type: z.preprocess(
        (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
        z.enum(MOVEMENT_TYPES, { error: `must be one of ${MOVEMENT_TYPES.join(", ")}` }),
      ),
      value: z.preprocess(
        blankToNull,
        z
          .string()
          .nullable()
          .transform((s, c) => {
            if (s === null) return null;
            const money = parseMoney(s);
            if (money === null) {
              c.addIssue({
                code: "custom",
                message: `"${s}" is not a non-negative amount with at most two decimals (like 1200.50)`,
              });
              return z.NEVER;
            }
            return money;
          }),
      ),
      currency: z.preprocess(
        blankToNull,
        z
          .string()
          .trim()
          .transform((s) => s.toUpperCase())
          .pipe(z.string().regex(/^[A-Z]{3}$/, "must be a three-letter currency code such as EUR"))
          .nullable(),
      ),
      reason: z.preprocess(
        blankToNull,
        z
          .string()
          .trim()
          .transform((s) => s.toLowerCase())
          .pipe(z.string().regex(/^[a-z0-9_]{1,60}$/, "must be a reason code such as price or referral"))
          .nullable(),
      ),
      note: text(2000),
    })
    .superRefine((row, c) => {
      if (row.value === null && row.type !== "referred") {
        c.addIssue({ code: "custom", path: ["value"], message: `is required for a ${row.type} movement` });
      }
    });
}

export function toMovementInput(
  row: z.infer<ReturnType<typeof movementRowSchema>>,
  ctx: RowContext,
): MovementInput {
  const currency = row.currency ?? ctx.reportingCurrency;
  const value = row.value ?? "0.00";
  const keys = rowKeys(row.id, [
    row.occurred_at.toISOString(),
    row.customer_id,
    row.customer_name,
    row.segment,
    row.type,
    value,
    currency,
    row.reason,
    row.note,
  ]);
  return {
    ...keys,
    customerExternalId: row.customer_id,
    customerName: row.customer_name,
    segment: row.segment,
    type: row.type,
    occurredAt: row.occurred_at,
    value,
    currency,
    reasonCode: row.reason,
    note: row.note,
    source: "csv",
    recordedBy: null,
  };
}

export function parseMovementRow(
  schema: ReturnType<typeof movementRowSchema>,
  raw: Record<string, string>,
  ctx: RowContext,
): RowResult<MovementInput> {
  const parsed = schema.safeParse(raw);
  return parsed.success
    ? { ok: true, value: toMovementInput(parsed.data, ctx) }
    : { ok: false, errors: collect(parsed.error) };
}

/** Where each movement column sits in a file's records (column order is free). */
export type MovementColumnIndex = Record<(typeof MOVEMENT_COLUMNS)[number], number>;

const MOVEMENT_TYPE_SET: ReadonlySet<string> = new Set(MOVEMENT_TYPES);
const CURRENCY_RE = /^[A-Z]{3}$/;
const REASON_RE = /^[a-z0-9_]{1,60}$/;
const INVALID = Symbol("invalid");

/** The schema's text rule without zod: blank is null, else trimmed, bounded, valid UTF-8. */
function fastText(v: string, max: number): string | null | typeof INVALID {
  const t = v.trim();
  if (t === "") return null;
  return t.length > max || !isValidUtf8(t) || hasNul(t) ? INVALID : t;
}

/**
 * The schema's result for a row every column of which is valid, computed without zod (whose
 * generality costs tens of microseconds a row, most of a large import). Returns null for anything
 * else; the caller then runs the schema, which names every problem. It must accept only what the
 * schema accepts and produce the same value (test/unit/csv-rows.test.ts compares them).
 */
export function fastMovementRow(
  record: string[],
  at: MovementColumnIndex,
  ctx: RowContext,
): MovementInput | null {
  const id = fastText(record[at.id] ?? "", 200);
  const customerId = fastText(record[at.customer_id] ?? "", 200);
  const name = fastText(record[at.customer_name] ?? "", 300);
  const segment = fastText(record[at.segment] ?? "", 100);
  const note = fastText(record[at.note] ?? "", 2000);
  if (id === INVALID || name === INVALID || note === INVALID || customerId === INVALID || segment === INVALID)
    return null;
  if (customerId === null || segment === null) return null;
  const whenText = record[at.occurred_at] ?? "";
  if (whenText.trim() === "") return null;
  const occurredAt = parseInstant(whenText, ctx.timeZone);
  if (!occurredAt || isTooLate(occurredAt, ctx)) return null;
  const type = (record[at.type] ?? "").trim().toLowerCase();
  if (!MOVEMENT_TYPE_SET.has(type)) return null;
  const valueText = record[at.value] ?? "";
  let value: Money | null = null;
  if (valueText.trim() !== "") {
    value = parseMoney(valueText);
    if (value === null) return null;
  } else if (type !== "referred") return null;
  const currencyText = record[at.currency] ?? "";
  let currency: string | null = null;
  if (currencyText.trim() !== "") {
    currency = currencyText.trim().toUpperCase();
    if (!CURRENCY_RE.test(currency)) return null;
  }
  const reasonText = record[at.reason] ?? "";
  let reason: string | null = null;
  if (reasonText.trim() !== "") {
    reason = reasonText.trim().toLowerCase();
    if (!REASON_RE.test(reason)) return null;
  }
  return toMovementInput(
    {
      id,
      occurred_at: occurredAt,
      customer_id: customerId,
      customer_name: name,
      segment,
      type: type as MovementType,
      value,
      currency,
      reason,
      note,
    },
    ctx,
  );
}

const KINDS = ["nps", "csat", "ces"] as const;

export function responseRowSchema(ctx: RowContext) {
  return z
    .object({
      id: text(200),
      responded_at: instant(ctx),
      kind: z.preprocess(
        (v) => (typeof v === "string" ? v.trim().toLowerCase() : v),
        z.enum(KINDS, { error: "must be nps, csat or ces" }),
      ),
      score: z.preprocess(
        blankToNull,
        z
          .string({ error: "is required" })
          .trim()
          .regex(/^\d{1,2}$/, "must be a whole number")
          .transform(Number),
      ),
      customer_id: text(200),
      segment: text(100),
      touchpoint: z.preprocess(
        blankToNull,
        z
          .string()
          .trim()
          .transform((s) => s.toLowerCase())
          .pipe(
            z
              .string()
              .max(60, "is longer than 60 characters")
              .refine(isValidUtf8, "is not valid UTF-8")
              .refine((s) => !hasNul(s), "contains a NUL character"),
          )
          .nullable(),
      ),
      comment: text(4000),
    })
    .superRefine((row, c) => {
      // A score that is not a whole number already has its issue; a range would only confuse.
      if (typeof row.score === "number" && !isValidScore(row.kind, row.score)) {
        const r = SCORE_RANGE[row.kind];
        c.addIssue({
          code: "custom",
          path: ["score"],
          message: `${row.score} is out of range for ${row.kind.toUpperCase()} (${r.min}–${r.max})`,
        });
      }
      if (row.customer_id === null && row.segment === null) {
        c.addIssue({
          code: "custom",
          path: ["segment"],
          message: "is required when there is no customer_id",
        });
      }
    });
}

export function parseResponseRow(
  schema: ReturnType<typeof responseRowSchema>,
  raw: Record<string, string>,
): RowResult<ResponseInput> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) return { ok: false, errors: collect(parsed.error) };
  const row = parsed.data;
  const keys = rowKeys(row.id, [
    row.responded_at.toISOString(),
    row.kind,
    row.score,
    row.customer_id,
    row.segment,
    row.touchpoint,
    row.comment,
  ]);
  return {
    ok: true,
    value: {
      ...keys,
      kind: row.kind,
      score: row.score,
      respondedAt: row.responded_at,
      customerExternalId: row.customer_id,
      segment: row.segment,
      touchpoint: row.touchpoint,
      comment: row.comment,
      source: "csv",
      respondentSlackId: null,
      surveyId: null,
    },
  };
}
