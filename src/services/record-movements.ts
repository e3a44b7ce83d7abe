import { randomUUID } from "node:crypto";
import { findCustomersByExternalId } from "../data/customers.js";
import {
  type CustomerState,
  ensureSegments,
  findExistingMovementKeys,
  insertCustomers,
  insertMovements,
  listReasons,
  loadTimelines,
  lockCustomers,
  type NewMovement,
  updateCustomerStates,
  updateMovementStates,
} from "../data/ledger.js";
import type { Runner } from "../data/sql.js";
import type { MovementInput } from "../domain/ledger-inputs.js";
import {
  admitEntries,
  appendEntries,
  appendsInOrder,
  type TimelineEntry,
  type TimelineTail,
  tailOf,
} from "../domain/ledger-rules.js";
import type { Money } from "../domain/money.js";
import type { ReasonRef, SegmentRef } from "../domain/taxonomy.js";
import { reasonDirectionFor, segmentKey } from "../domain/taxonomy.js";

// The one write path into the ledger: CSV import, Slack modals, the HTTP API and the demo all
// come through here, so they share validation, idempotency and the ledger rules.

export type RowOutcome =
  | { status: "inserted" }
  | { status: "duplicate" }
  | { status: "rejected"; column: string; message: string };

export interface RecordResult {
  outcomes: RowOutcome[];
  createdSegments: string[];
}

export interface RecordContext {
  workspaceId: string;
  reportingCurrency: string;
  isDemo?: boolean;
  /** Reason codes, loaded once per import rather than once per batch. */
  reasons?: ReasonRef[];
  /** Many batches in one transaction (an import): see LedgerSession. */
  session?: LedgerSession;
}

/**
 * One customer a session has written. Flat on purpose: an import of a million rows remembers a
 * hundred thousand of these. The state fields are those of the customer row (and of the timeline
 * tail when `appendable`); `dirty` when the row has not been written with them yet.
 */
interface SessionCustomer {
  id: string;
  segmentId: string;
  /** The latest name given, or null to keep the stored one. */
  name: string | null;
  status: CustomerState["status"];
  value: Money;
  openingActive: boolean;
  openingValue: Money;
  /** The tail's instant and since (ms; NaN for none), meaningful when `appendable`. */
  lastAt: number;
  since: number;
  appendable: boolean;
  dirty: boolean;
}

/**
 * What a writer of many batches inside one transaction remembers between them: segments, and for
 * each customer it has written, its id and timeline tail, so that the usual batch (rows appending
 * to customers seen before) needs no timeline reads, and customer rows are written once rather
 * than once per batch. Sound because the transaction holds the customers' row locks until it
 * ends. Bounded: past maxCustomers the least recently used half is written back and forgotten
 * (read again if met).
 */
export interface LedgerSession {
  segments: Map<string, SegmentRef>;
  /** By external id, least recently used first. */
  customers: Map<string, SessionCustomer>;
  maxCustomers: number;
}

export function newLedgerSession(maxCustomers = 100_000): LedgerSession {
  return { segments: new Map(), customers: new Map(), maxCustomers };
}

const stateOf = (c: SessionCustomer): CustomerState => ({
  id: c.id,
  segmentId: c.segmentId,
  name: c.name,
  openingActive: c.openingActive,
  openingValue: c.openingValue,
  status: c.status,
  currentValue: c.value,
});

const tailOfSession = (c: SessionCustomer): TimelineTail => ({
  lastAt: c.lastAt,
  status: c.status,
  value: c.value,
  since: Number.isNaN(c.since) ? null : new Date(c.since),
  openingActive: c.openingActive,
  openingValue: c.openingValue,
});

async function writeBack(db: Runner, customers: Iterable<SessionCustomer>): Promise<void> {
  let chunk: CustomerState[] = [];
  for (const c of customers) {
    if (c.dirty) chunk.push(stateOf(c));
    c.dirty = false;
    if (chunk.length >= 5000) {
      await updateCustomerStates(db, chunk);
      chunk = [];
    }
  }
  await updateCustomerStates(db, chunk);
}

