import type { CustomerStatus, MovementType } from "../domain/ledger-rules.js";
import type { Money } from "../domain/money.js";
import type { ThemeText } from "../domain/themes.js";
import type { DbClient } from "./client.js";
import { execute, queryRows, type Runner } from "./sql.js";

// Data access for the ledger. Bulk paths use one statement per batch (unnest of arrays), so an
// import of a million rows makes a few hundred round trips, not a million. The functions the
// ledger write path uses take a Runner (Prisma, or a driver-adapter transaction for imports), so
// their SQL is plain text with $n parameters and every column comes back as text or a boolean.

export interface StoredKey {
  idempotencyKey: string;
  contentHash: string;
}

export async function findExistingMovementKeys(
  db: Runner,
  workspaceId: string,
  keys: string[],
): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await queryRows(
    db,
    `SELECT idempotency_key, content_hash FROM customer_movement
     WHERE workspace_id = $1 AND idempotency_key = ANY($2::text[])`,
    [workspaceId, keys],
  );
  return new Map(rows.map(([key, hash]) => [String(key), String(hash)]));
}

/** The stored movement's id (the Slack ledger modal's answer links to it). */
export async function findMovementId(
  db: DbClient,
  workspaceId: string,
  idempotencyKey: string,
): Promise<bigint | null> {
  const row = await db.customerMovement.findUnique({
    where: { workspaceId_idempotencyKey: { workspaceId, idempotencyKey } },
    select: { id: true },
  });
  return row?.id ?? null;
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

export async function loadTimelines(db: Runner, customerIds: string[]): Promise<StoredMovement[]> {
  if (customerIds.length === 0) return [];
  // The instant as epoch milliseconds: text output of timestamptz depends on session settings.
  const rows = await queryRows(
    db,
    `SELECT id::text, customer_id, segment_id, idempotency_key, type::text,
            round(extract(epoch FROM occurred_at) * 1000)::float8, value::text,
            status_after::text, value_after::text
     FROM customer_movement
     WHERE customer_id = ANY($1::text[])
     ORDER BY customer_id, occurred_at, id`,
    [customerIds],
  );
  return rows.map(([id, customerId, segmentId, key, type, at, value, statusAfter, valueAfter]) => ({
    id: BigInt(String(id)),
    customerId: String(customerId),
    segmentId: String(segmentId),
    idempotencyKey: String(key),
    type: String(type) as MovementType,
    occurredAt: new Date(Number(at)),
    value: String(value),
    statusAfter: String(statusAfter) as CustomerStatus,
    valueAfter: String(valueAfter),
  }));
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
  db: Runner,
  workspaceId: string,
  rows: NewCustomer[],
  isDemo = false,
): Promise<void> {
  if (rows.length === 0) return;
  await execute(
    db,
    `INSERT INTO customer (id, workspace_id, external_id, name, segment_id, is_demo,
       opening_active, opening_value, status, current_value)
     SELECT id, $1, external_id, name, segment_id, $2, COALESCE(opening_active, false),
       COALESCE(opening_value::numeric, 0), COALESCE(status, 'none')::"CustomerStatus",
       COALESCE(current_value::numeric, 0)
     FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[], $9::text[], $10::text[])
          AS t(id, external_id, name, segment_id, opening_active, opening_value, status, current_value)`,
    [
      workspaceId,
      isDemo,
      rows.map((r) => r.id),
      rows.map((r) => r.externalId),
      rows.map((r) => r.name),
      rows.map((r) => r.segmentId),
      rows.map((r) => r.openingActive ?? null),
      rows.map((r) => r.openingValue ?? null),
      rows.map((r) => r.status ?? null),
      rows.map((r) => r.currentValue ?? null),
    ],
  );
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

export async function updateCustomerStates(db: Runner, rows: CustomerState[]): Promise<void> {
  if (rows.length === 0) return;
  await execute(
    db,
    `UPDATE customer c SET
       segment_id = t.segment_id,
       name = COALESCE(t.name, c.name),
       opening_active = t.opening_active,
       opening_value = t.opening_value::numeric,
       status = t.status::"CustomerStatus",
       current_value = t.current_value::numeric,
       updated_at = now()
     FROM unnest($1::text[], $2::text[], $3::text[], $4::boolean[], $5::text[], $6::text[], $7::text[])
          AS t(id, segment_id, name, opening_active, opening_value, status, current_value)
     WHERE c.id = t.id`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.segmentId),
      rows.map((r) => r.name),
      rows.map((r) => r.openingActive),
      rows.map((r) => r.openingValue),
      rows.map((r) => r.status),
      rows.map((r) => r.currentValue),
    ],
  );
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
export async function insertMovements(db: Runner, workspaceId: string, rows: NewMovement[]): Promise<number> {
  if (rows.length === 0) return 0;
  const col = <K extends keyof NewMovement>(k: K) => rows.map((r) => r[k]);
  return execute(
    db,
    `INSERT INTO customer_movement (workspace_id, customer_id, segment_id, type, occurred_at, value, currency,
       reason_code_id, note, source, idempotency_key, content_hash, recorded_by, status_after, value_after)
     SELECT $1, customer_id, segment_id, type::"MovementType", to_timestamp(occurred_at / 1000.0),
       value::numeric, currency, reason_code_id, note, source::"RecordSource", idempotency_key, content_hash,
       recorded_by, status_after::"CustomerStatus", value_after::numeric
     FROM unnest($2::text[], $3::text[], $4::text[], $5::float8[], $6::text[], $7::text[], $8::text[],
                 $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[], $15::text[])
          AS t(customer_id, segment_id, type, occurred_at, value, currency, reason_code_id, note, source,
               idempotency_key, content_hash, recorded_by, status_after, value_after)
     ON CONFLICT (workspace_id, idempotency_key) DO NOTHING`,
    [
      workspaceId,
      col("customerId"),
      col("segmentId"),
      col("type"),
      rows.map((r) => r.occurredAt.getTime()),
      col("value"),
      col("currency"),
      col("reasonCodeId"),
      col("note"),
      col("source"),
      col("idempotencyKey"),
      col("contentHash"),
      col("recordedBy"),
      col("statusAfter"),
      col("valueAfter"),
    ],
  );
}

/** Rewrites the derived state of stored movements after a back-dated entry changed history. */
export async function updateMovementStates(
  db: Runner,
  rows: Array<{ id: bigint; statusAfter: CustomerStatus; valueAfter: Money }>,
): Promise<void> {
  if (rows.length === 0) return;
  await execute(
    db,
    `UPDATE customer_movement m SET status_after = t.status::"CustomerStatus", value_after = t.value::numeric
     FROM unnest($1::text[], $2::text[], $3::text[]) AS t(id, status, value)
     WHERE m.id = t.id::bigint`,
    [rows.map((r) => r.id.toString()), rows.map((r) => r.statusAfter), rows.map((r) => r.valueAfter)],
  );
}

/** Serialises concurrent writers of the same customers until the transaction ends. */
export async function lockCustomers(db: Runner, customerIds: string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await queryRows(db, "SELECT id FROM customer WHERE id = ANY($1::text[]) ORDER BY id FOR UPDATE", [
    customerIds,
  ]);
}

/** The notes of movements (wins, losses and the rest) that happened in [from, to), as theme texts. */
export async function listMovementNotes(
  db: DbClient,
  workspaceId: string,
  from: Date,
  to: Date,
): Promise<ThemeText[]> {
  const rows = await db.customerMovement.findMany({
    where: { workspaceId, occurredAt: { gte: from, lt: to }, note: { not: null } },
    select: { note: true, segmentId: true, recordedBy: true },
  });
  return rows.flatMap((r) =>
    r.note?.trim() ? [{ text: r.note, anonymous: false, author: r.recordedBy, segmentId: r.segmentId }] : [],
  );
}
