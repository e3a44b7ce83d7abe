import { addMoney, type Money, normalizeMoney, percentOf, subMoney, ZERO } from "./money.js";
import {
  type CesResult,
  type CsatResult,
  cesFromHistogram,
  csatFromHistogram,
  type Histogram,
  mergeHistograms,
  type NpsResult,
  npsFromHistogram,
  type SurveyKind,
  scoreDelta,
} from "./scores.js";

// "The customer math": pure arithmetic over the grouped counts the database returns. Nothing
// here reads rows one by one, and nothing can produce NaN: empty inputs give zeros and nulls.

export type FlowType = "gained" | "lost" | "expanded" | "contracted" | "reactivated" | "referred";
export type Window = "current" | "previous";
export type Instant = "previousStart" | "start" | "end";

export interface FlowRow {
  segmentId: string;
  window: Window;
  type: FlowType;
  reasonCodeId: string | null;
  count: number;
  value: Money;
}

export interface ScoreRow {
  segmentId: string | null;
  window: Window;
  kind: SurveyKind;
  score: number;
  count: number;
}

export interface BaseRow {
  segmentId: string;
  instant: Instant;
  count: number;
  value: Money;
}

export interface ReasonInfo {
  id: string;
  code: string;
  stage: string;
  labelEn: string;
  labelEs: string;
}

export interface Flow {
  count: number;
  value: Money;
}

export interface ReasonLine {
  code: string;
  stage: string | null;
  label: { en: string; es: string };
  count: number;
  value: Money;
}

export interface WindowStats {
  gained: Flow;
  lost: Flow;
  expanded: Flow;
  contracted: Flow;
  reactivated: Flow;
  referred: { count: number };
  net: { customers: number; value: Money };
  base: { start: Flow; end: Flow };
  churn: { logo: number | null; value: number | null };
  lostReasons: ReasonLine[];
  gainedReasons: ReasonLine[];
  nps: NpsResult;
  csat: CsatResult;
  ces: CesResult;
}

export interface Deltas {
  gained: number;
  lost: number;
  netCustomers: number;
  netValue: Money;
  churnLogo: number | null;
  churnValue: number | null;
  nps: number | null;
  csat: number | null;
  ces: number | null;
}

export interface SegmentStats extends WindowStats {
  segment: string;
  segmentId: string | null;
  previous: WindowStats;
  deltas: Deltas;
}

export interface StatsReport {
  from: string;
  to: string;
  previousFrom: string;
  currency: string;
  segments: SegmentStats[];
  total: SegmentStats;
}

export interface StatsInput {
  from: Date;
  to: Date;
  currency: string;
  segments: Array<{ id: string; name: string }>;
  reasons: ReasonInfo[];
  flows: FlowRow[];
  scores: ScoreRow[];
  base: BaseRow[];
}

export const UNSPECIFIED_REASON = "unspecified";

const emptyFlow = (): Flow => ({ count: 0, value: ZERO });

function addFlow(a: Flow, b: Flow): Flow {
  return { count: a.count + b.count, value: addMoney(a.value, b.value) };
}

function reasonLines(rows: FlowRow[], reasons: Map<string, ReasonInfo>): ReasonLine[] {
  const byCode = new Map<string, ReasonLine>();
  for (const r of rows) {
    const info = r.reasonCodeId ? reasons.get(r.reasonCodeId) : undefined;
    const code = info?.code ?? UNSPECIFIED_REASON;
    const line = byCode.get(code) ?? {
      code,
      stage: info?.stage ?? null,
      label: info ? { en: info.labelEn, es: info.labelEs } : { en: "Unspecified", es: "Sin especificar" },
      count: 0,
      value: ZERO,
    };
    line.count += r.count;
    line.value = addMoney(line.value, r.value);
    byCode.set(code, line);
  }
  return [...byCode.values()].sort(
    (a, b) => b.count - a.count || Number(b.value) - Number(a.value) || a.code.localeCompare(b.code),
  );
}

