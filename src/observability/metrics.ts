import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from "prom-client";

// Every metric the process exposes on /metrics, declared once on a prom-client registry, with
// one-line recorders for the code that observes them. prom-client's default metrics (process CPU,
// memory, file descriptors, event-loop lag, heap, GC) come with the prefix "rtg_", so the two
// process metrics this module wrote by hand before keep their names
// (rtg_process_start_time_seconds, rtg_process_resident_memory_bytes). Counters are process
// totals since start (Prometheus sums replicas and handles restarts).
//
// createMetrics() makes an independent registry, never prom-client's global one: each Slack app,
// API router, server and queue is given the one it counts into (tests make several in one
// process); npm start gives them all processMetrics.

/** Where a request went; a fixed set, so a scanner probing random paths cannot add series. */
export type RouteGroup = "slack_events" | "slack_oauth" | "api" | "webhooks" | "health" | "metrics" | "other";

const QUEUES = ["survey_after_ack", "survey_answers"] as const;
export type QueueName = (typeof QUEUES)[number];

export interface DigestRunCounts {
  posted: number;
  failed: number;
  missed: number;
  retrying: number;
  errors: readonly unknown[];
}

export interface CampaignRunCounts {
  campaigns: ReadonlyArray<{ sent: number; throttled: number; failed: number }>;
}

export interface Metrics {
  readonly registry: Registry;
  /** The Content-Type of render()'s document. */
  readonly contentType: string;
  recordHttpRequest(group: RouteGroup, status: number | "aborted"): void;
  observeSlackAck(seconds: number): void;
  recordDigestRun(summary: DigestRunCounts): void;
  recordDigestRunFailure(): void;
  recordCampaignRun(summary: CampaignRunCounts): void;
  recordApiItems(
    kind: "movements" | "responses",
    outcome: "inserted" | "duplicate" | "refused",
    count: number,
  ): void;
  /** +1 when work is queued, -1 when it is done (several queues of one name add up). */
  changeQueueDepth(queue: QueueName, delta: number): void;
  /** The registry in Prometheus text exposition format. */
  render(): Promise<string>;
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry, prefix: "rtg_" });
  const registers = [registry];

  const httpRequests = new Counter({
    name: "rtg_http_requests_total",
    help: "HTTP requests answered, by route group and status class (aborted: the client left first).",
    labelNames: ["group", "status"] as const,
    registers,
  });

  // Slack shows an error when an ack takes more than 3 s, hence the buckets around it.
  const slackAck = new Histogram({
    name: "rtg_slack_ack_seconds",
    help: "Slack requests over HTTP: from the request reaching the server to the response (the ack) being handed to the network.",
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
    registers,
  });

  const digests = new Counter({
    name: "rtg_digests_total",
    help: "Meeting digests by outcome: posted, failed (admins told), missed (too late to post), retrying.",
    labelNames: ["outcome"] as const,
    registers,
  });
  for (const outcome of ["posted", "failed", "missed", "retrying"]) digests.inc({ outcome }, 0);

  const digestRunErrors = new Counter({
    name: "rtg_digest_run_errors_total",
    help: "Scheduler runs that failed as a whole, and meetings a run could not handle.",
    registers,
  });

  const campaignSurveys = new Counter({
    name: "rtg_campaign_surveys_total",
    help: "Survey campaign sends by outcome: sent (people and channels asked), throttled, failed.",
    labelNames: ["outcome"] as const,
    registers,
  });
  for (const outcome of ["sent", "throttled", "failed"]) campaignSurveys.inc({ outcome }, 0);

  const apiItems = new Counter({
    name: "rtg_api_items_total",
    help: "Items sent to the HTTP ingestion API: inserted, duplicate (already stored), refused (by the ledger; the whole batch is refused).",
    labelNames: ["kind", "outcome"] as const,
    registers,
  });
  for (const kind of ["movements", "responses"]) {
    for (const outcome of ["inserted", "duplicate", "refused"]) apiItems.inc({ kind, outcome }, 0);
  }

  const queueDepth = new Gauge({
    name: "rtg_queue_depth",
    help: "Work waiting or running in memory: survey_after_ack (thank-yous and alerts after an ack), survey_answers (answers waiting for their batched write).",
    labelNames: ["queue"] as const,
    registers,
  });
  for (const queue of QUEUES) queueDepth.set({ queue }, 0);

  return {
    registry,
    contentType: registry.contentType,
    recordHttpRequest: (group, status) =>
      httpRequests.inc({ group, status: status === "aborted" ? "aborted" : `${Math.floor(status / 100)}xx` }),
    observeSlackAck: (seconds) => slackAck.observe(seconds),
    recordDigestRun: (summary) => {
      if (summary.posted) digests.inc({ outcome: "posted" }, summary.posted);
      if (summary.failed) digests.inc({ outcome: "failed" }, summary.failed);
      if (summary.missed) digests.inc({ outcome: "missed" }, summary.missed);
      if (summary.retrying) digests.inc({ outcome: "retrying" }, summary.retrying);
      if (summary.errors.length) digestRunErrors.inc(summary.errors.length);
    },
    recordDigestRunFailure: () => digestRunErrors.inc(),
    recordCampaignRun: (summary) => {
      for (const r of summary.campaigns) {
        if (r.sent) campaignSurveys.inc({ outcome: "sent" }, r.sent);
        if (r.throttled) campaignSurveys.inc({ outcome: "throttled" }, r.throttled);
        if (r.failed) campaignSurveys.inc({ outcome: "failed" }, r.failed);
      }
    },
    recordApiItems: (kind, outcome, count) => {
      if (count > 0) apiItems.inc({ kind, outcome }, count);
    },
    changeQueueDepth: (queue, delta) => queueDepth.inc({ queue }, delta),
    render: () => registry.metrics(),
  };
}

/**
 * The process's metrics: what npm start serves on /metrics and passes to every part it composes,
 * and where a part counts when it is given no registry of its own.
 */
export const processMetrics: Metrics = createMetrics();

export const renderMetrics = (): Promise<string> => processMetrics.render();
