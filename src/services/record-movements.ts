import { randomUUID } from "node:crypto";
import { type CustomerRow, findCustomersByExternalId } from "../data/customers.js";
import {
  type CustomerState,
  findExistingMovementKeys,
  insertCustomers,
  insertMovements,
  loadTimelines,
  lockCustomers,
  type NewMovement,
  type StoredMovement,
  updateCustomerStates,
  updateMovementStates,
} from "../data/ledger.js";
import type { Runner } from "../data/sql.js";
import { ensureSegments, listReasons } from "../data/taxonomy.js";
import type { MovementInput } from "../domain/ledger-inputs.js";
import {
  admitEntries,
  appendEntries,
  appendsInOrder,
  type Replay,
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

type LiveRow = { row: MovementInput; i: number };

/** What every step of one batch reads: the context, the outcomes so far, the reason codes. */
interface Batch {
  ctx: RecordContext;
  session: LedgerSession | undefined;
  outcomes: Array<RowOutcome | undefined>;
  reasons: ReasonRef[];
  /** Reason ids by "direction:code". */
  reasonIds: Map<string, string>;
}

function reject(batch: Batch, i: number, column: string, message: string): void {
  batch.outcomes[i] = { status: "rejected", column, message };
}

/**
 * Records a batch of movements. Call inside a transaction: rows are checked against the ledger
 * rules together with what is stored, and stored together.
 */
export async function recordMovements(
  db: Runner,
  ctx: RecordContext,
  inputs: MovementInput[],
): Promise<RecordResult> {
  const reasons = ctx.reasons ?? (await listReasons(db, ctx.workspaceId));
  const batch: Batch = {
    ctx,
    session: ctx.session,
    outcomes: new Array(inputs.length),
    reasons,
    reasonIds: new Map(reasons.map((r) => [`${r.direction}:${r.code}`, r.id])),
  };
  await checkRows(db, batch, inputs);
  const live = inputs.map((row, i) => ({ row, i })).filter(({ i }) => batch.outcomes[i] === undefined);
  if (live.length === 0) return { outcomes: batch.outcomes.map(orNotProcessed), createdSegments: [] };
  const { segments, created } = await segmentsOf(db, batch, live);
  const customers = await customersOf(db, batch, live, segments);
  const byCustomer = groupByCustomer(live);
  const timelines = await timelinesOf(db, customers, byCustomer);
  const writes = admitAll(batch, customers, byCustomer, timelines, segments);
  await writeBatch(db, batch, customers.fresh, writes);
  return { outcomes: batch.outcomes.map(orNotProcessed), createdSegments: created };
}

const orNotProcessed = (o: RowOutcome | undefined): RowOutcome =>
  o ?? { status: "rejected", column: "", message: "not processed" };

/**
 * Step 1, per row on its own: idempotency (stored keys with the same content are duplicates; with
 * other content, conflicts), the reporting currency, a known reason code.
 */
async function checkRows(db: Runner, batch: Batch, inputs: MovementInput[]): Promise<void> {
  const { ctx, reasons, reasonIds } = batch;
  const stored = await findExistingMovementKeys(
    db,
    ctx.workspaceId,
    inputs.map((r) => r.idempotencyKey),
  );
  const seen = new Map<string, string>();
  inputs.forEach((row, i) => {
    const prior = stored.get(row.idempotencyKey) ?? seen.get(row.idempotencyKey);
    if (prior !== undefined) {
      if (prior === row.contentHash) batch.outcomes[i] = { status: "duplicate" };
      else
        reject(
          batch,
          i,
          "id",
          `id ${row.idempotencyKey.replace(/^[a-z]+:/, "")} was already recorded with different content`,
        );
      return;
    }
    seen.set(row.idempotencyKey, row.contentHash);
    if (row.currency !== ctx.reportingCurrency) {
      reject(
        batch,
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
        reject(
          batch,
          i,
          "reason",
          `unknown ${direction} reason "${row.reasonCode}"; valid: ${valid.join(", ")}`,
        );
      }
    }
  });
}

/** Step 2: the rows' segments, created when new; a session remembers them across batches. */
async function segmentsOf(
  db: Runner,
  batch: Batch,
  live: LiveRow[],
): Promise<{ segments: Map<string, SegmentRef>; created: string[] }> {
  const { ctx, session } = batch;
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
  return { segments, created };
}

interface BatchCustomers {
  /** Every customer the batch names, by external id: stored, remembered by the session, or fresh. */
  byExternalId: Map<string, CustomerRow>;
  /** Those the session knows (their rows are locked already). */
  remembered: Map<string, SessionCustomer>;
  /** New customers, with ids given now; written after their movements are admitted. */
  fresh: CustomerRow[];
  freshIds: Set<string>;
}

/** Step 3, customers: existing ones are locked, new ones get ids now. */
async function customersOf(
  db: Runner,
  batch: Batch,
  live: LiveRow[],
  segments: Map<string, SegmentRef>,
): Promise<BatchCustomers> {
  const externalIds = [...new Set(live.map(({ row }) => row.customerExternalId))];
  const remembered = batch.session ? recall(batch.session, externalIds) : new Map<string, SessionCustomer>();
  const customers = await findCustomersByExternalId(
    db,
    batch.ctx.workspaceId,
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
  return { byExternalId: customers, remembered, fresh, freshIds: new Set(fresh.map((c) => c.id)) };
}

/** The customers the session knows among these, each marked most recently used. */
function recall(session: LedgerSession, externalIds: string[]): Map<string, SessionCustomer> {
  const remembered = new Map<string, SessionCustomer>();
  for (const id of externalIds) {
    const c = session.customers.get(id);
    if (!c) continue;
    remembered.set(id, c);
    // Most recently used last.
    session.customers.delete(id);
    session.customers.set(id, c);
  }
  return remembered;
}

function groupByCustomer(live: LiveRow[]): Map<string, LiveRow[]> {
  const byCustomer = new Map<string, LiveRow[]>();
  for (const item of live) {
    const list = byCustomer.get(item.row.customerExternalId);
    if (list) list.push(item);
    else byCustomer.set(item.row.customerExternalId, [item]);
  }
  return byCustomer;
}

const candidatesOf = (items: LiveRow[], base: number): TimelineEntry[] =>
  items.map(({ row }, n) => ({
    key: row.idempotencyKey,
    type: row.type,
    occurredAt: row.occurredAt,
    value: row.value,
    seq: base + 1 + n,
  }));

interface StoredTimelines {
  /** Stored movements by customer id, for the customers that need them. */
  byCustomer: Map<string, StoredMovement[]>;
  /** External ids whose remembered tail every row of the batch appends to: no timeline read. */
  appendable: Set<string>;
}

/** Step 4: the stored timelines the ledger rules need, skipped where a remembered tail will do. */
async function timelinesOf(
  db: Runner,
  customers: BatchCustomers,
  byCustomer: Map<string, LiveRow[]>,
): Promise<StoredTimelines> {
  const appendable = new Set<string>();
  for (const [externalId, c] of customers.remembered) {
    const items = byCustomer.get(externalId);
    if (c.appendable && items && appendsInOrder(tailOfSession(c), candidatesOf(items, 0))) {
      appendable.add(externalId);
    }
  }
  const stored = await loadTimelines(
    db,
    [...customers.byExternalId.values()]
      .filter((c) => !customers.freshIds.has(c.id) && !appendable.has(c.externalId))
      .map((c) => c.id),
  );
  const timelines = new Map<string, StoredMovement[]>();
  for (const m of stored) {
    const list = timelines.get(m.customerId) ?? [];
    list.push(m);
    timelines.set(m.customerId, list);
  }
  return { byCustomer: timelines, appendable };
}

/** What the batch writes once every customer's rows are admitted. */
interface Writes {
  newMovements: NewMovement[];
  changedStored: Array<{ id: bigint; statusAfter: CustomerState["status"]; valueAfter: Money }>;
  /** Customer states to update now (without a session; a session writes them back later). */
  states: CustomerState[];
  /** Customers with at least one accepted row. */
  touched: Set<string>;
  stateOfFresh: Map<string, CustomerState>;
}

/** Step 5: each customer's rows against the ledger rules, and what that changes. */
function admitAll(
  batch: Batch,
  customers: BatchCustomers,
  byCustomer: Map<string, LiveRow[]>,
  timelines: StoredTimelines,
  segments: Map<string, SegmentRef>,
): Writes {
  const writes: Writes = {
    newMovements: [],
    changedStored: [],
    states: [],
    touched: new Set(),
    stateOfFresh: new Map(),
  };
  for (const [externalId, items] of byCustomer) {
    const customer = customers.byExternalId.get(externalId);
    if (!customer) continue;
    const existing = timelines.byCustomer.get(customer.id) ?? [];
    const known = customers.remembered.get(externalId);
    const admitted = admit(batch, items, existing, timelines.appendable.has(externalId) ? known : undefined);
    if (!admitted) continue;
    changedStoredStates(writes, existing, admitted.replay);
    acceptedMovements(batch, writes, customer.id, items, admitted, segments);
    const state = stateAfter(customer, items, existing, admitted.replay, segments);
    const fresh = customers.freshIds.has(customer.id);
    writes.touched.add(customer.id);
    if (fresh) writes.stateOfFresh.set(customer.id, state);
    if (batch.session) remember(batch.session, externalId, known, state, admitted.tail, !fresh);
    else writes.states.push(state);
  }
  return writes;
}

type Admitted = Omit<ReturnType<typeof appendEntries>, "tail"> & { tail: TimelineTail | null };

/**
 * One customer's rows admitted after its remembered tail (`appendTo`) or its stored timeline;
 * the refused rows are rejected. Null when none was accepted.
 */
function admit(
  batch: Batch,
  items: LiveRow[],
  existing: StoredMovement[],
  appendTo: SessionCustomer | undefined,
): Admitted | null {
  let admitted: Admitted;
  if (appendTo) admitted = appendEntries(tailOfSession(appendTo), candidatesOf(items, 0));
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
    admitted = {
      ...result,
      tail: batch.session && result.accepted.length > 0 ? tailOf(result.replay) : null,
    };
  }
  for (const v of admitted.rejected) {
    const item = items.find(({ row }) => row.idempotencyKey === v.key);
    if (item) reject(batch, item.i, "type", v.message);
  }
  return admitted.accepted.length > 0 ? admitted : null;
}

/** Stored movements whose status or value after them the replay changed. */
function changedStoredStates(writes: Writes, existing: StoredMovement[], replay: Replay): void {
  const derived = new Map(replay.entries.map((e) => [e.key, e]));
  for (const m of existing) {
    const d = derived.get(m.idempotencyKey);
    if (d && (d.statusAfter !== m.statusAfter || d.valueAfter !== m.valueAfter)) {
      writes.changedStored.push({ id: m.id, statusAfter: d.statusAfter, valueAfter: d.valueAfter });
    }
  }
}

/** The new movements of the accepted rows; their outcome is "inserted". */
function acceptedMovements(
  batch: Batch,
  writes: Writes,
  customerId: string,
  items: LiveRow[],
  admitted: Admitted,
  segments: Map<string, SegmentRef>,
): void {
  const derived = new Map(admitted.replay.entries.map((e) => [e.key, e]));
  const acceptedKeys = new Set(admitted.accepted.map((a) => a.key));
  for (const { row, i } of items) {
    if (!acceptedKeys.has(row.idempotencyKey)) continue;
    const d = derived.get(row.idempotencyKey);
    const segmentId = segments.get(segmentKey(row.segment))?.id;
    if (!d || !segmentId) continue;
    const reasonCodeId =
      row.reasonCode === null
        ? null
        : (batch.reasonIds.get(`${reasonDirectionFor(row.type)}:${row.reasonCode}`) ?? null);
    writes.newMovements.push({
      customerId,
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
    batch.outcomes[i] = { status: "inserted" };
  }
}

/** The customer's state after the replay; it sits in the segment of its latest movement. */
function stateAfter(
  customer: CustomerRow,
  items: LiveRow[],
  existing: StoredMovement[],
  replay: Replay,
  segments: Map<string, SegmentRef>,
): CustomerState {
  const latest = replay.entries[replay.entries.length - 1];
  const latestRow = latest ? items.find(({ row }) => row.idempotencyKey === latest.key)?.row : undefined;
  const latestStored = latest ? existing.find((m) => m.idempotencyKey === latest.key) : undefined;
  const segmentId =
    (latestRow && segments.get(segmentKey(latestRow.segment))?.id) ??
    latestStored?.segmentId ??
    customer.segmentId;
  return {
    id: customer.id,
    segmentId,
    // The latest name given wins, as it would with one row per batch.
    name: items.map(({ row }) => row.customerName).findLast((n) => n !== null) ?? null,
    openingActive: replay.openingActive,
    openingValue: replay.openingValue,
    status: replay.status,
    currentValue: replay.currentValue,
  };
}

/** The session remembers the customer's new state and tail; `dirty` until its row is written. */
function remember(
  session: LedgerSession,
  externalId: string,
  known: SessionCustomer | undefined,
  state: CustomerState,
  t: TimelineTail | null,
  dirty: boolean,
): void {
  // The row keeps a name until a movement brings one (COALESCE in updateCustomerStates).
  const entry: SessionCustomer = {
    id: state.id,
    segmentId: state.segmentId,
    name: state.name ?? known?.name ?? null,
    status: state.status,
    value: state.currentValue,
    openingActive: state.openingActive,
    openingValue: state.openingValue,
    lastAt: t ? t.lastAt : Number.NaN,
    since: t?.since ? t.since.getTime() : Number.NaN,
    appendable: t !== null,
    dirty,
  };
  if (known) Object.assign(known, entry);
  else session.customers.set(externalId, entry);
}

/** Step 6: the writes. New customers are written with their state, so a session need not update them again. */
async function writeBatch(db: Runner, batch: Batch, fresh: CustomerRow[], writes: Writes): Promise<void> {
  const { ctx, session } = batch;
  await insertCustomers(
    db,
    ctx.workspaceId,
    fresh
      .filter((c) => writes.touched.has(c.id))
      .map((c) => {
        const st = writes.stateOfFresh.get(c.id);
        return st ? { ...c, ...st, name: st.name ?? c.name } : c;
      }),
    ctx.isDemo,
  );
  await insertMovements(db, ctx.workspaceId, writes.newMovements);
  await updateMovementStates(db, writes.changedStored);
  await updateCustomerStates(db, writes.states);
  if (session && session.customers.size > session.maxCustomers) await evictHalf(db, session);
}
