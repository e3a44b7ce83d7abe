import type { Database } from "../data/database.js";
import { listReasons as reasonsOf } from "../data/taxonomy.js";
import type { ReasonRef } from "../domain/taxonomy.js";

/** The workspace's reason codes (active and retired), gained first, in their sort order. */
export function listReasons(db: Pick<Database, "prisma">, workspaceId: string): Promise<ReasonRef[]> {
  return reasonsOf(db.prisma, workspaceId);
}
