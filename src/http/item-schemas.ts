import { z } from "zod";
import type { MovementInput, ResponseInput } from "../domain/ledger-inputs.js";
import {
  MOVEMENT_COLUMNS,
  movementRowSchema,
  parseResponseRow,
  RESPONSE_COLUMNS,
  type RowContext,
  responseRowSchema,
  toMovementInput,
} from "../import/csv-rows.js";

// API bodies: one item, or { "items": [...] }. Items have the CSV columns as fields and go through
// the CSV row schemas, so the API and the import accept exactly the same values and derive the
// same content hashes. JSON adds numbers (value, score) and null, read as the CSV text would be.

export const MAX_ITEMS = 1000;

export type PathSegment = string | number;
export interface Issue {
  path: PathSegment[];
  message: string;
}

export type Parsed<T> = { ok: true; items: T[]; batch: boolean } | { ok: false; issues: Issue[] };

type RawItem = { raw: Record<string, string>; issues: Issue[] };

/**
 * An item as the CSV's text per column, with the problems of its shape: not an object, fields
 * that are not columns, values that are neither text, number nor null. The row schema still runs
 * on the other columns, so one answer lists every problem of the item.
 */
function rawItem(
  entry: unknown,
  columns: readonly string[],
  what: string,
  at: PathSegment[],
): RawItem | null {
  if (typeof entry !== "object" || entry === null || Array.isArray(entry)) return null;
  const obj = entry as Record<string, unknown>;
  const issues: Issue[] = [];
  for (const key of Object.keys(obj)) {
    if (!columns.includes(key)) {
      issues.push({
        path: [...at, key],
        message: `is not a field of ${what} (fields: ${columns.join(", ")})`,
      });
    }
  }
  const raw: Record<string, string> = {};
  for (const column of columns) {
    const v = obj[column];
    if (v === null || v === undefined) raw[column] = "";
    else if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) raw[column] = String(v);
    else {
      raw[column] = "";
      issues.push({ path: [...at, column], message: "must be a string, a number or null" });
    }
  }
  return { raw, issues };
}

const prefixed = (prefix: PathSegment[], error: z.ZodError): Issue[] =>
  error.issues.map((i) => ({ path: [...prefix, ...(i.path as PathSegment[])], message: i.message }));

/** Splits a body into raw items, reporting the envelope's problems. */
function rawItems(
  body: unknown,
  columns: readonly string[],
  what: string,
  idempotencyKey: string | undefined,
): { items: Array<RawItem | null>; batch: boolean; issues: Issue[] } {
  const issues: Issue[] = [];
  const notAnObject = (path: PathSegment[]) => ({ path, message: `must be a JSON object: ${what}` });
  const isBatch = typeof body === "object" && body !== null && !Array.isArray(body) && "items" in body;
  if (!isBatch) {
    const item = rawItem(body, columns, what, []);
    if (!item) return { items: [], batch: false, issues: [notAnObject([])] };
    if (idempotencyKey !== undefined) {
      if (item.raw.id?.trim() && item.raw.id.trim() !== idempotencyKey) {
        issues.push({
          path: ["id"],
          message: "differs from the Idempotency-Key header: send one or the other",
        });
      }
      item.raw.id = idempotencyKey;
    }
    return { items: [item], batch: false, issues };
  }
  if (idempotencyKey !== undefined) {
    issues.push({
      path: [],
      message: 'the Idempotency-Key header is for a single item: give each item of "items" an "id"',
    });
  }
  const envelope = z
    .object({
      items: z
        .array(z.unknown(), { error: "must be an array of items" })
        .min(1, "must hold at least one item")
        .max(MAX_ITEMS, `holds at most ${MAX_ITEMS} items: split the batch`),
    })
    .strict()
    .safeParse(body);
  if (!envelope.success)
    return { items: [], batch: true, issues: [...issues, ...prefixed([], envelope.error)] };
  const items = envelope.data.items.map((entry, index) => {
    const item = rawItem(entry, columns, what, ["items", index]);
    if (!item) issues.push(notAnObject(["items", index]));
    return item;
  });
  return { items, batch: true, issues };
}

/** The row schema's problems, but not a second one for a column whose value was the wrong type. */
function rowIssues(error: z.ZodError, item: RawItem, at: PathSegment[]): Issue[] {
  const reported = new Set(item.issues.map((i) => String(i.path[at.length])));
  return prefixed(at, error).filter((i) => !reported.has(String(i.path[at.length])));
}

/** The API's own namespace of idempotency keys: "api:<id>" or "api:sha256:<content hash>". */
const apiKey = (csvKey: string) => `api:${csvKey.replace(/^csv:/, "")}`;

/**
 * A body of items with `columns`: every problem of every item (its shape, then its row schema's),
 * or the items `toItem` makes of the rows (null: none for that row).
 */
function parseBody<S extends z.ZodType, T>(
  body: unknown,
  columns: readonly string[],
  what: string,
  idempotencyKey: string | undefined,
  schema: S,
  toItem: (row: z.output<S>, raw: Record<string, string>) => T | null,
): Parsed<T> {
  const { items: raws, batch, issues } = rawItems(body, columns, what, idempotencyKey);
  const items: T[] = [];
  raws.forEach((item, index) => {
    if (!item) return;
    issues.push(...item.issues);
    const parsed = schema.safeParse(item.raw);
    if (!parsed.success) {
      issues.push(...rowIssues(parsed.error, item, batch ? ["items", index] : []));
      return;
    }
    const out = toItem(parsed.data, item.raw);
    if (out !== null) items.push(out);
  });
  return issues.length > 0 ? { ok: false, issues } : { ok: true, items, batch };
}

export function parseMovementsBody(
  body: unknown,
  ctx: RowContext & { recordedBy: string },
  idempotencyKey?: string,
): Parsed<MovementInput> {
  return parseBody(body, MOVEMENT_COLUMNS, "a movement", idempotencyKey, movementRowSchema(ctx), (row) => {
    const input = toMovementInput(row, ctx);
    return {
      ...input,
      idempotencyKey: apiKey(input.idempotencyKey),
      source: "api",
      recordedBy: ctx.recordedBy,
    };
  });
}

export function parseResponsesBody(
  body: unknown,
  ctx: RowContext,
  idempotencyKey?: string,
): Parsed<ResponseInput> {
  const schema = responseRowSchema(ctx);
  return parseBody(body, RESPONSE_COLUMNS, "a survey answer", idempotencyKey, schema, (_row, raw) => {
    // The import's own mapping, so the content hash is the import's too.
    const row = parseResponseRow(schema, raw);
    return row.ok ? { ...row.value, idempotencyKey: apiKey(row.value.idempotencyKey), source: "api" } : null;
  });
}
