import type { DbClient } from "../data/client.js";
import {
  existingSegmentIds as existingIds,
  segmentNames as namesOf,
  listScopeSegments as scopeSegments,
} from "../data/meeting-admin.js";

// The segments a meeting's scope is made of: those the modal offers, the names the list and the
// saved view show, and the check on save that the chosen ones still exist.

/** Segments an admin can put in a meeting's scope, by name (at most `limit`). */
export function listScopeSegments(
  db: DbClient,
  workspaceId: string,
  limit?: number,
): Promise<Array<{ id: string; name: string }>> {
  return scopeSegments(db, workspaceId, limit);
}

/** Names of the given segments (archived ones too: a meeting may still have them in scope). */
export function segmentNames(db: DbClient, workspaceId: string, ids: string[]): Promise<Map<string, string>> {
  return namesOf(db, workspaceId, ids);
}

/** Ids among `ids` that are segments of the workspace. */
export function existingSegmentIds(db: DbClient, workspaceId: string, ids: string[]): Promise<string[]> {
  return existingIds(db, workspaceId, ids);
}
