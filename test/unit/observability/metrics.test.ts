import { describe, expect, it } from "vitest";
import { createMetrics, renderMetrics } from "../../../src/observability/metrics.js";
import { routeGroup } from "../../../src/observability/request-metrics.js";

// The metrics come from prom-client; these tests check what this app declares and records on it,
// and that the exposition stays one valid Prometheus text document with the names dashboards use.

const sample = (text: string, series: string) => {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe("the application's metrics", () => {
  it("are one valid text document with every metric declared, prom-client's defaults included", async () => {
    const text = await renderMetrics();
    expect(text.endsWith("\n")).toBe(true);
    for (const line of text.trimEnd().split("\n")) {
      if (line === "") continue;
      expect(line).toMatch(
        /^(# (HELP|TYPE) [a-z0-9_:]+ .+|[a-z0-9_:]+(\{[a-z_]+="[^"]*"(,[a-z_]+="[^"]*")*\})? \S+)$/,
      );
    }
    for (const name of [
      "rtg_http_requests_total",
      "rtg_slack_ack_seconds",
      "rtg_digests_total",
      "rtg_digest_run_errors_total",
      "rtg_campaign_surveys_total",
      "rtg_api_items_total",
      "rtg_queue_depth",
      // Written by hand before, prom-client's default process metrics now, same names.
      "rtg_process_start_time_seconds",
      "rtg_process_resident_memory_bytes",
      // prom-client's defaults: GC and event loop.
      "rtg_nodejs_gc_duration_seconds",
      "rtg_nodejs_eventloop_lag_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(text).toContain('rtg_digests_total{outcome="posted"} 0');
    expect(text).toContain('rtg_api_items_total{kind="responses",outcome="refused"} 0');
    expect(text).toContain(`rtg_queue_depth{queue="survey_answers"} `);
    expect(sample(text, "rtg_slack_ack_seconds_count")).toEqual(expect.any(Number));
  });

  it("count what the recorders are told, by label, with the ack latency in cumulative buckets", async () => {
    const m = createMetrics({ defaultMetrics: false });
    m.recordHttpRequest("api", 201);
    m.recordHttpRequest("api", 204);
    m.recordHttpRequest("api", 503);
    m.recordHttpRequest("slack_events", "aborted");
    for (const s of [0.004, 0.2, 4, 9]) m.observeSlackAck(s);
    m.recordDigestRun({ posted: 2, failed: 1, missed: 0, retrying: 0, errors: ["x"] });
    m.recordDigestRunFailure();
    m.recordCampaignRun({
      campaigns: [
        { sent: 3, throttled: 1, failed: 0 },
        { sent: 1, throttled: 0, failed: 2 },
      ],
    });
    m.recordApiItems("movements", "inserted", 5);
    m.recordApiItems("movements", "duplicate", 0);
    m.changeQueueDepth("survey_answers", 3);
    m.changeQueueDepth("survey_answers", -1);
    const text = await m.render();
    expect(sample(text, 'rtg_http_requests_total{group="api",status="2xx"}')).toBe(2);
    expect(sample(text, 'rtg_http_requests_total{group="api",status="5xx"}')).toBe(1);
    expect(sample(text, 'rtg_http_requests_total{group="slack_events",status="aborted"}')).toBe(1);
    expect(sample(text, 'rtg_slack_ack_seconds_bucket{le="0.005"}')).toBe(1);
    expect(sample(text, 'rtg_slack_ack_seconds_bucket{le="0.25"}')).toBe(2);
    expect(sample(text, 'rtg_slack_ack_seconds_bucket{le="5"}')).toBe(3);
    expect(sample(text, 'rtg_slack_ack_seconds_bucket{le="+Inf"}')).toBe(4);
    expect(sample(text, "rtg_slack_ack_seconds_count")).toBe(4);
    expect(sample(text, "rtg_slack_ack_seconds_sum")).toBeCloseTo(13.204);
    expect(sample(text, 'rtg_digests_total{outcome="posted"}')).toBe(2);
    expect(sample(text, 'rtg_digests_total{outcome="failed"}')).toBe(1);
    expect(sample(text, 'rtg_digests_total{outcome="missed"}')).toBe(0);
    expect(sample(text, "rtg_digest_run_errors_total")).toBe(2);
    expect(sample(text, 'rtg_campaign_surveys_total{outcome="sent"}')).toBe(4);
    expect(sample(text, 'rtg_campaign_surveys_total{outcome="failed"}')).toBe(2);
    expect(sample(text, 'rtg_api_items_total{kind="movements",outcome="inserted"}')).toBe(5);
    expect(sample(text, 'rtg_api_items_total{kind="movements",outcome="duplicate"}')).toBe(0);
    expect(sample(text, 'rtg_queue_depth{queue="survey_answers"}')).toBe(2);
    expect(text).toContain("# TYPE rtg_http_requests_total counter\n");
    expect(text).toContain("# TYPE rtg_slack_ack_seconds histogram\n");
    expect(text).toContain("# TYPE rtg_queue_depth gauge\n");
    expect(m.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it("keeps one registry per instance: several in one process neither collide nor share counts", async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.recordApiItems("responses", "inserted", 7);
    expect(sample(await a.render(), 'rtg_api_items_total{kind="responses",outcome="inserted"}')).toBe(7);
    expect(sample(await b.render(), 'rtg_api_items_total{kind="responses",outcome="inserted"}')).toBe(0);
    expect(await b.render()).toContain("# TYPE rtg_process_start_time_seconds gauge");
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
