import type { DbClient } from "./client.js";

export interface CustomerHit {
  id: string;
  name: string;
  externalId: string;
  segmentName: string;
  status: string;
}

/**
 * A search as the text to find: Prisma's `contains` becomes LIKE '%…%' without escaping, so a "%"
 * or "_" typed into a picker matched every row. Null when nothing can match: stored text never
 * holds U+0000 (PostgreSQL refuses it), and such a query would fail in the database instead.
 */
function literal(query: string): string | null {
  const q = query.trim();
  if (q.includes("\u0000")) return null;
  return q.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Customers whose name or external id contains the query (case-insensitive), best first. */
export async function searchCustomers(
  db: DbClient,
  workspaceId: string,
  query: string,
  limit = 20,
): Promise<CustomerHit[]> {
  const q = literal(query);
  if (q === null) return [];
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
  const q = literal(query);
  if (q === null) return [];
  return db.segment.findMany({
    where: { workspaceId, archived: false, ...(q ? { name: { contains: q, mode: "insensitive" } } : {}) },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: limit,
  });
}
