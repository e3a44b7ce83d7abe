import type { DbClient } from "../data/client.js";
import { findSegment as findByKey } from "../data/taxonomy.js";
import { segmentKey } from "../domain/taxonomy.js";

/** The segment an export's segment filter names (case- and space-insensitive key), or null. */
export function findSegment(
  db: DbClient,
  workspaceId: string,
  name: string,
): Promise<{ id: string; name: string } | null> {
  return findByKey(db, workspaceId, { key: segmentKey(name) }, { archived: true });
}
