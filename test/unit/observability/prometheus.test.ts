import { describe, expect, it } from "vitest";
import { renderMetrics } from "../../../src/observability/metrics.js";
import { formatNumber, Registry } from "../../../src/observability/prometheus.js";
import { routeGroup } from "../../../src/observability/request-metrics.js";

describe("Prometheus text exposition", () => {
  it("renders counters with HELP, TYPE and one line per label set", () => {
    const r = new Registry();
    const c = r.counter({ name: "x_total", help: "Things.", labelNames: ["kind", "outcome"] });
    c.inc({ kind: "a", outcome: "ok" });
    c.inc({ kind: "a", outcome: "ok" }, 2);
    c.init({ kind: "b", outcome: "failed" });
    expect(r.render()).toBe(
      [
        "# HELP x_total Things.",
        "# TYPE x_total counter",
        'x_total{kind="a",outcome="ok"} 3',
        'x_total{kind="b",outcome="failed"} 0',
        "",
      ].join("\n"),
    );
  });

  it("renders histograms with cumulative buckets, +Inf, _sum and _count", () => {
    const r = new Registry();
    const h = r.histogram({ name: "lat_seconds", help: "Latency." }, [0.5, 0.1, 1]);
    for (const v of [0.05, 0.1, 0.3, 2]) h.observe(undefined, v);
    expect(r.render().split("\n")).toEqual([
      "# HELP lat_seconds Latency.",
      "# TYPE lat_seconds histogram",
      'lat_seconds_bucket{le="0.1"} 2',
      'lat_seconds_bucket{le="0.5"} 3',
      'lat_seconds_bucket{le="1"} 3',
      'lat_seconds_bucket{le="+Inf"} 4',
      "lat_seconds_sum 2.45",
      "lat_seconds_count 4",
      "",
    ]);
  });

  it("renders gauges that go both ways and gauges read at scrape time", () => {
    const r = new Registry();
    const g = r.gauge({ name: "depth", help: "Depth.", labelNames: ["queue"] });
    g.add({ queue: "q" }, 3);
    g.add({ queue: "q" }, -1);
    let now = 7;
    r.gauge({ name: "now_value", help: "Now." }).collect(() => now);
    now = 9;
    expect(r.render()).toContain('depth{queue="q"} 2\n');
    expect(r.render()).toContain("now_value 9\n");
  });

  it("escapes label values and help text", () => {
    const r = new Registry();
    r.counter({ name: "e_total", help: "Back\\slash and\nnewline.", labelNames: ["v"] }).inc({
      v: 'a"b\\c\nd',
    });
    expect(r.render()).toContain("# HELP e_total Back\\\\slash and\\nnewline.\n");
    expect(r.render()).toContain('e_total{v="a\\"b\\\\c\\nd"} 1\n');
  });

  it("writes special values as the format spells them", () => {
    expect(
      [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 1.5e-7, 42].map(formatNumber),
    ).toEqual(["NaN", "+Inf", "-Inf", "1.5e-7", "42"]);
  });

  it("refuses bad names, reused names, missing labels and counters going down", () => {
    const r = new Registry();
    expect(() => r.counter({ name: "bad-name", help: "x" })).toThrow(/bad metric name/);
    expect(() => r.counter({ name: "ok_total", help: "x", labelNames: ["__reserved"] })).toThrow(/bad label/);
    const c = r.counter({ name: "ok_total", help: "x", labelNames: ["a"] });
    expect(() => r.gauge({ name: "ok_total", help: "x" })).toThrow(/declared twice/);
    expect(() => c.inc({})).toThrow(/missing label a/);
    expect(() => c.inc({ a: "1" }, -1)).toThrow(/only goes up/);
    expect(() => r.histogram({ name: "h", help: "x", labelNames: ["le"] }, [1])).toThrow(/reserved/);
  });

  it("the application's registry is one valid document with every metric declared", () => {
    const text = renderMetrics();
    expect(text.endsWith("\n")).toBe(true);
    for (const line of text.trimEnd().split("\n")) {
      expect(line).toMatch(
        /^(# (HELP|TYPE) [a-z_:]+ .+|[a-z_:]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? \S+)$/,
      );
    }
    for (const name of [
      "rtg_http_requests_total",
      "rtg_slack_ack_seconds",
      "rtg_digests_total",
      "rtg_campaign_surveys_total",
      "rtg_api_items_total",
      "rtg_queue_depth",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('rtg_digests_total{outcome="posted"} 0');
    expect(text).toContain(`rtg_queue_depth{queue="survey_answers"} `);
  });

  it("groups request paths into a fixed set", () => {
    expect(
      [
        "/slack/events",
        "/slack/install",
        "/api/v1/movements?x=1",
        "/webhooks/stripe",
        "/healthz",
        "/readyz",
        "/metrics",
        "/wp-admin",
        undefined,
      ].map(routeGroup),
    ).toEqual([
      "slack_events",
      "slack_oauth",
      "api",
      "webhooks",
      "health",
      "health",
      "metrics",
      "other",
      "other",
    ]);
  });
});
