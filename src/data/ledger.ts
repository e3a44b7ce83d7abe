import type { CustomerStatus, MovementType } from "../domain/ledger-rules.js";
import type { Money } from "../domain/money.js";
import { segmentKey } from "../domain/taxonomy.js";
import type { DbClient } from "./client.js";

// Data access for the ledger. Bulk paths use one statement per batch (unnest of arrays), so an
// import of a million rows makes a few hundred round trips, not a million.

export interface StoredKey {
  idempotencyKey: string;
  contentHash: string;
}

export async function findExistingMovementKeys(
  db: DbClient,
  workspaceId: string,
  keys: string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await db.$queryRaw<StoredKey[]>`
    SELECT idempotency_key AS "idempotencyKey", content_hash AS "contentHash"
    FROM customer_movement
    WHERE workspace_id = ${workspaceId} AND idempotency_key = ANY(${keys}::text[])`;
  return new Map(rows.map((r) => [r.idempotencyKey, r.contentHash]));
}

export interface CustomerRow {
  id: string;
  externalId: string;
  name: string;
  segmentId: string;
}

export async function findCustomersByExternalId(
  db: DbClient,
  workspaceId: string,
  externalIds: string[],
): Promise<Map<string, CustomerRow>> {
  if (externalIds.length === 0) return new Map();
  const rows = await db.$queryRaw<CustomerRow[]>`
    SELECT id, external_id AS "externalId", name, segment_id AS "segmentId"
    FROM customer
    WHERE workspace_id = ${workspaceId} AND external_id = ANY(${externalIds}::text[])`;
  return new Map(rows.map((r) => [r.externalId, r]));
}

export interface StoredMovement {
  id: bigint;
  customerId: string;
  segmentId: string;
  idempotencyKey: string;
  type: MovementType;
  occurredAt: Date;
  value: Money;
  statusAfter: CustomerStatus;
  valueAfter: Money;
}

export async function loadTimelines(db: DbClient, customerIds: string[]): Promise<StoredMovement[]> {
  if (customerIds.length === 0) return [];
  return db.$queryRaw<StoredMovement[]>`
    SELECT id, customer_id AS "customerId", segment_id AS "segmentId", idempotency_key AS "idempotencyKey",
           type::text AS type, occurred_at AS "occurredAt", value::text AS value,
           status_after::text AS "statusAfter", value_after::text AS "valueAfter"
    FROM customer_movement
    WHERE customer_id = ANY(${customerIds}::text[])
    ORDER BY customer_id, occurred_at, id`;
}

export interface SegmentRef {
  id: string;
  name: string;
  key: string;
}

export async function listSegments(db: DbClient, workspaceId: string): Promise<SegmentRef[]> {
  return db.segment.findMany({
    where: { workspaceId, archived: false },
    select: { id: true, name: true, key: true },
    orderBy: { name: "asc" },
  });
}

/** Finds segments by name (case- and space-insensitive), creating the missing ones. */
export async function ensureSegments(
  db: DbClient,
  workspaceId: string,
  names: string[],
  isDemo = false,
): Promise<{ byKey: Map<string, SegmentRef>; created: string[] }> {
  const wanted = new Map<string, string>();
  if (names.length === 0) return { byKey: new Map(), created: [] };
  for (const name of names) if (!wanted.has(segmentKey(name))) wanted.set(segmentKey(name), name.trim());
  const keys = [...wanted.keys()];
  const existing = await db.segment.findMany({
    where: { workspaceId, key: { in: keys } },
    select: { id: true, name: true, key: true },
  });
  const byKey = new Map(existing.map((s) => [s.key, s]));
  const missing = keys.filter((k) => !byKey.has(k));
  if (missing.length) {
    await db.segment.createMany({
      data: missing.map((key) => ({ workspaceId, key, name: wanted.get(key) ?? key, isDemo })),
      skipDuplicates: true,
    });
    const created = await db.segment.findMany({
      where: { workspaceId, key: { in: missing } },
      select: { id: true, name: true, key: true },
    });
    for (const s of created) byKey.set(s.key, s);
  }
  return { byKey, created: missing.map((k) => wanted.get(k) ?? k) };
}

export interface ReasonRef {
  id: string;
  code: string;
  direction: "gained" | "lost";
  stage: string;
  labelEn: string;
  labelEs: string;
  active: boolean;
}

export async function listReasons(db: DbClient, workspaceId: string): Promise<ReasonRef[]> {
  return db.reasonCode.findMany({
    where: { workspaceId },
    select: {
      id: true,
      code: true,
      direction: true,
      stage: true,
      labelEn: true,
      labelEs: true,
      active: true,
    },
    orderBy: [{ direction: "asc" }, { sortOrder: "asc" }],
  });
}

export interface NewCustomer {
  id: string;
  externalId: string;
  name: string;
  segmentId: string;
  /** The derived state, when the writer knows it already (else none / 0). */
  openingActive?: boolean;
  openingValue?: Money;
  status?: CustomerStatus;
  currentValue?: Money;
}

