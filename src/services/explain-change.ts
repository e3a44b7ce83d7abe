import type { DbClient } from "../data/client.js";
import { queryWhyMovements, queryWhyResponses, type WhyMovementRow } from "../data/digest-queries.js";
import { findSegment } from "../data/taxonomy.js";
import { cesFromHistogram, csatFromHistogram, type Histogram, npsFromHistogram } from "../domain/scores.js";

export interface ChangeExplanation {
  segmentName: string | null;
  movements: WhyMovementRow[];
  movementCount: number;
  scores: {
    nps: ReturnType<typeof npsFromHistogram>;
    csat: ReturnType<typeof csatFromHistogram>;
    ces: ReturnType<typeof cesFromHistogram>;
  };
}

/** The ledger entries and answers behind one segment's figures (or the total) in a window. */
export async function explainChange(
  db: DbClient,
  req: { workspaceId: string; segmentId: string | null; from: Date; to: Date },
): Promise<ChangeExplanation> {
  const scope = { workspaceId: req.workspaceId, segmentIds: req.segmentId ? [req.segmentId] : [] };
  const segment = req.segmentId
    ? await findSegment(db, req.workspaceId, { id: req.segmentId }, { archived: true })
    : null;
  const { rows, total } = await queryWhyMovements(db, scope, req.from, req.to);
  const answers = await queryWhyResponses(db, scope, req.from, req.to);
  const histogram = (kind: string): Histogram => {
    const h: Histogram = {};
    for (const a of answers) if (a.kind === kind) h[a.score] = a.count;
    return h;
  };
  return {
    segmentName: segment?.name ?? null,
    movements: rows,
    movementCount: total,
    scores: {
      nps: npsFromHistogram(histogram("nps")),
      csat: csatFromHistogram(histogram("csat")),
      ces: cesFromHistogram(histogram("ces")),
    },
  };
}
