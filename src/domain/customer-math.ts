import { addMoney, type Money, percentOf, subMoney } from "./money.js";
import { quickRatioOf, type Retention, retentionOf } from "./retention.js";
import { cesChange, csatChange, npsChange, type ScoreChange } from "./score-noise.js";
import {
  type CesResult,
  type CsatResult,
  cesFromHistogram,
  csatFromHistogram,
  type Histogram,
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

/**
 * How the customers who moved in [from, to) and were active at `from` (counted in their segment
 * then) change the cohort's figures: the rest of the cohort ends the period as it began.
 */
export interface RetentionRow {
  segmentId: string;
  /** Cohort customers no longer active at `to`. */
  lostLogos: number;
  /** Σ (value at `to`, 0 if not active) − value at `from`. */
  valueChange: Money;
  /** Σ min(value at `to`, value at `from`) − value at `from`. */
  keptChange: Money;
}

/** Below this many answers (on either side) a score neither calls a change nor drives a verdict. */
export const DEFAULT_MIN_ANSWERS = 10;

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
  /** (new + reactivation + expansion) / (churned + contraction) value; null: no losses. */
  quickRatio: number | null;
}

/**
 * Against the previous period: up or down only beyond noise (docs/metrics.md); "tooFew" when
 * either side has fewer answers than the minimum; null when either side has none.
 */
export type ChangeCall = ScoreChange | "tooFew" | null;

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
  /** The cohort active at `from`, followed to `to` (current window only). */
  retention: Retention;
  changes: { nps: ChangeCall; csat: ChangeCall; ces: ChangeCall };
}

export interface StatsReport {
  from: string;
  to: string;
  previousFrom: string;
  currency: string;
  /** The fewest answers a score needs to be read (MIN_SCORE_ANSWERS). */
  minAnswers: number;
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
  retention?: RetentionRow[];
  minAnswers?: number;
}

export const UNSPECIFIED_REASON = "unspecified";

// Sums in whole cents as bigint: exact like decimal.js, and cheap for the few thousand rows the
// report folds (money strings from the database have at most two decimals).
function cents(amount: Money): bigint {
  const negative = amount.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? amount.slice(1) : amount).split(".");
  const c = BigInt(whole || "0") * 100n + BigInt((fraction + "00").slice(0, 2));
  return negative ? -c : c;
}

