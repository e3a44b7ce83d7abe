import type { DbClient } from "./client.js";

// The stored movement's id, for the Slack ledger modal's answer (the customer and segment it
// picked: customers.ts, taxonomy.ts).

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
