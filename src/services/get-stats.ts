import type { DbClient } from "../data/client.js";
import { queryStats } from "../data/stats-queries.js";
import { listReasons, listSegments } from "../data/taxonomy.js";
import { buildStatsReport, type StatsReport } from "../domain/customer-math.js";
import { segmentKey } from "../domain/taxonomy.js";

export class UnknownSegmentError extends Error {
  readonly code = "UNKNOWN_SEGMENT";
  constructor(
    readonly segment: string,
    readonly valid: string[],
  ) {
    super(`Unknown segment "${segment}". Valid segments: ${valid.length ? valid.join(", ") : "(none yet)"}.`);
    this.name = "UnknownSegmentError";
  }
}

export interface StatsRequest {
  workspaceId: string;
  currency: string;
  from: Date;
  to: Date;
  segment?: string;
  /** Restrict to these segments (a meeting's scope); the total covers only them. */
  segmentIds?: string[];
  /** The fewest answers a score needs to call a change (MIN_SCORE_ANSWERS; default 10). */
  minAnswers?: number;
}

/** The customer math for [from, to) and the window of equal length before it. */
export async function getStats(db: DbClient, req: StatsRequest): Promise<StatsReport> {
  const [segments, reasons] = await Promise.all([
    listSegments(db, req.workspaceId),
    listReasons(db, req.workspaceId),
  ]);
  let scope = segments;
  if (req.segment !== undefined) {
    const key = segmentKey(req.segment);
    scope = segments.filter((s) => s.key === key);
    if (scope.length === 0)
      throw new UnknownSegmentError(
        req.segment,
        segments.map((s) => s.name),
      );
  }
  if (req.segmentIds && req.segmentIds.length > 0) {
    const wanted = new Set(req.segmentIds);
    scope = scope.filter((s) => wanted.has(s.id));
  }
  const window = {
    workspaceId: req.workspaceId,
    previousFrom: new Date(2 * req.from.getTime() - req.to.getTime()),
    from: req.from,
    to: req.to,
    segmentId:
      scope.length === 1 && (req.segment !== undefined || req.segmentIds?.length)
        ? (scope[0]?.id ?? null)
        : null,
  };
  const scoped = req.segment !== undefined || Boolean(req.segmentIds?.length);
  const inScope = new Set(scope.map((s) => s.id));
  const keep = <T extends { segmentId: string | null }>(rows: T[]) =>
    scoped ? rows.filter((r) => r.segmentId !== null && inScope.has(r.segmentId)) : rows;
  const { flows, scores, base, retention } = await queryStats(db, window);
  return buildStatsReport({
    from: req.from,
    to: req.to,
    currency: req.currency,
    segments: scope.map((s) => ({ id: s.id, name: s.name })),
    reasons,
    flows: keep(flows),
    scores: keep(scores),
    base: keep(base),
    retention: keep(retention),
    minAnswers: req.minAnswers,
  });
}
