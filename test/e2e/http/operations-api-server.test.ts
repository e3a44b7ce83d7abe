import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../../src/config/env.js";
import type { Database } from "../../../src/data/database.js";
import { resolveWorkspace } from "../../../src/data/workspaces.js";
import { createApiRouter } from "../../../src/http/api.js";
import { operationsRoutes } from "../../../src/http/operations-routes.js";
import { apiRoutes, type HttpRoute } from "../../../src/http/routes.js";
import { type ApiServer, startApiServer } from "../../../src/http/server.js";
import { createLogger } from "../../../src/observability/logger.js";
import { createApiToken } from "../../../src/services/api-tokens.js";
import { slackHealthFor } from "../../../src/slack/health.js";
import { testDatabases } from "../../helpers/db.js";

// The API's own server (Socket Mode, or no Slack) as main.ts composes it: the ingestion API with
// /healthz, /readyz and /metrics beside it, requests and ingested items counted, unexpected
// errors logged through the redacting logger.

const movement = (over: Record<string, unknown> = {}) => ({
  id: "m-1",
  occurred_at: "2026-03-02T10:00:00Z",
  customer_id: "acme",
  customer_name: "Acme",
  segment: "SMB",
  type: "gained",
  value: 1200.5,
  reason: "referral",
  ...over,
});

function sample(text: string, series: string): number {
  const line = text.split("\n").find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe.each(testDatabases())("operations on the API's own server on $name", ({ open }) => {
  let db: Database;
  let server: ApiServer;
  let secret: string;
  const lines: string[] = [];

  beforeEach(async () => {
    db = await open();
    lines.length = 0;
    const config = parseConfig({ SERVE_API: "true" });
    const workspace = await resolveWorkspace(db.prisma, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    ({ secret } = await createApiToken(db.prisma, {
      workspaceId: workspace.id,
      name: "crm",
      createdBy: "cli",
    }));
    const logger = createLogger({
      format: "json",
      destination: { write: (line: string) => lines.push(line.trimEnd()) },
    });
    const router = createApiRouter({
      db,
      maxBodyBytes: 1024 * 1024,
      rateLimitPerMinute: 1000,
      clock: () => new Date("2026-03-10T12:00:00Z"),
      logError: (message, error) => logger.error(message, error),
    });
    // A route that fails the way a bug would, with a credential in its message.
    const broken: HttpRoute = {
      path: "/broken",
      handle: () => {
        throw new Error(`upstream refused ${secret} for ops@example.com`);
      },
    };
    server = await startApiServer(
      [
        ...apiRoutes(router),
        ...operationsRoutes({ db, config, logger, slack: slackHealthFor(config, logger) }),
        broken,
      ],
      0,
      "127.0.0.1",
      (message, error) => logger.error(message, error),
    );
  });
  afterEach(async () => {
    await server.close();
    await db.close();
  });

  const url = (path: string) => `http://127.0.0.1:${server.port}${path}`;
  const post = (body: unknown) =>
    fetch(url("/api/v1/movements"), {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
      body: JSON.stringify(body),
    });

  it("answers /healthz with the database checked and Slack skipped (not configured)", async () => {
    const res = await fetch(url("/healthz"));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: "ok",
      checks: { database: { status: "ok" }, slack: { status: "skipped", note: "Slack is not configured" } },
    });
    expect((await fetch(url("/readyz"))).status).toBe(200);
  });

  it("counts API requests and items inserted, duplicate and refused", async () => {
    const before = await (await fetch(url("/metrics"))).text();
    expect((await post(movement())).status).toBe(201);
    expect((await post(movement())).status).toBe(200);
    const refused = await post({
      items: [movement({ id: "m-2" }), movement({ id: "m-3", reason: "pricey" })],
    });
    expect(refused.status).toBe(422);
    expect((await fetch(url("/nowhere"))).status).toBe(404);
    const after = await (await fetch(url("/metrics"))).text();
    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('rtg_api_items_total{kind="movements",outcome="inserted"}')).toBe(1);
    expect(delta('rtg_api_items_total{kind="movements",outcome="duplicate"}')).toBe(1);
    expect(delta('rtg_api_items_total{kind="movements",outcome="refused"}')).toBe(2);
    expect(delta('rtg_http_requests_total{group="api",status="2xx"}')).toBe(2);
    expect(delta('rtg_http_requests_total{group="api",status="4xx"}')).toBe(1);
    expect(delta('rtg_http_requests_total{group="other",status="4xx"}')).toBe(1);
    // Only Slack's requests are acks.
    expect(delta("rtg_slack_ack_seconds_count")).toBe(0);
  });

  it("logs an unexpected route error redacted and answers 500", async () => {
    const res = await fetch(url("/broken"));
    expect(res.status).toBe(500);
    const entry = JSON.parse(lines.at(-1) ?? "{}") as {
      level: string;
      msg: string;
      error: { message: string };
    };
    expect(entry).toMatchObject({ level: "error", msg: "Unexpected error on /broken:" });
    expect(entry.error.message).toBe("upstream refused rtg_[REDACTED] for [EMAIL]");
    expect(lines.join("\n")).not.toContain(secret.slice(4));
  });
});