export async function insertCustomers(
  db: DbClient,
  workspaceId: string,
  rows: NewCustomer[],
  isDemo = false,
): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    INSERT INTO customer (id, workspace_id, external_id, name, segment_id, is_demo,
      opening_active, opening_value, status, current_value)
    SELECT id, ${workspaceId}, external_id, name, segment_id, ${isDemo}, COALESCE(opening_active, false),
      COALESCE(opening_value::numeric, 0), COALESCE(status, 'none')::"CustomerStatus",
      COALESCE(current_value::numeric, 0)
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.externalId)}::text[],
                ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.segmentId)}::text[],
                ${rows.map((r) => r.openingActive ?? null)}::boolean[],
                ${rows.map((r) => r.openingValue ?? null)}::text[], ${rows.map((r) => r.status ?? null)}::text[],
                ${rows.map((r) => r.currentValue ?? null)}::text[])
         AS t(id, external_id, name, segment_id, opening_active, opening_value, status, current_value)`;
}

export interface CustomerState {
  id: string;
  segmentId: string;
  name: string | null;
  openingActive: boolean;
  openingValue: Money;
  status: CustomerStatus;
  currentValue: Money;
}

export async function updateCustomerStates(db: DbClient, rows: CustomerState[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    UPDATE customer c SET
      segment_id = t.segment_id,
      name = COALESCE(t.name, c.name),
      opening_active = t.opening_active,
      opening_value = t.opening_value::numeric,
      status = t.status::"CustomerStatus",
      current_value = t.current_value::numeric,
      updated_at = now()
    FROM unnest(${rows.map((r) => r.id)}::text[], ${rows.map((r) => r.segmentId)}::text[],
                ${rows.map((r) => r.name)}::text[], ${rows.map((r) => r.openingActive)}::boolean[],
                ${rows.map((r) => r.openingValue)}::text[], ${rows.map((r) => r.status)}::text[],
                ${rows.map((r) => r.currentValue)}::text[])
         AS t(id, segment_id, name, opening_active, opening_value, status, current_value)
    WHERE c.id = t.id`;
}

export interface NewMovement {
  customerId: string;
  segmentId: string;
  type: MovementType;
  occurredAt: Date;
  value: Money;
  currency: string;
  reasonCodeId: string | null;
  note: string | null;
  source: string;
  idempotencyKey: string;
  contentHash: string;
  recordedBy: string | null;
  statusAfter: CustomerStatus;
  valueAfter: Money;
}

/** Inserts movements; a key stored meanwhile by a concurrent writer is skipped, not doubled. */
export async function insertMovements(
  db: DbClient,
  workspaceId: string,
  rows: NewMovement[],
): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof NewMovement>(k: K) => rows.map((r) => r[k]);
  return db.$executeRaw`
    INSERT INTO customer_movement (workspace_id, customer_id, segment_id, type, occurred_at, value, currency,
      reason_code_id, note, source, idempotency_key, content_hash, recorded_by, status_after, value_after)
    SELECT ${workspaceId}, customer_id, segment_id, type::"MovementType", occurred_at::timestamptz,
      value::numeric, currency, reason_code_id, note, source::"RecordSource", idempotency_key, content_hash,
      recorded_by, status_after::"CustomerStatus", value_after::numeric
    FROM unnest(${col("customerId")}::text[], ${col("segmentId")}::text[], ${col("type")}::text[],
                ${rows.map((r) => r.occurredAt.toISOString())}::text[], ${col("value")}::text[],
                ${col("currency")}::text[], ${col("reasonCodeId")}::text[], ${col("note")}::text[],
                ${col("source")}::text[], ${col("idempotencyKey")}::text[], ${col("contentHash")}::text[],
                ${col("recordedBy")}::text[], ${col("statusAfter")}::text[], ${col("valueAfter")}::text[])
         AS t(customer_id, segment_id, type, occurred_at, value, currency, reason_code_id, note, source,
              idempotency_key, content_hash, recorded_by, status_after, value_after)
    ON CONFLICT (workspace_id, idempotency_key) DO NOTHING`;
}

/** Rewrites the derived state of stored movements after a back-dated entry changed history. */
export async function updateMovementStates(
  db: DbClient,
  rows: Array<{ id: bigint; statusAfter: CustomerStatus; valueAfter: Money }>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRaw`
    UPDATE customer_movement m SET status_after = t.status::"CustomerStatus", value_after = t.value::numeric
    FROM unnest(${rows.map((r) => r.id.toString())}::text[], ${rows.map((r) => r.statusAfter)}::text[],
                ${rows.map((r) => r.valueAfter)}::text[]) AS t(id, status, value)
    WHERE m.id = t.id::bigint`;
}

/** Serialises concurrent writers of the same customers until the transaction ends. */
export async function lockCustomers(db: DbClient, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await db.$queryRaw`SELECT id FROM customer WHERE id = ANY(${customerIds}::text[]) ORDER BY id FOR UPDATE`;
}
