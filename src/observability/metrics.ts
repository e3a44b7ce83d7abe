import { Registry } from "./prometheus.js";

// Every metric the process exposes on /metrics, declared once, with one-line recorders for the
// code that observes them. One registry per process: counters are process totals since start
// (Prometheus sums replicas and handles restarts).

const registry = new Registry();

/** Where a request went; a fixed set, so a scanner probing random paths cannot add series. */
export type RouteGroup = "slack_events" | "slack_oauth" | "api" | "webhooks" | "health" | "metrics" | "other";

const httpRequests = registry.counter({
  name: "rtg_http_requests_total",
  help: "HTTP requests answered, by route group and status class (aborted: the client left first).",
  labelNames: ["group", "status"],
});

// Slack shows an error when an ack takes more than 3 s, hence the buckets around it.
const slackAck = registry
  .histogram(
    {
      name: "rtg_slack_ack_seconds",
      help: "Slack requests over HTTP: from the request reaching the server to the response (the ack) being handed to the network.",
    },
    [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 3, 5],
  )
  .init();

const digests = registry.counter({
  name: "rtg_digests_total",
  help: "Meeting digests by outcome: posted, failed (admins told), missed (too late to post), retrying.",
  labelNames: ["outcome"],
});
for (const outcome of ["posted", "failed", "missed", "retrying"]) digests.init({ outcome });

const digestRunErrors = registry.counter({
  name: "rtg_digest_run_errors_total",
  help: "Scheduler runs that failed as a whole, and meetings a run could not handle.",
});
digestRunErrors.init();

const campaignSurveys = registry.counter({
  name: "rtg_campaign_surveys_total",
  help: "Survey campaign sends by outcome: sent (people and channels asked), throttled, failed.",
  labelNames: ["outcome"],
});
for (const outcome of ["sent", "throttled", "failed"]) campaignSurveys.init({ outcome });

const apiItems = registry.counter({
  name: "rtg_api_items_total",
  help: "Items sent to the HTTP ingestion API: inserted, duplicate (already stored), refused (by the ledger; the whole batch is refused).",
  labelNames: ["kind", "outcome"],
});
for (const kind of ["movements", "responses"]) {
  for (const outcome of ["inserted", "duplicate", "refused"]) apiItems.init({ kind, outcome });
}

const queueDepth = registry.gauge({
  name: "rtg_queue_depth",
  help: "Work waiting or running in memory: survey_after_ack (thank-yous and alerts after an ack), survey_answers (answers waiting for their batched write).",
  labelNames: ["queue"],
});
const QUEUES = ["survey_after_ack", "survey_answers"] as const;
for (const queue of QUEUES) queueDepth.set({ queue }, 0);

const startedAt = Date.now() / 1000;
registry
  .gauge({ name: "rtg_process_start_time_seconds", help: "When this process started, in Unix seconds." })
  .collect(() => startedAt);
registry
  .gauge({ name: "rtg_process_resident_memory_bytes", help: "Resident memory of this process." })
  .collect(() => process.memoryUsage.rss());

export function recordHttpRequest(group: RouteGroup, status: number | "aborted"): void {
  httpRequests.inc({ group, status: status === "aborted" ? "aborted" : `${Math.floor(status / 100)}xx` });
}

export function observeSlackAck(seconds: number): void {
  slackAck.observe(undefined, seconds);
}

/** A scheduler run's counts (services/run-due-digests.ts RunSummary). */
export function recordDigestRun(summary: {
  posted: number;
  failed: number;
  missed: number;
  retrying: number;
  errors: readonly unknown[];
}): void {
  if (summary.posted) digests.inc({ outcome: "posted" }, summary.posted);
  if (summary.failed) digests.inc({ outcome: "failed" }, summary.failed);
  if (summary.missed) digests.inc({ outcome: "missed" }, summary.missed);
  if (summary.retrying) digests.inc({ outcome: "retrying" }, summary.retrying);
  if (summary.errors.length) digestRunErrors.inc(undefined, summary.errors.length);
}

export function recordDigestRunFailure(): void {
  digestRunErrors.inc();
}

/** A campaign tick's counts (services/run-due-campaigns.ts CampaignRunSummary). */
export function recordCampaignRun(summary: {
  campaigns: ReadonlyArray<{ sent: number; throttled: number; failed: number }>;
}): void {
  for (const r of summary.campaigns) {
    if (r.sent) campaignSurveys.inc({ outcome: "sent" }, r.sent);
    if (r.throttled) campaignSurveys.inc({ outcome: "throttled" }, r.throttled);
    if (r.failed) campaignSurveys.inc({ outcome: "failed" }, r.failed);
  }
}

export function recordApiItems(
  kind: "movements" | "responses",
  outcome: "inserted" | "duplicate" | "refused",
  count: number,
): void {
  if (count > 0) apiItems.inc({ kind, outcome }, count);
}

export type QueueName = (typeof QUEUES)[number];

/** +1 when work is queued, -1 when it is done (several queues of one name add up). */
export function changeQueueDepth(queue: QueueName, delta: number): void {
  queueDepth.add({ queue }, delta);
}

export function renderMetrics(): string {
  return registry.render();
}
