import type { DbClient } from "../data/client.js";
import {
  queryBiggestMoves,
  querySayVersusDo,
  queryScoreTrends,
  queryValueAtRisk,
  queryVoiceQuotes,
  queryVoiceThemes,
  type Scope,
} from "../data/digest-queries.js";
import { buildDigestModel, type DigestModel } from "../domain/digest.js";
import { normalizeMoney } from "../domain/money.js";
import { themesForPeriod } from "./find-themes.js";
import { getStats } from "./get-stats.js";
import { loadFollowUps } from "./load-follow-ups.js";

export const TREND_PERIODS = 8;
/** The smallest group an anonymous text is quoted from when none is given (ANONYMITY_MIN's default). */
export const DEFAULT_ANONYMITY_MIN = 5;

export interface DigestRequest {
  workspaceId: string;
  currency: string;
  /** Segments in scope; empty = all. */
  segmentIds: string[];
  from: Date;
  to: Date;
  title: string;
  locale: "en" | "es";
  timeZone: string;
  demo: boolean;
  /** The meeting the digest is for (its follow-ups); null or absent for a plain preview. */
  meetingId?: string | null;
  /** Include follow-ups decided since this instant (the previous meeting). Absent: none. */
  followUpsSince?: Date;
  /** The fewest answers a score needs to be read (MIN_SCORE_ANSWERS; default 10). */
  minAnswers?: number;
  /** The smallest group an anonymous text may be quoted from (ANONYMITY_MIN; default 5). */
  anonymityMin?: number;
}

/** Everything the digest says, computed in the database and assembled as a plain model. */
export async function buildDigest(db: DbClient, req: DigestRequest): Promise<DigestModel> {
  const scope: Scope = { workspaceId: req.workspaceId, segmentIds: req.segmentIds };
  const length = req.to.getTime() - req.from.getTime();
  const stats = await getStats(db, {
    workspaceId: req.workspaceId,
    currency: req.currency,
    from: req.from,
    to: req.to,
    segmentIds: req.segmentIds,
    minAnswers: req.minAnswers,
  });
  const trends = await queryScoreTrends(db, scope, req.to, length, TREND_PERIODS);
  const sayVersusDo = await querySayVersusDo(db, scope, req.from, req.to);
  const risks = await queryValueAtRisk(db, scope, req.to);
  const themes = await queryVoiceThemes(db, scope, req.from, req.to);
  const quotes = await queryVoiceQuotes(db, scope, req.from, req.to);
  const moves = await queryBiggestMoves(db, scope, req.from, req.to);
  const said = await themesForPeriod(
    { prisma: db },
    {
      workspaceId: req.workspaceId,
      from: req.from,
      to: req.to,
      ...(req.segmentIds.length ? { segmentIds: req.segmentIds } : {}),
      anonymityMin: req.anonymityMin ?? DEFAULT_ANONYMITY_MIN,
      locale: req.locale,
    },
  );
  const followUps = req.followUpsSince
    ? await loadFollowUps(db, req.workspaceId, req.meetingId ?? null, req.followUpsSince, req.to)
    : null;
  return buildDigestModel({
    meetingId: req.meetingId ?? null,
    followUps,
    title: req.title,
    locale: req.locale,
    timeZone: req.timeZone,
    demo: req.demo,
    stats,
    trends,
    trendPeriods: TREND_PERIODS,
    sayVersusDo,
    risks: risks.map((r) => ({ ...r, value: normalizeMoney(r.value) })),
    themes,
    quotes,
    said,
    moves: moves.map((m) => ({ ...m, value: normalizeMoney(m.value) })),
  });
}
