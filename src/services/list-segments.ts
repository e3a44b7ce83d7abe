import type { Database } from "../data/database.js";
import { listSegments as segmentsOf } from "../data/taxonomy.js";
import type { SegmentRef } from "../domain/taxonomy.js";

/** The workspace's active segments, by name: for pickers, usage texts and "did you mean". */
export function listSegments(db: Pick<Database, "prisma">, workspaceId: string): Promise<SegmentRef[]> {
  return segmentsOf(db.prisma, workspaceId);
}
