import type { DbClient } from "../data/client.js";
import { findSegments, segmentNames as namesOf } from "../data/taxonomy.js";

// The segments a meeting's scope is made of: those the modal offers, the names the list and the
// saved view show, and the check on save that the chosen ones still exist.

/** Segments an admin can put in a meeting's scope, by name (at most `limit`). */
export async function listScopeSegments(
  db: DbClient,
  workspaceId: string,
  limit = 101,
): Promise<Array<{ id: string; name: string }>> {
  const segments = await findSegments(db, workspaceId, { all: true }, { byName: true, limit });
  return segments.map(({ id, name }) => ({ id, name }));
}

/** Names of the given segments (archived ones too: a meeting may still have them in scope). */
export function segmentNames(db: DbClient, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  return namesOf(db, workspaceId, ids);
}

/** Ids among `ids` that are segments of the workspace (archived ones too). */
export async function existingSegmentIds(
  db: DbClient,
  workspaceId: string,
  ids: string[],
): Promise<string[]> {
  return [...(await namesOf(db, workspaceId, ids)).keys()];
}