function money(c: bigint): Money {
  const abs = c < 0n ? -c : c;
  const digits = abs.toString().padStart(3, "0");
  return `${c < 0n ? "-" : ""}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

class Sum {
  count = 0;
  cents = 0n;
  add(count: number, value: Money): void {
    this.count += count;
    this.cents += cents(value);
  }
  addSum(other: Sum): void {
    this.count += other.count;
    this.cents += other.cents;
  }
  flow(): Flow {
    return { count: this.count, value: money(this.cents) };
  }
}

const FLOW_TYPES: FlowType[] = ["gained", "lost", "expanded", "contracted", "reactivated", "referred"];

/** One window's rows of one scope (a segment or the total), folded once. */
class WindowRows {
  readonly types = new Map<FlowType, Sum>(FLOW_TYPES.map((t) => [t, new Sum()]));
  /** By reason code id ("" for none), separately for losses and for gains + reactivations. */
  readonly lostReasons = new Map<string, Sum>();
  readonly gainedReasons = new Map<string, Sum>();
  readonly histograms: Record<SurveyKind, Histogram> = { nps: {}, csat: {}, ces: {} };

  addFlow(f: FlowRow): void {
    this.types.get(f.type)?.add(f.count, f.value);
    const byReason =
      f.type === "lost"
        ? this.lostReasons
        : f.type === "gained" || f.type === "reactivated"
          ? this.gainedReasons
          : null;
    if (byReason) {
      const key = f.reasonCodeId ?? "";
      const sum = byReason.get(key) ?? new Sum();
      sum.add(f.count, f.value);
      byReason.set(key, sum);
    }
  }

  addScore(s: ScoreRow): void {
    const h = this.histograms[s.kind];
    h[s.score] = (h[s.score] ?? 0) + s.count;
  }
}

function reasonLines(byReason: Map<string, Sum>, reasons: Map<string, ReasonInfo>): ReasonLine[] {
  const byCode = new Map<string, { info: ReasonInfo | undefined; sum: Sum }>();
  for (const [id, sum] of byReason) {
    const info = id ? reasons.get(id) : undefined;
    const code = info?.code ?? UNSPECIFIED_REASON;
    const line = byCode.get(code);
    if (line) line.sum.addSum(sum);
    else {
      const copy = new Sum();
      copy.addSum(sum);
      byCode.set(code, { info, sum: copy });
    }
  }
  return [...byCode.entries()]
    .map(([code, { info, sum }]) => ({
      code,
      stage: info?.stage ?? null,
      label: info ? { en: info.labelEn, es: info.labelEs } : { en: "Unspecified", es: "Sin especificar" },
      count: sum.count,
      value: money(sum.cents),
    }))
    .sort((a, b) => b.count - a.count || Number(b.value) - Number(a.value) || a.code.localeCompare(b.code));
}

function windowStats(
  rows: WindowRows,
  baseStart: Flow,
  baseEnd: Flow,
  reasons: Map<string, ReasonInfo>,
): WindowStats {
  const flow = (type: FlowType) => (rows.types.get(type) ?? new Sum()).flow();
  const gained = flow("gained");
  const lost = flow("lost");
  const expanded = flow("expanded");
  const contracted = flow("contracted");
  const reactivated = flow("reactivated");
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
    lostReasons: reasonLines(rows.lostReasons, reasons),
    gainedReasons: reasonLines(rows.gainedReasons, reasons),
    nps: npsFromHistogram(rows.histograms.nps),
    csat: csatFromHistogram(rows.histograms.csat),
    ces: cesFromHistogram(rows.histograms.ces),
    quickRatio: quickRatioOf({
      new: gained.value,
      reactivation: reactivated.value,
      expansion: expanded.value,
      contraction: contracted.value,
      churned: lost.value,
    }),
  };
}

function changes(cur: WindowRows, prev: WindowRows, minAnswers: number): SegmentStats["changes"] {
  const guard = (a: number, b: number, test: () => ScoreChange): ChangeCall =>
    a === 0 || b === 0 ? null : a < minAnswers || b < minAnswers ? "tooFew" : test();
  const nc = npsFromHistogram(cur.histograms.nps);
  const np = npsFromHistogram(prev.histograms.nps);
  const cc = csatFromHistogram(cur.histograms.csat);
  const cp = csatFromHistogram(prev.histograms.csat);
  const ec = cesFromHistogram(cur.histograms.ces);
  const ep = cesFromHistogram(prev.histograms.ces);
  return {
    nps: guard(nc.n, np.n, () => npsChange(nc, np)),
    csat: guard(cc.n, cp.n, () => csatChange(cc, cp)),
    ces: guard(ec.n, ep.n, () => cesChange(cur.histograms.ces, prev.histograms.ces)),
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

/** A scope's rows (one segment, or the total), folded by window and instant. */
class ScopeRows {
  readonly current = new WindowRows();
  readonly previous = new WindowRows();
  readonly base: Record<Instant, Sum> = { previousStart: new Sum(), start: new Sum(), end: new Sum() };
  /** Corrections from the cohort customers who moved: logos lost, value change, kept change. */
  readonly retention = { lostLogos: 0, valueChange: new Sum(), keptChange: new Sum() };
}

function segmentStats(
  name: string,
  segmentId: string | null,
  rows: ScopeRows,
  reasons: Map<string, ReasonInfo>,
  minAnswers: number,
): SegmentStats {
  const base = (instant: Instant) => rows.base[instant].flow();
  const current = windowStats(rows.current, base("start"), base("end"), reasons);
  const previous = windowStats(rows.previous, base("previousStart"), base("start"), reasons);
  const cohort = rows.base.start;
  const valueAtTo = new Sum();
  valueAtTo.addSum(cohort);
  valueAtTo.addSum(rows.retention.valueChange);
  const kept = new Sum();
  kept.addSum(cohort);
  kept.addSum(rows.retention.keptChange);
  const retention = retentionOf({
    count: cohort.count,
    value: money(cohort.cents),
    activeAtTo: cohort.count - rows.retention.lostLogos,
    valueAtTo: money(valueAtTo.cents),
    keptValue: money(kept.cents),
  });
  return {
    segment: name,
    segmentId,
    ...current,
    previous,
    deltas: deltas(current, previous),
    retention,
    changes: changes(rows.current, rows.previous, minAnswers),
  };
}

/**
 * Builds the report for [from, to) and the previous window of equal length, per segment and in
 * total. The total also counts anonymous answers that carry no segment.
 */
export function buildStatsReport(input: StatsInput): StatsReport {
  const reasons = new Map(input.reasons.map((r) => [r.id, r]));
  const length = input.to.getTime() - input.from.getTime();
  const bySegment = new Map(input.segments.map((s) => [s.id, new ScopeRows()]));
  const total = new ScopeRows();
  const scopes = (segmentId: string | null) => {
    const segment = segmentId === null ? undefined : bySegment.get(segmentId);
    return segment ? [segment, total] : [total];
  };
  for (const f of input.flows) for (const s of scopes(f.segmentId)) s[f.window].addFlow(f);
  for (const r of input.scores) for (const s of scopes(r.segmentId)) s[r.window].addScore(r);
  for (const b of input.base) for (const s of scopes(b.segmentId)) s.base[b.instant].add(b.count, b.value);
  for (const r of input.retention ?? [])
    for (const s of scopes(r.segmentId)) {
      s.retention.lostLogos += r.lostLogos;
      s.retention.valueChange.add(0, r.valueChange);
      s.retention.keptChange.add(0, r.keptChange);
    }
  const minAnswers = input.minAnswers ?? DEFAULT_MIN_ANSWERS;
  const segments = [...input.segments]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => segmentStats(s.name, s.id, bySegment.get(s.id) ?? new ScopeRows(), reasons, minAnswers));
  return {
    from: input.from.toISOString(),
    to: input.to.toISOString(),
    previousFrom: new Date(input.from.getTime() - length).toISOString(),
    currency: input.currency,
    minAnswers,
    segments,
    total: segmentStats("Total", null, total, reasons, minAnswers),
  };
}
