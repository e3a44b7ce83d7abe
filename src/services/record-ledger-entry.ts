import { createHash } from "node:crypto";
import { recordAuditEvent } from "../data/audit.js";
import type { DbClient, PrismaClient } from "../data/client.js";
import { type CustomerRecord, findCustomer, findCustomersByExternalId } from "../data/customers.js";
import { findExistingMovementKeys, findMovementId, loadTimelines } from "../data/ledger.js";
import { findSegment } from "../data/taxonomy.js";
import type { MovementInput } from "../domain/ledger-inputs.js";
import { admitEntries, type MovementType, type ViolationCode } from "../domain/ledger-rules.js";
import type { Money } from "../domain/money.js";
import { localDate, parseInstant } from "../domain/time.js";
import { recordMovements } from "./record-movements.js";

// One customer won or lost, recorded by a person from Slack. It goes through recordMovements,
// the same write path as the CSV import, so the ledger rules, the reason taxonomy and
// idempotency are the same; this use case adds what a form needs: picking a customer by id or
// creating one, turning "won" into "reactivated" for a customer the ledger knows as lost,
// refusals a person can act on, and an audit event.

export type LedgerDirection = "won" | "lost";

export interface LedgerEntry {
  direction: LedgerDirection;
  customer: { kind: "existing"; id: string } | { kind: "new"; name: string; externalId: string | null };
  /** Null keeps an existing customer's segment (a new customer needs one). */
  segment: { kind: "existing"; id: string } | { kind: "new"; name: string } | null;
  /** Annual value in the reporting currency. */
  value: Money;
  reasonCode: string;
  /** Calendar date (YYYY-MM-DD) in `timeZone`. */
  date: string;
  note: string | null;
}

export interface RecordLedgerEntryRequest {
  workspaceId: string;
  reportingCurrency: string;
  entry: LedgerEntry;
  /** Makes the idempotency key: a retried or double submission of one form is stored once. */
  submissionId: string;
  userId: string;
  /** Where `entry.date` is a calendar date (the person's time zone). */
  timeZone: string;
}

export type LedgerField = "customer" | "newName" | "newExternalId" | "segment" | "value" | "reason" | "date";

export type LedgerProblem =
  | { kind: "unknown_customer" }
  | { kind: "unknown_segment" }
  | { kind: "segment_required" }
  | { kind: "customer_exists"; name: string; externalId: string }
  | { kind: "future_date" }
  | { kind: "rule"; code: ViolationCode; since: Date | null }
  | { kind: "conflict" }
  | { kind: "other"; message: string };

export interface RecordedMovement {
  id: string;
  idempotencyKey: string;
  type: MovementType;
  customerName: string;
  segmentName: string;
  newCustomer: boolean;
  value: Money;
  currency: string;
  reasonCode: string;
  occurredAt: Date;
  date: string;
  note: string | null;
  /** For a reactivation: when the customer had been lost. */
  lostOn: Date | null;
}

export type LedgerEntryResult =
  | { status: "recorded"; movement: RecordedMovement }
  | { status: "duplicate" }
  | { status: "refused"; field: LedgerField; problem: LedgerProblem };

export const ledgerEntryKey = (submissionId: string) => `slack:${submissionId}`;

function contentHash(req: RecordLedgerEntryRequest): string {
  const e = req.entry;
  // The form as submitted, not what it resolves to: a retry after the customer changed state
  // (lost → reactivated) is still recognised as the same submission.
  const values = [
    e.direction,
    e.customer,
    e.segment,
    e.value,
    req.reportingCurrency,
    e.reasonCode,
    e.date,
    e.note,
  ];
  return createHash("sha256").update(JSON.stringify(values)).digest("hex");
}

/** "Acme, S.L." → "slack-acme-s-l": an id for a new customer typed without its CRM id. */
export function derivedExternalId(name: string): string | null {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 120);
  return slug ? `slack-${slug}` : null;
}

class Refused extends Error {
  constructor(readonly result: LedgerEntryResult) {
    super("refused");
  }
}

const refuse = (field: LedgerField, problem: LedgerProblem): never => {
  throw new Refused({ status: "refused", field, problem });
};

async function storedAs(db: DbClient, workspaceId: string, key: string): Promise<string | undefined> {
  return (await findExistingMovementKeys(db, workspaceId, [key])).get(key);
}

export async function recordLedgerEntry(
  db: PrismaClient,
  req: RecordLedgerEntryRequest,
  now: Date,
): Promise<LedgerEntryResult> {
  const key = ledgerEntryKey(req.submissionId);
  const hash = contentHash(req);
  try {
    return await db.$transaction(
      async (tx) => {
        const prior = await storedAs(tx, req.workspaceId, key);
        if (prior === hash) return { status: "duplicate" as const };
        if (prior !== undefined) return refuse("customer", { kind: "conflict" });
        return await write(tx, req, key, hash, now);
      },
      { maxWait: 10_000, timeout: 20_000 },
    );
  } catch (error) {
    if (error instanceof Refused) {
      // A concurrent copy of this submission may have won the race (its movement then makes
      // this one look like "already lost"): that is a duplicate, not a refusal.
      if ((await storedAs(db, req.workspaceId, key)) === hash) return { status: "duplicate" };
      return error.result;
    }
    if ((await storedAs(db, req.workspaceId, key).catch(() => undefined)) === hash) {
      return { status: "duplicate" };
    }
    throw error;
  }
}

