import { z } from "zod";
import type { Locale } from "../../../domain/locale.js";
import { parseMoney } from "../../../domain/money.js";
import type { LedgerDirection, LedgerEntry } from "../../../services/record-ledger-entry.js";
import { fieldErrors } from "../../kit/form-errors.js";
import { LOOKUP } from "../../kit/ids.js";
import { parseSubject } from "../lookup/index.js";
import { LEDGER_BLOCK as B, LEDGER_INPUT as I } from "./ids.js";
import { formatDay, ledgerTexts } from "./texts.js";

// Reads the ledger modal's submitted state: zod for the payload's shape, then the rules a person
// can fix (exactly one customer, a segment for a new one, an amount, a reason of the right
// direction, a date not in the future). Errors come back per input block, in their language.
// Pure: no Slack client, no database.

export const MAX = { name: 300, externalId: 200, segment: 100, note: 2000 } as const;

/** What the modal keeps in private_metadata. */
export const ledgerMetadataSchema = z.object({ v: z.literal(1), direction: z.enum(["won", "lost"]) });
export type LedgerMetadata = z.infer<typeof ledgerMetadataSchema>;

export function readLedgerMetadata(raw: string): LedgerMetadata | null {
  try {
    const parsed = ledgerMetadataSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

const selected = z
  .object({ selected_option: z.object({ value: z.string().max(300) }).nullish() })
  .optional()
  .transform((s) => s?.selected_option?.value ?? null);
const typed = z
  .object({ value: z.string().max(10_000).nullish() })
  .optional()
  .transform((s) => {
    const t = s?.value?.trim() ?? "";
    return t === "" ? null : t;
  });
const picked = z
  .object({ selected_date: z.string().max(20).nullish() })
  .optional()
  .transform((s) => s?.selected_date ?? null);
const block = <T extends z.ZodType>(actionId: string, schema: T) =>
  z
    .object({ [actionId]: schema })
    .optional()
    .transform((b) => (b?.[actionId] ?? null) as z.output<T> | null);

const stateSchema = z.object({
  [B.customer]: block(LOOKUP.customer, selected),
  [B.newName]: block(I.newName, typed),
  [B.newExternalId]: block(I.newExternalId, typed),
  [B.segment]: block(LOOKUP.segment, selected),
  [B.newSegment]: block(I.newSegment, typed),
  [B.value]: block(I.value, typed),
  [B.reason]: block(I.reason, selected),
  [B.date]: block(I.date, picked),
  [B.note]: block(I.note, typed),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isCalendarDay = (s: string) => DAY.test(s) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s);

export interface LedgerFormOptions {
  direction: LedgerDirection;
  /** Active reason codes of the direction. */
  reasonCodes: string[];
  /** Today (YYYY-MM-DD) in the person's time zone. */
  today: string;
  locale: Locale;
}

export type LedgerFormResult =
  | { ok: true; entry: LedgerEntry }
  | { ok: false; errors: Record<string, string> };

export function parseLedgerForm(values: unknown, opts: LedgerFormOptions): LedgerFormResult {
  const t = ledgerTexts[opts.locale].errors;
  const schema = stateSchema
    .transform((s) => ({
      customer: s[B.customer] ?? null,
      newName: s[B.newName] ?? null,
      newExternalId: s[B.newExternalId] ?? null,
      segment: s[B.segment] ?? null,
      newSegment: s[B.newSegment] ?? null,
      value: s[B.value] ?? null,
      reason: s[B.reason] ?? null,
      date: s[B.date] ?? null,
      note: s[B.note] ?? null,
    }))
    .transform((f, ctx) => {
      const fail = (blockId: string, message: string) => {
        ctx.addIssue({ code: "custom", path: [blockId], message });
      };
      // Customer: exactly one of an existing customer or a new one.
      const customer = f.customer === null ? null : parseSubject(f.customer);
      if (f.customer !== null && customer?.kind !== "customer") fail(B.customer, t.unreadable);
      const isNew = f.newName !== null || f.newExternalId !== null;
      if (f.customer !== null && isNew) fail(B.customer, t.notBoth);
      else if (f.customer === null && !isNew) fail(B.customer, t.pickOrNew);
      else if (f.customer === null && f.newName === null) fail(B.newName, t.nameNeeded);
      if (f.newName !== null && f.newName.length > MAX.name) fail(B.newName, t.tooLong(MAX.name));
      if (f.newExternalId !== null && f.newExternalId.length > MAX.externalId)
        fail(B.newExternalId, t.tooLong(MAX.externalId));

      // Segment: optional for an existing customer, required for a new one, never both.
      const segment = f.segment === null ? null : parseSubject(f.segment);
      if (f.segment !== null && segment?.kind !== "segment") fail(B.segment, t.unreadable);
      if (f.segment !== null && f.newSegment !== null) fail(B.segment, t.segmentBoth);
      else if (f.customer === null && isNew && f.segment === null && f.newSegment === null)
        fail(B.segment, t.segmentRequired);
      if (f.newSegment !== null && f.newSegment.length > MAX.segment)
        fail(B.newSegment, t.tooLong(MAX.segment));

      const value = f.value === null ? null : parseMoney(f.value);
      if (f.value === null) fail(B.value, t.valueRequired);
      else if (value === null) fail(B.value, t.valueBad(f.value.slice(0, 40)));

      if (f.reason === null) fail(B.reason, t.reasonRequired);
      else if (!opts.reasonCodes.includes(f.reason)) fail(B.reason, t.reasonWrong(opts.direction));

      if (f.date === null) fail(B.date, t.dateRequired);
      else if (!isCalendarDay(f.date)) fail(B.date, t.dateBad);
      else if (f.date > opts.today) fail(B.date, t.dateFuture(formatDay(opts.today, opts.locale)));

      if (f.note !== null && f.note.length > MAX.note) fail(B.note, t.tooLong(MAX.note));
      // PostgreSQL cannot store U+0000: said on the field, not as a database failure.
      const typedFields = [
        [B.newName, f.newName],
        [B.newExternalId, f.newExternalId],
        [B.newSegment, f.newSegment],
        [B.note, f.note],
      ] as const;
      for (const [blockId, value] of typedFields) if (value?.includes("\u0000")) fail(blockId, t.nul);
      if (ctx.issues.length > 0) return z.NEVER;

      const entry: LedgerEntry = {
        direction: opts.direction,
        customer:
          customer?.kind === "customer"
            ? { kind: "existing", id: customer.id }
            : { kind: "new", name: f.newName ?? "", externalId: f.newExternalId },
        segment:
          segment?.kind === "segment"
            ? { kind: "existing", id: segment.id }
            : f.newSegment !== null
              ? { kind: "new", name: f.newSegment }
              : null,
        value: value ?? "0.00",
        reasonCode: f.reason ?? "",
        date: f.date ?? "",
        note: f.note,
      };
      return entry;
    });

  const parsed = schema.safeParse(values ?? {});
  if (parsed.success) return { ok: true, entry: parsed.data };
  return {
    ok: false,
    errors: fieldErrors(parsed.error.issues, B, B.customer, t.unreadable, { keepCustomMessages: true }),
  };
}
