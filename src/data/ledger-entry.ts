import type { DbClient } from "./client.js";

// Look-ups the Slack ledger modal needs around the shared ledger write path (record-movements):
// the segment picked in the searchable select, and the stored movement's id (customers: customers.ts).

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
