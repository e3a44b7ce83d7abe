// Counters, gauges and histograms rendered in the Prometheus text exposition format (0.0.4):
// https://prometheus.io/docs/instrumenting/exposition_formats/. Small enough to own rather than
// add a dependency: no summaries, no exemplars, labels fixed when a metric is declared.

export const EXPOSITION_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

export type Labels = Record<string, string>;

interface Metric {
  render(): string[];
}

const NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function formatNumber(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Number.POSITIVE_INFINITY) return "+Inf";
  if (value === Number.NEGATIVE_INFINITY) return "-Inf";
  return String(value);
}

const escapeLabelValue = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');
const escapeHelp = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n");

function labelText(names: readonly string[], values: readonly string[], extra?: [string, string]): string {
  const pairs = names.map((n, i) => `${n}="${escapeLabelValue(values[i] ?? "")}"`);
  if (extra) pairs.push(`${extra[0]}="${escapeLabelValue(extra[1])}"`);
  return pairs.length ? `{${pairs.join(",")}}` : "";
}

/** Series keyed by their label values, in the order the metric declared its label names. */
class Series<T> {
  readonly byKey = new Map<string, { values: string[]; state: T }>();
  constructor(
    readonly labelNames: readonly string[],
    private readonly initial: () => T,
  ) {}
  get(labels: Labels = {}): T {
    const values = this.labelNames.map((n) => {
      const v = labels[n];
      if (v === undefined) throw new Error(`missing label ${n}`);
      return v;
    });
    const key = JSON.stringify(values);
    let hit = this.byKey.get(key);
    if (!hit) {
      hit = { values, state: this.initial() };
      this.byKey.set(key, hit);
    }
    return hit.state;
  }
}

export interface MetricSpec {
  name: string;
  help: string;
  labelNames?: readonly string[];
}

function header(spec: MetricSpec, type: string): string[] {
  return [`# HELP ${spec.name} ${escapeHelp(spec.help)}`, `# TYPE ${spec.name} ${type}`];
}

export class Counter implements Metric {
  private readonly series: Series<{ value: number }>;
  constructor(private readonly spec: MetricSpec) {
    this.series = new Series(spec.labelNames ?? [], () => ({ value: 0 }));
  }
  inc(labels?: Labels, by = 1): void {
    if (by < 0) throw new Error(`${this.spec.name}: a counter only goes up`);
    this.series.get(labels).value += by;
  }
  /** Makes a series visible at 0 before its first event, so rate() sees the start. */
  init(labels?: Labels): this {
    this.series.get(labels);
    return this;
  }
  render(): string[] {
    const lines = header(this.spec, "counter");
    for (const { values, state } of this.series.byKey.values()) {
      lines.push(
        `${this.spec.name}${labelText(this.series.labelNames, values)} ${formatNumber(state.value)}`,
      );
    }
    return lines;
  }
}

export class Gauge implements Metric {
  private readonly series: Series<{ value: number }>;
  private collector?: () => number;
  constructor(private readonly spec: MetricSpec) {
    this.series = new Series(spec.labelNames ?? [], () => ({ value: 0 }));
  }
  set(labels: Labels | undefined, value: number): void {
    this.series.get(labels).value = value;
  }
  add(labels: Labels | undefined, delta: number): void {
    this.series.get(labels).value += delta;
  }
  /** For an unlabelled gauge read at scrape time (memory, uptime). */
  collect(read: () => number): this {
    this.collector = read;
    return this;
  }
  render(): string[] {
    const lines = header(this.spec, "gauge");
    if (this.collector) lines.push(`${this.spec.name} ${formatNumber(this.collector())}`);
    for (const { values, state } of this.series.byKey.values()) {
      lines.push(
        `${this.spec.name}${labelText(this.series.labelNames, values)} ${formatNumber(state.value)}`,
      );
    }
    return lines;
  }
}

export class Histogram implements Metric {
  private readonly series: Series<{ counts: number[]; sum: number; count: number }>;
  private readonly buckets: number[];
  constructor(
    private readonly spec: MetricSpec,
    buckets: readonly number[],
  ) {
    this.buckets = [...buckets].sort((a, b) => a - b);
    if ((spec.labelNames ?? []).includes("le")) throw new Error(`${spec.name}: "le" is reserved`);
    this.series = new Series(spec.labelNames ?? [], () => ({
      counts: this.buckets.map(() => 0),
      sum: 0,
      count: 0,
    }));
  }
  observe(labels: Labels | undefined, value: number): void {
    const s = this.series.get(labels);
    // Stored per bucket, made cumulative when rendered.
    const i = this.buckets.findIndex((upper) => value <= upper);
    if (i >= 0) s.counts[i] = (s.counts[i] ?? 0) + 1;
    s.sum += value;
    s.count += 1;
  }
  init(labels?: Labels): this {
    this.series.get(labels);
    return this;
  }
  render(): string[] {
    const lines = header(this.spec, "histogram");
    const names = this.series.labelNames;
    for (const { values, state } of this.series.byKey.values()) {
      let cumulative = 0;
      this.buckets.forEach((upper, i) => {
        cumulative += state.counts[i] ?? 0;
        lines.push(
          `${this.spec.name}_bucket${labelText(names, values, ["le", formatNumber(upper)])} ${cumulative}`,
        );
      });
      lines.push(`${this.spec.name}_bucket${labelText(names, values, ["le", "+Inf"])} ${state.count}`);
      lines.push(`${this.spec.name}_sum${labelText(names, values)} ${formatNumber(state.sum)}`);
      lines.push(`${this.spec.name}_count${labelText(names, values)} ${state.count}`);
    }
    return lines;
  }
}

export class Registry {
  private readonly metrics = new Map<string, Metric>();

  private add<M extends Metric>(spec: MetricSpec, metric: M): M {
    if (!NAME.test(spec.name)) throw new Error(`bad metric name ${spec.name}`);
    for (const label of spec.labelNames ?? []) {
      if (!LABEL.test(label) || label.startsWith("__")) throw new Error(`bad label name ${label}`);
    }
    if (this.metrics.has(spec.name)) throw new Error(`metric ${spec.name} declared twice`);
    this.metrics.set(spec.name, metric);
    return metric;
  }

  counter(spec: MetricSpec): Counter {
    return this.add(spec, new Counter(spec));
  }
  gauge(spec: MetricSpec): Gauge {
    return this.add(spec, new Gauge(spec));
  }
  histogram(spec: MetricSpec, buckets: readonly number[]): Histogram {
    return this.add(spec, new Histogram(spec, buckets));
  }

  /** The whole registry as one exposition document (ends with a newline, as the format asks). */
  render(): string {
    return `${[...this.metrics.values()].flatMap((m) => m.render()).join("\n")}\n`;
  }
}
