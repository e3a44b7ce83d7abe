import type { CustomerStatus } from "../domain/ledger-rules.js";
import type { DbClient } from "./client.js";

// Look-ups the Slack ledger modal needs around the shared ledger write path (record-movements):
// the customer and segment picked in the searchable selects, and the stored movement's id.

export interface PickedCustomer {
  id: string;
  externalId: string;
  name: string;
  status: CustomerStatus;
  segmentName: string;
}

export async function findCustomerById(
  db: DbClient,
  workspaceId: string,
  id: string,
): Promise<PickedCustomer | null> {
  const row = await db.customer.findFirst({
    where: { id, workspaceId },
    select: { id: true, externalId: true, name: true, status: true, segment: { select: { name: true } } },
  });
  return row
    ? {
        id: row.id,
        externalId: row.externalId,
        name: row.name,
        status: row.status,
        segmentName: row.segment.name,
      }
    : null;
}

/** A customer whose name is exactly this one, ignoring case and surrounding spaces. */
export async function findCustomerByName(
  db: DbClient,
  workspaceId: string,
  name: string,
): Promise<{ id: string; name: string; externalId: string } | null> {
  return db.customer.findFirst({
    where: { workspaceId, name: { equals: name.trim(), mode: "insensitive" } },
    select: { id: true, name: true, externalId: true },
  });
}

export async function findSegmentById(
  db: DbClient,
  workspaceId: string,
  id: string,
): Promise<{ id: string; name: string } | null> {
  return db.segment.findFirst({
    where: { id, workspaceId, archived: false },
    select: { id: true, name: true },
  });
}

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
