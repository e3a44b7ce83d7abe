import type { DbClient } from "./client.js";
import { containsText, likeLiteral } from "./text-match.js";

/** Active segments whose name contains the query (case-insensitive), by name. */
export async function searchSegments(
  db: DbClient,
  workspaceId: string,
  query: string,
  limit = 20,
): Promise<Array<{ id: string; name: string }>> {
  const q = likeLiteral(query);
  if (q === null) return [];
  return db.segment.findMany({
    where: { workspaceId, archived: false, ...(q ? { name: containsText(q) } : {}) },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: limit,
  });
}