/** Writes the customer states the session holds back. Call before the transaction commits. */
export async function finishLedgerSession(db: Runner, session: LedgerSession): Promise<void> {
  await writeBack(db, session.customers.values());
}

async function evictHalf(db: Runner, session: LedgerSession): Promise<void> {
  const evicted: Array<[string, SessionCustomer]> = [];
  for (const entry of session.customers) {
    if (evicted.length >= session.customers.size / 2) break;
    evicted.push(entry);
  }
  await writeBack(
    db,
    evicted.map(([, c]) => c),
  );
  for (const [externalId] of evicted) session.customers.delete(externalId);
}

/** randomUUID builds its text from many pieces; a flat copy takes a fifth of the memory. */
const flatUuid = () => Buffer.from(randomUUID(), "latin1").toString("latin1");

/**
 * Records a batch of movements. Call inside a transaction: rows are checked against the ledger
 * rules together with what is stored, and stored together.
 */
export async function recordMovements(
  db: Runner,
  ctx: RecordContext,
  inputs: MovementInput[],
): Promise<RecordResult> {
  const outcomes: Array<RowOutcome | undefined> = new Array(inputs.length);
  const reject = (i: number, column: string, message: string) => {
    outcomes[i] = { status: "rejected", column, message };
  };

  const reasons = ctx.reasons ?? (await listReasons(db, ctx.workspaceId));
  const reasonIds = new Map(reasons.map((r) => [`${r.direction}:${r.code}`, r.id]));

  // Idempotency: stored keys with the same content are duplicates; with other content, conflicts.
  const stored = await findExistingMovementKeys(
    db,
    ctx.workspaceId,
    inputs.map((r) => r.idempotencyKey),
  );
  const seen = new Map<string, string>();
  inputs.forEach((row, i) => {
    const prior = stored.get(row.idempotencyKey) ?? seen.get(row.idempotencyKey);
    if (prior !== undefined) {
      if (prior === row.contentHash) outcomes[i] = { status: "duplicate" };
      else
        reject(
          i,
          "id",
          `id ${row.idempotencyKey.replace(/^[a-z]+:/, "")} was already recorded with different content`,
        );
      return;
    }
    seen.set(row.idempotencyKey, row.contentHash);
    if (row.currency !== ctx.reportingCurrency) {
      reject(
        i,
        "currency",
        `${row.currency} is not the reporting currency ${ctx.reportingCurrency}; convert the value first`,
      );
      return;
    }
    if (row.reasonCode !== null) {
      const direction = reasonDirectionFor(row.type);
      if (!reasonIds.has(`${direction}:${row.reasonCode}`)) {
        const valid = reasons.filter((r) => r.direction === direction && r.active).map((r) => r.code);
        reject(i, "reason", `unknown ${direction} reason "${row.reasonCode}"; valid: ${valid.join(", ")}`);
      }
    }
  });

  const live = inputs.map((row, i) => ({ row, i })).filter(({ i }) => outcomes[i] === undefined);
  const session = ctx.session;
  if (live.length === 0) return { outcomes: outcomes.map(orNotProcessed), createdSegments: [] };
  const segmentNames = live.map(({ row }) => row.segment);
  const { byKey: segments, created } = await ensureSegments(
    db,
    ctx.workspaceId,
    session ? segmentNames.filter((name) => !session.segments.has(segmentKey(name))) : segmentNames,
    ctx.isDemo,
  );
  if (session) {
    for (const [key, s] of segments) session.segments.set(key, s);
    for (const [key, s] of session.segments) segments.set(key, s);
  }

  // Customers: existing ones are locked, new ones get ids now. Those the session knows are
  // locked already.
  const externalIds = [...new Set(live.map(({ row }) => row.customerExternalId))];
  const remembered = new Map<string, SessionCustomer>();
  if (session) {
    for (const id of externalIds) {
      const c = session.customers.get(id);
      if (!c) continue;
      remembered.set(id, c);
      // Most recently used last.
      session.customers.delete(id);
      session.customers.set(id, c);
    }
  }
  const customers = await findCustomersByExternalId(
    db,
    ctx.workspaceId,
    remembered.size ? externalIds.filter((id) => !remembered.has(id)) : externalIds,
  );
  await lockCustomers(
    db,
    [...customers.values()].map((c) => c.id),
  );
  for (const [externalId, c] of remembered) {
    customers.set(externalId, { id: c.id, externalId, name: "", segmentId: c.segmentId });
  }
  const fresh = externalIds
    .filter((id) => !customers.has(id))
    .map((externalId) => {
      const first = live.find(({ row }) => row.customerExternalId === externalId)?.row;
      return {
        id: flatUuid(),
        externalId,
        name: first?.customerName ?? externalId,
        segmentId: segments.get(segmentKey(first?.segment ?? ""))?.id ?? "",
      };
    });
  for (const c of fresh) customers.set(c.externalId, c);
  const freshIds = new Set<string>(fresh.map((c) => c.id));

  const byCustomer = new Map<string, typeof live>();
  for (const item of live) {
    const list = byCustomer.get(item.row.customerExternalId);
    if (list) list.push(item);
    else byCustomer.set(item.row.customerExternalId, [item]);
  }
  const candidatesOf = (items: typeof live, base: number): TimelineEntry[] =>
    items.map(({ row }, n) => ({
      key: row.idempotencyKey,
      type: row.type,
      occurredAt: row.occurredAt,
      value: row.value,
      seq: base + 1 + n,
    }));
  // A remembered tail that every row of the batch appends to replaces reading the timeline.
  const appendable = new Set<string>();
  for (const [externalId, c] of remembered) {
    const items = byCustomer.get(externalId);
    if (c.appendable && items && appendsInOrder(tailOfSession(c), candidatesOf(items, 0))) {
      appendable.add(externalId);
    }
  }
  const stored_ = await loadTimelines(
    db,
    [...customers.values()]
      .filter((c) => !freshIds.has(c.id) && !appendable.has(c.externalId))
      .map((c) => c.id),
  );
  const timelines = new Map<string, typeof stored_>();
  for (const m of stored_) {
    const list = timelines.get(m.customerId) ?? [];
    list.push(m);
    timelines.set(m.customerId, list);
  }

  const newMovements: NewMovement[] = [];
  const changedStored: Array<{ id: bigint; statusAfter: CustomerState["status"]; valueAfter: Money }> = [];
  const states: CustomerState[] = [];
  const touched = new Set<string>();
  const stateOfFresh = new Map<string, CustomerState>();

  for (const [externalId, items] of byCustomer) {
    const customer = customers.get(externalId);
    if (!customer) continue;
    const existing = timelines.get(customer.id) ?? [];
    const known = remembered.get(externalId);
    const tail = known && appendable.has(externalId) ? tailOfSession(known) : undefined;
    let admitted: Omit<ReturnType<typeof appendEntries>, "tail"> & { tail: TimelineTail | null };
    if (tail) admitted = appendEntries(tail, candidatesOf(items, 0));
    else {
      const existingEntries: TimelineEntry[] = existing.map((m) => ({
        key: m.idempotencyKey,
        type: m.type,
        occurredAt: m.occurredAt,
        value: m.value,
        seq: Number(m.id),
      }));
      const base = existing.reduce((max, m) => Math.max(max, Number(m.id)), 0);
      const result = admitEntries(existingEntries, candidatesOf(items, base));
      admitted = { ...result, tail: session && result.accepted.length > 0 ? tailOf(result.replay) : null };
    }
    const { accepted, rejected, replay } = admitted;
    for (const v of rejected) {
      const item = items.find(({ row }) => row.idempotencyKey === v.key);
      if (item) reject(item.i, "type", v.message);
    }
    if (accepted.length === 0) continue;

    const derived = new Map(replay.entries.map((e) => [e.key, e]));
    for (const m of existing) {
      const d = derived.get(m.idempotencyKey);
      if (d && (d.statusAfter !== m.statusAfter || d.valueAfter !== m.valueAfter)) {
        changedStored.push({ id: m.id, statusAfter: d.statusAfter, valueAfter: d.valueAfter });
      }
    }
    const acceptedKeys = new Set(accepted.map((a) => a.key));
    for (const { row, i } of items) {
      if (!acceptedKeys.has(row.idempotencyKey)) continue;
      const d = derived.get(row.idempotencyKey);
      const segmentId = segments.get(segmentKey(row.segment))?.id;
      if (!d || !segmentId) continue;
      const reasonCodeId =
        row.reasonCode === null
          ? null
          : (reasonIds.get(`${reasonDirectionFor(row.type)}:${row.reasonCode}`) ?? null);
      newMovements.push({
        customerId: customer.id,
        segmentId,
        type: row.type,
        occurredAt: row.occurredAt,
        value: row.value,
        currency: row.currency,
        reasonCodeId,
        note: row.note,
        source: row.source,
        idempotencyKey: row.idempotencyKey,
        contentHash: row.contentHash,
        recordedBy: row.recordedBy,
        statusAfter: d.statusAfter,
        valueAfter: d.valueAfter,
      });
      outcomes[i] = { status: "inserted" };
    }
    // The customer sits in the segment of its latest movement.
    const latest = replay.entries[replay.entries.length - 1];
    const latestRow = latest ? items.find(({ row }) => row.idempotencyKey === latest.key)?.row : undefined;
    const latestStored = latest ? existing.find((m) => m.idempotencyKey === latest.key) : undefined;
    const segmentId =
      (latestRow && segments.get(segmentKey(latestRow.segment))?.id) ??
      latestStored?.segmentId ??
      customer.segmentId;
    const state: CustomerState = {
      id: customer.id,
      segmentId,
      // The latest name given wins, as it would with one row per batch.
      name: items.map(({ row }) => row.customerName).findLast((n) => n !== null) ?? null,
      openingActive: replay.openingActive,
      openingValue: replay.openingValue,
      status: replay.status,
      currentValue: replay.currentValue,
    };
    touched.add(customer.id);
    if (freshIds.has(customer.id)) stateOfFresh.set(customer.id, state);
    if (!session) {
      states.push(state);
      continue;
    }
    // The row keeps a name until a movement brings one (COALESCE in updateCustomerStates).
    const t = admitted.tail;
    const remember: SessionCustomer = {
      id: customer.id,
      segmentId,
      name: state.name ?? known?.name ?? null,
      status: state.status,
      value: state.currentValue,
      openingActive: state.openingActive,
      openingValue: state.openingValue,
      lastAt: t ? t.lastAt : Number.NaN,
      since: t?.since ? t.since.getTime() : Number.NaN,
      appendable: t !== null,
      dirty: !freshIds.has(customer.id),
    };
    if (known) Object.assign(known, remember);
    else session.customers.set(externalId, remember);
  }

  // New customers are written with their state, so that a session need not update them again.
  await insertCustomers(
    db,
    ctx.workspaceId,
    fresh
      .filter((c) => touched.has(c.id))
      .map((c) => {
        const st = stateOfFresh.get(c.id);
        return st ? { ...c, ...st, name: st.name ?? c.name } : c;
      }),
    ctx.isDemo,
  );
  await insertMovements(db, ctx.workspaceId, newMovements);
  await updateMovementStates(db, changedStored);
  await updateCustomerStates(db, states);
  if (session && session.customers.size > session.maxCustomers) await evictHalf(db, session);

  return { outcomes: outcomes.map(orNotProcessed), createdSegments: created };
}

const orNotProcessed = (o: RowOutcome | undefined): RowOutcome =>
  o ?? { status: "rejected", column: "", message: "not processed" };
