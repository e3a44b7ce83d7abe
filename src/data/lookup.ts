import type { DbClient } from "./client.js";

export interface CustomerHit {
  id: string;
  name: string;
  externalId: string;
  segmentName: string;
  status: string;
}

/** Customers whose name or external id contains the query (case-insensitive), best first. */
export async function searchCustomers(
  db: DbClient,
  workspaceId: string,
  query: string,
  limit = 20,
): Promise<CustomerHit[]> {
  const q = query.trim();
  const rows = await db.customer.findMany({
    where: {
      workspaceId,
      ...(q
        ? {
            OR: [
              { name: { contains: q, mode: "insensitive" } },
              { externalId: { contains: q, mode: "insensitive" } },
            ],
          }
        : {}),
    },
    select: { id: true, name: true, externalId: true, status: true, segment: { select: { name: true } } },
    orderBy: [{ name: "asc" }],
    take: limit,
  });
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    externalId: r.externalId,
    segmentName: r.segment.name,
    status: r.status,
  }));
}

export async function searchSegments(
  db: DbClient,
  workspaceId: string,
  query: string,
  limit = 20,
): Promise<Array<{ id: string; name: string }>> {
  const q = query.trim();
  return db.segment.findMany({
    where: { workspaceId, archived: false, ...(q ? { name: { contains: q, mode: "insensitive" } } : {}) },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: limit,
  });
}
