import type { ChangeCall, ReasonLine, SegmentStats, StatsReport } from "./customer-math.js";
import type { FollowUpsSection } from "./follow-ups.js";
import { addMoney, compareMoney, type Money, ZERO } from "./money.js";
import type { Retention } from "./retention.js";
import type { Interval } from "./score-noise.js";
import { type Histogram, type ScoreResult, type SurveyKind, scoreFromHistogram } from "./scores.js";
import type { ThemesReport } from "./themes.js";
import { type Verdict, verdictOf } from "./verdict.js";

// The leadership digest as plain data: what the meeting reads, before any rendering. Pure:
// it turns the summary rows the database returned into the answer to "did we earn the right
// to grow?", the reasons, the voices, the scores and what they predicted.

/** Below this many answers a score is flagged as a small sample. */
export const SMALL_N = 30;
/** Voice-note groups smaller than this are not broken out (they could identify people). */
export const MIN_GROUP = 3;

export interface DigestSegmentLine {
  segmentId: string | null;
  name: string;
  gained: { count: number; value: Money };
  lost: { count: number; value: Money };
  reactivated: { count: number; value: Money };
  expanded: { count: number; value: Money };
  contracted: { count: number; value: Money };
  net: { customers: number; value: Money };
  previousNet: { customers: number; value: Money };
  base: { start: number; end: number };
  churn: { logo: number | null; value: number | null };
  retention: Retention;
  quickRatio: number | null;
  verdict: Verdict;
}

export interface ScoreLine {
  kind: SurveyKind;
  n: number;
  score: number | null;
  previousScore: number | null;
  delta: number | null;
  /** 95% interval; null when there is none. */
  ci: Interval | null;
  /** Against the previous period, beyond noise or not (see ChangeCall). */
  change: ChangeCall;
  /** Fewer answers than the minimum: read as "too few answers (n = …)", never as a score. */
  tooFew: boolean;
  smallSample: boolean;
  /** Oldest first, one point per period. */
  trend: Array<{ periodStart: string; n: number; score: number | null }>;
}

export interface SayVersusDo {
  lost: number;
  detractors: number;
  passives: number;
  promoters: number;
  never: number;
}

export interface ValueAtRisk {
  count: number;
  value: Money;
  segments: Array<{ segmentId: string; name: string; count: number; value: Money }>;
  customers: Array<{ name: string; segment: string; value: Money; kind: SurveyKind; score: number }>;
}

export interface Themes {
  n: number;
  bySource: Array<{ source: string; count: number }>;
  byStage: Array<{ stage: string; count: number }>;
  bySentiment: Array<{ sentiment: string; count: number }>;
  /** Notes in groups too small to break out. */
  other: number;
  quotes: Array<{ id: string; source: string; stage: string | null; sentiment: string | null; text: string }>;
}

/** Themes shown per segment in the digest ("What people said"). */
export const SAID_THEMES = 3;

/** A segment's top themes in people's own words, and one quote (already anonymity-safe). */
export interface SaidSegment {
  segmentId: string;
  name: string;
  themes: Array<{ label: string; mentions: number; change: number }>;
  quote: string | null;
}

/** Moves shown each way in "Biggest moves". */
export const BIGGEST_MOVES = 3;
/** A note's first words in "Biggest moves", ellipsis included. */
export const MOVE_NOTE_CHARS = 60;

export type MoveType = "gained" | "reactivated" | "expanded" | "lost" | "contracted";

/** A large move as the ledger holds it (data/digest-queries.ts reads these; value as Money). */
export interface MoveInput {
  direction: "gain" | "loss";
  type: MoveType;
  value: Money;
  customer: string;
  segmentId: string;
  segment: string;
  reasonEn: string | null;
  reasonEs: string | null;
  note: string | null;
}

/** One of the period's largest gains or losses by value. */
export interface BiggestMove {
  type: MoveType;
  value: Money;
  customer: string;
  segmentId: string;
  segment: string;
  /** The reason's label; null without a reason. */
  reason: { en: string; es: string } | null;
  /** The note's first words (at most MOVE_NOTE_CHARS, "…" when cut); null without a note. */
  note: string | null;
}

/** A text's first words in at most `max` characters: cut at a word, ending in "…" when cut. */
export function firstWords(text: string, max: number): string {
  const t = text.replace(/\s+/g, " ").trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max - 1);
  const space = head.lastIndexOf(" ");
  return `${(space > 0 ? head.slice(0, space) : head).replace(/[\s,;:.–—-]+$/, "")}…`;
}