async function resolveCustomer(
  tx: DbClient,
  req: RecordLedgerEntryRequest,
): Promise<{ picked: CustomerRecord | null; externalId: string; name: string }> {
  const c = req.entry.customer;
  if (c.kind === "existing") {
    const picked = await findCustomer(tx, req.workspaceId, { id: c.id });
    if (!picked) return refuse("customer", { kind: "unknown_customer" });
    return { picked, externalId: picked.externalId, name: picked.name };
  }
  const name = c.name.trim();
  if (c.externalId) {
    const taken = (await findCustomersByExternalId(tx, req.workspaceId, [c.externalId])).get(c.externalId);
    if (taken)
      refuse("newExternalId", { kind: "customer_exists", name: taken.name, externalId: c.externalId });
    return { picked: null, externalId: c.externalId, name };
  }
  const sameName = await findCustomer(tx, req.workspaceId, { name });
  if (sameName)
    refuse("newName", { kind: "customer_exists", name: sameName.name, externalId: sameName.externalId });
  const derived = derivedExternalId(name) ?? `slack-${req.submissionId}`;
  const taken = (await findCustomersByExternalId(tx, req.workspaceId, [derived])).get(derived);
  if (taken) refuse("newName", { kind: "customer_exists", name: taken.name, externalId: derived });
  return { picked: null, externalId: derived, name };
}

async function resolveSegment(
  tx: DbClient,
  req: RecordLedgerEntryRequest,
  picked: CustomerRecord | null,
): Promise<string> {
  const s = req.entry.segment;
  if (s?.kind === "existing") {
    const segment = await findSegment(tx, req.workspaceId, { id: s.id });
    return segment ? segment.name : refuse("segment", { kind: "unknown_segment" });
  }
  if (s?.kind === "new") return s.name.trim();
  return picked ? picked.segmentName : refuse("segment", { kind: "segment_required" });
}

async function write(
  tx: DbClient,
  req: RecordLedgerEntryRequest,
  key: string,
  hash: string,
  now: Date,
): Promise<LedgerEntryResult> {
  const { entry } = req;
  const today = localDate(now, req.timeZone);
  if (entry.date > today) refuse("date", { kind: "future_date" });
  // Today means now (so it follows whatever was recorded earlier today); a past day means its
  // start, as the CSV import reads a bare date.
  const occurredAt = entry.date === today ? now : parseInstant(entry.date, req.timeZone);
  if (!occurredAt) return refuse("date", { kind: "other", message: `${entry.date} is not a date` });

  const { picked, externalId, name } = await resolveCustomer(tx, req);
  const segmentName = await resolveSegment(tx, req, picked);
  const type: MovementType =
    entry.direction === "lost" ? "lost" : picked?.status === "lost" ? "reactivated" : "gained";
  const timeline = picked ? await loadTimelines(tx, [picked.id]) : [];

  const input: MovementInput = {
    idempotencyKey: key,
    contentHash: hash,
    customerExternalId: externalId,
    customerName: picked ? null : name,
    segment: segmentName,
    type,
    occurredAt,
    value: entry.value,
    currency: req.reportingCurrency,
    reasonCode: entry.reasonCode,
    note: entry.note,
    source: "slack",
    recordedBy: req.userId,
  };
  const { outcomes } = await recordMovements(
    tx,
    { workspaceId: req.workspaceId, reportingCurrency: req.reportingCurrency },
    [input],
  );
  const outcome = outcomes[0];
  if (outcome?.status === "duplicate") return { status: "duplicate" };
  if (outcome?.status !== "inserted") {
    const message = outcome?.status === "rejected" ? outcome.message : "not recorded";
    const column = outcome?.status === "rejected" ? outcome.column : "";
    if (column === "reason") return refuse("reason", { kind: "other", message });
    if (column === "currency") return refuse("value", { kind: "other", message });
    if (column === "type") {
      // Say which rule and since when, in words the person's language can carry.
      const base = timeline.reduce((max, m) => Math.max(max, Number(m.id)), 0);
      const { rejected } = admitEntries(
        timeline.map((m) => ({
          key: m.idempotencyKey,
          type: m.type,
          occurredAt: m.occurredAt,
          value: m.value,
          seq: Number(m.id),
        })),
        [{ key, type, occurredAt, value: entry.value, seq: base + 1 }],
      );
      const violation = rejected[0];
      if (violation)
        return refuse("customer", { kind: "rule", code: violation.code, since: violation.since });
    }
    return refuse("customer", { kind: "other", message });
  }

  const id = await findMovementId(tx, req.workspaceId, key);
  const lastLoss = [...timeline].reverse().find((m) => m.type === "lost");
  const movement: RecordedMovement = {
    id: String(id ?? ""),
    idempotencyKey: key,
    type,
    customerName: name,
    segmentName,
    newCustomer: picked === null,
    value: entry.value,
    currency: req.reportingCurrency,
    reasonCode: entry.reasonCode,
    occurredAt,
    date: entry.date,
    note: entry.note,
    lostOn: type === "reactivated" ? (lastLoss?.occurredAt ?? null) : null,
  };
  await recordAuditEvent(tx, {
    workspaceId: req.workspaceId,
    actor: req.userId,
    action: "ledger.recorded",
    subjectType: "customer_movement",
    subjectId: movement.id,
    data: {
      idempotencyKey: key,
      type,
      customer: externalId,
      segment: segmentName,
      value: entry.value,
      currency: req.reportingCurrency,
      reason: entry.reasonCode,
      occurredAt: occurredAt.toISOString(),
    },
  });
  return { status: "recorded", movement };
}