function windowStats(
  flows: FlowRow[],
  scores: ScoreRow[],
  baseStart: Flow,
  baseEnd: Flow,
  reasons: Map<string, ReasonInfo>,
): WindowStats {
  const flow = (type: FlowType) =>
    flows.filter((f) => f.type === type).reduce((acc, f) => addFlow(acc, f), emptyFlow());
  const gained = flow("gained");
  const lost = flow("lost");
  const expanded = flow("expanded");
  const contracted = flow("contracted");
  const reactivated = flow("reactivated");
  const histogram = (kind: SurveyKind): Histogram =>
    mergeHistograms(...scores.filter((s) => s.kind === kind).map((s) => ({ [s.score]: s.count })));
  return {
    gained,
    lost,
    expanded,
    contracted,
    reactivated,
    referred: { count: flow("referred").count },
    net: {
      customers: gained.count + reactivated.count - lost.count,
      value: subMoney(
        addMoney(gained.value, reactivated.value, expanded.value),
        addMoney(contracted.value, lost.value),
      ),
    },
    base: { start: baseStart, end: baseEnd },
    churn: {
      logo: percentOf(lost.count, baseStart.count),
      value: percentOf(addMoney(lost.value, contracted.value), baseStart.value),
    },
    lostReasons: reasonLines(
      flows.filter((f) => f.type === "lost"),
      reasons,
    ),
    gainedReasons: reasonLines(
      flows.filter((f) => f.type === "gained" || f.type === "reactivated"),
      reasons,
    ),
    nps: npsFromHistogram(histogram("nps")),
    csat: csatFromHistogram(histogram("csat")),
    ces: cesFromHistogram(histogram("ces")),
  };
}

function deltas(cur: WindowStats, prev: WindowStats): Deltas {
  return {
    gained: cur.gained.count - prev.gained.count,
    lost: cur.lost.count - prev.lost.count,
    netCustomers: cur.net.customers - prev.net.customers,
    netValue: subMoney(cur.net.value, prev.net.value),
    churnLogo: scoreDelta(cur.churn.logo, prev.churn.logo, 1),
    churnValue: scoreDelta(cur.churn.value, prev.churn.value, 1),
    nps: scoreDelta(cur.nps.score, prev.nps.score, 1),
    csat: scoreDelta(cur.csat.score, prev.csat.score, 1),
    ces: scoreDelta(cur.ces.score, prev.ces.score, 2),
  };
}

function segmentStats(
  name: string,
  segmentId: string | null,
  include: (segmentId: string | null) => boolean,
  input: StatsInput,
  reasons: Map<string, ReasonInfo>,
): SegmentStats {
  const flows = input.flows.filter((f) => include(f.segmentId));
  const scores = input.scores.filter((s) => include(s.segmentId));
  const base = (instant: Instant) =>
    input.base
      .filter((b) => b.instant === instant && include(b.segmentId))
      .reduce((acc, b) => addFlow(acc, { count: b.count, value: normalizeMoney(b.value) }), emptyFlow());
  const pick = (w: Window) => ({
    flows: flows.filter((f) => f.window === w),
    scores: scores.filter((s) => s.window === w),
  });
  const cur = pick("current");
  const prev = pick("previous");
  const current = windowStats(cur.flows, cur.scores, base("start"), base("end"), reasons);
  const previous = windowStats(prev.flows, prev.scores, base("previousStart"), base("start"), reasons);
  return { segment: name, segmentId, ...current, previous, deltas: deltas(current, previous) };
}

/**
 * Builds the report for [from, to) and the previous window of equal length, per segment and in
 * total. The total also counts anonymous answers that carry no segment.
 */
export function buildStatsReport(input: StatsInput): StatsReport {
  const reasons = new Map(input.reasons.map((r) => [r.id, r]));
  const length = input.to.getTime() - input.from.getTime();
  const segments = [...input.segments]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => segmentStats(s.name, s.id, (id) => id === s.id, input, reasons));
  const total = segmentStats("Total", null, () => true, input, reasons);
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    previousFrom: new Date(input.from.getTime() - length).toISOString(),
    currency: input.currency,
    segments,
    total,
  };
}
