import type { DbClient, PrismaClient } from "./client.js";

// The rows the demo data set marks as its own (segments and customers is_demo, movements and
// answers with source "demo"), and whether the ledger holds anything at all.

export async function hasDemoSegments(db: DbClient, workspaceId: string): Promise<boolean> {
  return (await db.segment.count({ where: { workspaceId, isDemo: true } })) > 0;
}

/** No movement and no survey answer stored for the workspace. */
export async function isLedgerEmpty(db: DbClient, workspaceId: string): Promise<boolean> {
  const [movements, responses] = await Promise.all([
    db.customerMovement.count({ where: { workspaceId }, take: 1 }),
    db.surveyResponse.count({ where: { workspaceId }, take: 1 }),
  ]);
  return movements === 0 && responses === 0;
}

/**
 * Deletes the demo's answers, movements and customers, and its segments nothing else uses, in
 * one transaction; returns the number of movements deleted.
 */
export async function deleteDemoRows(db: PrismaClient, workspaceId: string): Promise<number> {
  return db.$transaction(async (tx) => {
    await tx.surveyResponse.deleteMany({ where: { workspaceId, source: "demo" } });
    const { count } = await tx.customerMovement.deleteMany({ where: { workspaceId, source: "demo" } });
    await tx.customer.deleteMany({ where: { workspaceId, isDemo: true } });
    await tx.segment.deleteMany({
      where: {
        workspaceId,
        isDemo: true,
        customers: { none: {} },
        movements: { none: {} },
        responses: { none: {} },
      },
    });
    return count;
  });
}