export interface DigestModel {
  title: string;
  locale: "en" | "es";
  timeZone: string;
  currency: string;
  demo: boolean;
  period: { from: string; to: string; previousFrom: string };
  verdict: Verdict;
  total: DigestSegmentLine;
  segments: DigestSegmentLine[];
  reasons: { lost: ReasonLine[]; gained: ReasonLine[] };
  scores: { nps: ScoreLine; csat: ScoreLine; ces: ScoreLine };
  sayVersusDo: SayVersusDo;
  valueAtRisk: ValueAtRisk;
  themes: Themes;
  /** Per segment with themes, in the report's order; empty when nobody said anything rankable. */
  said: SaidSegment[];
  /** The period's largest gains and losses by value, largest first; empty lists when none. */
  moves: { gains: BiggestMove[]; losses: BiggestMove[] };
  /** The meeting this digest is for; null for a preview of no particular meeting. */
  meetingId: string | null;
  /** Last meeting's open actions and what was closed since; null when not asked for. */
  followUps: FollowUpsSection | null;
}

export interface DigestInput {
  title: string;
  locale: "en" | "es";
  timeZone: string;
  demo: boolean;
  stats: StatsReport;
  /** Score histograms per period; bucket 0 is the oldest, `trendPeriods − 1` the current one. */
  trends: Array<{ bucket: number; kind: SurveyKind; score: number; count: number }>;
  trendPeriods: number;
  sayVersusDo: Array<{
    said: keyof Omit<SayVersusDo, "lost"> | "detractor" | "passive" | "promoter";
    count: number;
  }>;
  risks: Array<{ name: string; segmentId: string; value: Money; kind: SurveyKind; score: number }>;
  themes: Array<{ source: string; stage: string | null; sentiment: string | null; count: number }>;
  quotes: Themes["quotes"];
  /** The period's themes (services/find-themes.ts); absent: none. */
  said?: ThemesReport | null;
  /** The period's largest moves each way (data/digest-queries.ts queryBiggestMoves); absent: none. */
  moves?: MoveInput[];
  meetingId?: string | null;
  followUps?: FollowUpsSection | null;
}

function line(s: SegmentStats, name: string): DigestSegmentLine {
  return {
    segmentId: s.segmentId,
    name,
    gained: s.gained,
    lost: s.lost,
    reactivated: s.reactivated,
    expanded: s.expanded,
    contracted: s.contracted,
    net: s.net,
    previousNet: s.previous.net,
    base: { start: s.base.start.count, end: s.base.end.count },
    churn: s.churn,
    retention: s.retention,
    quickRatio: s.quickRatio,
    verdict: verdictOf(s.net.customers, s.net.value),
  };
}

function scoreLine(
  kind: SurveyKind,
  current: ScoreResult,
  previous: ScoreResult,
  delta: number | null,
  change: ChangeCall,
  minAnswers: number,
  trend: ScoreLine["trend"],
): ScoreLine {
  return {
    kind,
    n: current.n,
    score: current.score,
    previousScore: previous.score,
    delta,
    ci: current.ci,
    change,
    tooFew: current.n > 0 && current.n < minAnswers,
    smallSample: current.n > 0 && current.n < SMALL_N,
    trend,
  };
}

function groupCounts<K extends string>(
  rows: Array<{ key: K | null; count: number }>,
): {
  groups: Array<{ key: K; count: number }>;
  other: number;
} {
  const totals = new Map<K, number>();
  let other = 0;
  for (const r of rows) {
    if (r.key === null) other += r.count;
    else totals.set(r.key, (totals.get(r.key) ?? 0) + r.count);
  }
  const groups: Array<{ key: K; count: number }> = [];
  for (const [key, count] of totals) {
    if (count >= MIN_GROUP) groups.push({ key, count });
    else other += count;
  }
  return { groups: groups.sort((a, b) => b.count - a.count || a.key.localeCompare(b.key)), other };
}

