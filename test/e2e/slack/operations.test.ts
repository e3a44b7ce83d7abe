import { join } from "node:path";
import type { App } from "@slack/bolt";
import { afterEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { createLogger } from "../../../src/observability/logger.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { allFeatures } from "../../../src/slack/features/index.js";
import type { Feature } from "../../../src/slack/kit/deps.js";
import { testDatabases } from "../../helpers/db.js";
import { SIGNING_SECRET, type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { nowSeconds } from "../../helpers/slack-requests.js";

// Operations over the real Bolt app on 127.0.0.1: /healthz and /readyz against the real database
// and the fake Slack, /metrics moving with signed Slack requests and a scheduled digest, and the
// log line of a failing listener free of tokens and addresses.

const fixture = (name: string) => join(import.meta.dirname, "../../fixtures", name);
const METRICS_TOKEN = "metrics-token-for-tests-0123";

interface Check {
  status: string;
  latencyMs: number;
  error?: string;
  cached?: boolean;
}
interface Report {
  status: string;
  checks: Record<string, Check>;
}

/** The value of one series in an exposition document (0 when absent). */
function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe.each(testDatabases())("health, metrics and logs on $name", ({ open }) => {
  let h: SlackHarness | undefined;
  let db: Database | undefined;
  afterEach(async () => {
    await h?.stop();
    await db?.close().catch(() => {});
    h = undefined;
    db = undefined;
  });

  async function start(opts: Parameters<typeof startSlackHarness>[1] = {}): Promise<SlackHarness> {
    db = await open();
    h = await startSlackHarness(db, opts);
    return h;
  }
  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`http://127.0.0.1:${h?.port}${path}`, { headers });
  const health = async (path = "/healthz") => {
    const res = await get(path);
    return { status: res.status, body: (await res.json()) as Report };
  };
  const metrics = async () => (await get("/metrics")).text();

  it("/healthz is 200 with the database and Slack ok, and asks Slack once for a burst of probes", async () => {
    const harness = await start();
    const before = harness.fake.callsTo("auth.test").length;
    const first = await health();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({
      status: "ok",
      checks: { database: { status: "ok" }, slack: { status: "ok" } },
    });
    expect(first.body.checks.database?.latencyMs).toEqual(expect.any(Number));
    expect(first.body.checks.slack?.latencyMs).toEqual(expect.any(Number));
    const probe = harness.fake.callsTo("auth.test").slice(before);
    expect(probe).toHaveLength(1);
    expect(probe[0]?.token).toBe("xoxb-fake");

    const second = await health();
    expect(second.body.checks.slack).toMatchObject({ status: "ok", cached: true });
    expect(harness.fake.callsTo("auth.test").length).toBe(before + 1);

    const ready = await health("/readyz");
    expect(ready).toMatchObject({ status: 200, body: { status: "ok" } });
    expect(Object.keys(ready.body.checks)).toEqual(["database"]);
    expect((await fetch(`http://127.0.0.1:${harness.port}/healthz`, { method: "POST" })).status).toBe(405);
  });

  it("/healthz is 503 when Slack refuses the token, while /readyz stays 200", async () => {
    const harness = await start();
    // After start: Bolt's own auth.test at start-up must still succeed.
    harness.fake.on("auth.test", () => ({ ok: false, error: "invalid_auth" }));
    const res = await health();
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({
      status: "fail",
      checks: { database: { status: "ok" }, slack: { status: "fail", error: "invalid_auth" } },
    });
    expect(JSON.stringify(res.body)).not.toContain("xoxb-fake");
    expect((await health("/readyz")).status).toBe(200);
  });

  it("/healthz and /readyz are 503 when the database is closed", async () => {
    const harness = await start();
    expect((await health()).status).toBe(200);
    await harness.db.close();
    const res = await health();
    expect(res.status).toBe(503);
    expect(res.body.checks.database).toMatchObject({ status: "fail", error: expect.any(String) });
    expect(res.body.checks.slack?.status).toBe("ok");
    expect((await health("/readyz")).status).toBe(503);
  });

  it("/metrics counts signed Slack requests, refusals and ack latencies", async () => {
    const harness = await start();
    const res0 = await get("/metrics");
    expect(res0.status).toBe(200);
    expect(res0.headers.get("content-type")).toBe("text/plain; version=0.0.4; charset=utf-8");
    const before = await res0.text();

    for (const text of ["help", "help metrics"]) {
      expect((await harness.slack.command({ command: "/cx", text, user_id: "U1" })).status).toBe(200);
    }
    const forged = await harness.slack.command(
      { command: "/cx", text: "help", user_id: "U1" },
      { timestamp: nowSeconds() - 301 },
    );
    expect(forged.status).toBe(401);
    const after = await metrics();

    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('rtg_http_requests_total{group="slack_events",status="2xx"}')).toBe(2);
    expect(delta('rtg_http_requests_total{group="slack_events",status="4xx"}')).toBe(1);
    // Every Slack request is timed, refused ones too: the ack is the response either way.
    expect(delta("rtg_slack_ack_seconds_count")).toBe(3);
    expect(delta('rtg_slack_ack_seconds_bucket{le="+Inf"}')).toBe(3);
    expect(delta("rtg_slack_ack_seconds_sum")).toBeGreaterThan(0);
    expect(delta('rtg_http_requests_total{group="metrics",status="2xx"}')).toBe(1);
    expect(after).toContain("# TYPE rtg_queue_depth gauge");
  });

  it("/metrics counts a digest posted by the scheduler", async () => {
    let now = new Date("2026-03-30T05:00:00Z");
    const harness = await start({
      clock: () => now,
      app: { digests: { log: () => {}, runAtStart: false } },
    });
    const workspace = await workspaceForTeam(harness.db.prisma, harness.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "Europe/Madrid",
    });
    const opts = {
      workspaceId: workspace.id,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    await importCsv(harness.db, "movements", fixture("movements.csv"), opts);
    // Monday 09:00 in Madrid is 07:00Z; with 60 minutes of lead the digest is due at 06:00Z.
    await harness.db.prisma.meeting.create({
      data: {
        workspaceId: workspace.id,
        name: "Leadership",
        channelId: "C0LEAD",
        schedule: "0 9 * * 1",
        timezone: "Europe/Madrid",
        leadMinutes: 60,
        locale: "en",
        periodDays: 28,
        createdAt: new Date("2026-03-24T00:00:00Z"),
      },
    });
    const posted = 'rtg_digests_total{outcome="posted"}';
    const before = sample(await metrics(), posted);
    const scheduler = harness.app.scheduler;
    if (!scheduler) throw new Error("the scheduler should run between start() and stop()");
    now = new Date("2026-03-30T06:01:00Z");
    // A minute's wake-up may be running; then tick() is skipped and the next one waits for it.
    while ((await scheduler.tick()) === null) await new Promise((r) => setImmediate(r));
    expect(await harness.db.prisma.digestRun.findMany()).toMatchObject([{ status: "posted" }]);
    expect(sample(await metrics(), posted)).toBe(before + 1);
  });

  it("/metrics needs the bearer token when METRICS_TOKEN is set", async () => {
    await start({ env: { METRICS_TOKEN } });
    const none = await get("/metrics");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(await none.text()).not.toContain("rtg_");
    expect((await get("/metrics", { authorization: "Bearer wrong-token-0123456789" })).status).toBe(401);
    const ok = await get("/metrics", { authorization: `Bearer ${METRICS_TOKEN}` });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("# TYPE rtg_http_requests_total counter");
    // Health stays open for load balancers.
    expect((await get("/healthz")).status).toBe(200);
  });

  it("logs a failing listener's error without the token, the signing secret or e-mail addresses", async () => {
    const lines: string[] = [];
    // Redacts with the secrets of the harness's configuration, as loggerFor(config) does in npm start.
    const logger = createLogger({
      format: "json",
      level: "debug",
      secrets: ["xoxb-fake", SIGNING_SECRET],
      destination: { write: (line: string) => lines.push(line.trimEnd()) },
    });
    const failing: Feature = {
      name: "failing",
      register: (app: App) => {
        app.command("/failing", async ({ ack, command }) => {
          await ack();
          throw new Error(
            `could not notify ${command.text} with token xoxb-fake (signing secret ${SIGNING_SECRET})`,
          );
        });
      },
    };
    const harness = await start({
      env: { LOG_LEVEL: "debug" },
      app: { logger, features: [...allFeatures, failing] },
    });
    const res = await harness.slack.command({
      command: "/failing",
      text: "ana.garcia@example.com",
      user_id: "U1",
    });
    expect(res.status).toBe(200);
    await harness.stop();
    h = undefined;

    const entries = lines.map(
      (l) => JSON.parse(l) as { level: string; msg: string; error?: { message: string } },
    );
    const failure = entries.find((e) => e.level === "error" && e.error?.message.includes("could not notify"));
    expect(failure?.msg).toBe("Unhandled error in a listener");
    expect(failure?.error?.message).toBe(
      "could not notify [EMAIL] with token xoxb-[REDACTED] (signing secret [REDACTED])",
    );
    const all = lines.join("\n");
    expect(all).not.toContain("ana.garcia@example.com");
    expect(all).not.toContain("xoxb-fake");
    expect(all).not.toContain(SIGNING_SECRET);
  });
});