export function buildDigestModel(input: DigestInput): DigestModel {
  const { stats } = input;
  const names = new Map(stats.segments.map((s) => [s.segmentId, s.segment]));
  const length = new Date(stats.to).getTime() - new Date(stats.from).getTime();
  const periodStart = (bucket: number) =>
    new Date(new Date(stats.to).getTime() - length * (input.trendPeriods - bucket)).toISOString();
  const trendFor = (kind: SurveyKind): ScoreLine["trend"] =>
    Array.from({ length: input.trendPeriods }, (_, bucket) => {
      const h: Histogram = {};
      for (const r of input.trends)
        if (r.kind === kind && r.bucket === bucket) h[r.score] = (h[r.score] ?? 0) + r.count;
      const result = scoreFromHistogram(kind, h);
      return { periodStart: periodStart(bucket), n: result.n, score: result.score };
    });

  const said = (k: string) => input.sayVersusDo.filter((r) => r.said === k).reduce((a, r) => a + r.count, 0);
  const sayVersusDo: SayVersusDo = {
    detractors: said("detractor"),
    passives: said("passive"),
    promoters: said("promoter"),
    never: said("never"),
    lost: 0,
  };
  sayVersusDo.lost =
    sayVersusDo.detractors + sayVersusDo.passives + sayVersusDo.promoters + sayVersusDo.never;

  const riskSegments = new Map<string, { count: number; value: Money }>();
  for (const r of input.risks) {
    const seg = riskSegments.get(r.segmentId) ?? { count: 0, value: ZERO };
    riskSegments.set(r.segmentId, { count: seg.count + 1, value: addMoney(seg.value, r.value) });
  }

  const bySource = groupCounts(input.themes.map((t) => ({ key: t.source, count: t.count })));
  const byStage = groupCounts(input.themes.map((t) => ({ key: t.stage, count: t.count })));
  const bySentiment = groupCounts(input.themes.map((t) => ({ key: t.sentiment, count: t.count })));
  const total = stats.total;
  const score = (kind: SurveyKind) =>
    scoreLine(
      kind,
      total[kind],
      total.previous[kind],
      total.deltas[kind],
      total.changes[kind],
      stats.minAnswers,
      trendFor(kind),
    );

  const peopleSaid: SaidSegment[] = [];
  for (const g of input.said?.segments ?? []) {
    if (g.segmentId === null || g.themes.length === 0) continue;
    const top = g.themes.slice(0, SAID_THEMES);
    peopleSaid.push({
      segmentId: g.segmentId,
      name: names.get(g.segmentId) ?? "?",
      themes: top.map((th) => ({ label: th.label, mentions: th.mentions, change: th.change })),
      quote: top.find((th) => th.quote !== null)?.quote ?? null,
    });
  }

  const move = (m: NonNullable<DigestInput["moves"]>[number]): BiggestMove => ({
    type: m.type,
    value: m.value,
    customer: m.customer,
    segmentId: m.segmentId,
    segment: m.segment,
    reason: m.reasonEn !== null && m.reasonEs !== null ? { en: m.reasonEn, es: m.reasonEs } : null,
    note: m.note?.trim() ? firstWords(m.note, MOVE_NOTE_CHARS) : null,
  });
  const byValue = (a: { value: Money }, b: { value: Money }) => compareMoney(b.value, a.value);
  const moves = input.moves ?? [];

  return {
    meetingId: input.meetingId ?? null,
    followUps: input.followUps ?? null,
    title: input.title,
    locale: input.locale,
    timeZone: input.timeZone,
    currency: stats.currency,
    demo: input.demo,
    period: { from: stats.from, to: stats.to, previousFrom: stats.previousFrom },
    verdict: verdictOf(total.net.customers, total.net.value),
    total: line(total, "Total"),
    segments: stats.segments.map((s) => line(s, s.segment)),
    reasons: { lost: total.lostReasons.slice(0, 5), gained: total.gainedReasons.slice(0, 5) },
    scores: {
      nps: score("nps"),
      csat: score("csat"),
      ces: score("ces"),
    },
    sayVersusDo,
    valueAtRisk: {
      count: input.risks.length,
      value: addMoney(ZERO, ...input.risks.map((r) => r.value)),
      segments: [...riskSegments]
        .map(([segmentId, v]) => ({ segmentId, name: names.get(segmentId) ?? "?", ...v }))
        .sort((a, b) => Number(b.value) - Number(a.value)),
      customers: input.risks.slice(0, 5).map((r) => ({
        name: r.name,
        segment: names.get(r.segmentId) ?? "?",
        value: r.value,
        kind: r.kind,
        score: r.score,
      })),
    },
    themes: {
      n: input.themes.reduce((a, t) => a + t.count, 0),
      bySource: bySource.groups.map((g) => ({ source: g.key, count: g.count })),
      byStage: byStage.groups.map((g) => ({ stage: g.key, count: g.count })),
      bySentiment: bySentiment.groups.map((g) => ({ sentiment: g.key, count: g.count })),
      other: byStage.other,
      quotes: input.quotes,
    },
    said: peopleSaid,
    moves: {
      gains: moves
        .filter((m) => m.direction === "gain")
        .sort(byValue)
        .slice(0, BIGGEST_MOVES)
        .map(move),
      losses: moves
        .filter((m) => m.direction === "loss")
        .sort(byValue)
        .slice(0, BIGGEST_MOVES)
        .map(move),
    },
  };
}
