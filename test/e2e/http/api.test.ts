import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { parseConfig } from "../../../src/config/env.js";
import type { Database } from "../../../src/data/database.js";
import { createWorkspace, resolveWorkspace } from "../../../src/data/workspaces.js";
import { createApiRouter } from "../../../src/http/api.js";
import { apiRoutes } from "../../../src/http/routes.js";
import { type ApiServer, startApiServer } from "../../../src/http/server.js";
import { createApiToken, revokeApiToken } from "../../../src/services/api-tokens.js";
import { createSlackApp } from "../../../src/slack/app.js";
import { testDatabases } from "../../helpers/db.js";
import { FAST_RETRIES, startFakeSlack } from "../../helpers/fake-slack.js";
import { SIGNING_SECRET } from "../../helpers/slack-app.js";

// The HTTP ingestion API over real HTTP on 127.0.0.1: its own server (Socket Mode, or no Slack)
// and mounted on Bolt's HTTP receiver.

const DEFAULTS = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };

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

describe.each(testDatabases())("HTTP API on $name", ({ open }) => {
  let db: Database;
  let server: ApiServer;
  let workspaceId: string;
  let secret: string;
  let now: Date;

  const start = async (opts: { maxBodyBytes?: number; rateLimitPerMinute?: number } = {}) => {
    await server?.close();
    const router = createApiRouter({
      db,
      maxBodyBytes: opts.maxBodyBytes ?? 1024 * 1024,
      rateLimitPerMinute: opts.rateLimitPerMinute ?? 1000,
      // Token expiry reads this clock (the rate limit reads Date.now(), faked where it matters).
      clock: () => now,
      logError: () => {},
    });
    server = await startApiServer(router, 0, "127.0.0.1");
  };

  const post = async (
    path: string,
    body: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${secret}` },
  ) => {
    const res = await fetch(`http://127.0.0.1:${server.port}${path}`, {
      method: "POST",
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
  };
  const movements = (id = workspaceId) => db.prisma.customerMovement.findMany({ where: { workspaceId: id } });

  beforeEach(async () => {
    db = await open();
    now = new Date("2026-03-10T12:00:00Z");
    workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
    ({ secret } = await createApiToken(db.prisma, { workspaceId, name: "crm", createdBy: "cli" }));
    await start();
  });
  afterEach(async () => {
    await server.close();
    await db.close();
  });

  it("refuses a request without a token, with an unknown one and with a revoked one, storing nothing", async () => {
    const none = await post("/api/v1/movements", movement(), {});
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    expect(none.json.error).toContain("Authorization: Bearer");
    expect(
      (await post("/api/v1/movements", movement(), { authorization: "Bearer rtg_not-a-real-token" })).status,
    ).toBe(401);
    await revokeApiToken(db.prisma, { workspaceId, which: "crm", revokedBy: "cli" }, now);
    const revoked = await post("/api/v1/movements", movement());
    expect(revoked.status).toBe(401);
    expect(revoked.json).toEqual({ error: "Unknown or revoked API token.", issues: [] });
    expect(await movements()).toHaveLength(0);
  });

  it("stores a single movement once, as source api, with an audit event naming the token", async () => {
    const first = await post("/api/v1/movements", movement());
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({
      inserted: 1,
      duplicates: 0,
      items: [{ index: 0, id: "m-1", status: "inserted" }],
    });
    const again = await post("/api/v1/movements", movement());
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ inserted: 0, duplicates: 1, items: [{ status: "duplicate" }] });
    const stored = await movements();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ source: "api", idempotencyKey: "api:m-1", type: "gained" });
    expect(stored[0]?.value.toFixed(2)).toBe("1200.50");
    const token = await db.prisma.apiToken.findFirstOrThrow({ where: { name: "crm" } });
    // Only the secret's SHA-256 is kept.
    expect(token.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    expect(JSON.stringify(token)).not.toContain(secret);
    expect(stored[0]?.recordedBy).toBe(`api:${token.id}`);
    expect(token.lastUsedAt).toEqual(now);
    const audit = await db.prisma.auditEvent.findMany({ where: { action: "api.movements.recorded" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: `api:${token.id}`, workspaceId });
    expect(audit[0]?.data).toMatchObject({ inserted: 1, idempotencyKeys: ["api:m-1"] });
  });

  it("stores a batch (an item without id keyed by its content) and a replay stores nothing more", async () => {
    const batch = {
      items: [
        movement(),
        movement({
          id: null,
          customer_id: "globex",
          customer_name: "Globex",
          segment: "Enterprise",
          value: "5000",
        }),
        movement({ id: "m-3", occurred_at: "2026-03-05", type: "lost", value: "1200.50", reason: "price" }),
      ],
    };
    const first = await post("/api/v1/movements", batch);
    expect(first.status).toBe(201);
    expect(first.json).toMatchObject({ inserted: 3, duplicates: 0, createdSegments: ["SMB", "Enterprise"] });
    expect((first.json.items as Array<{ id: string | null }>).map((i) => i.id)).toEqual(["m-1", null, "m-3"]);
    const replay = await post("/api/v1/movements", batch);
    expect(replay.status).toBe(200);
    expect(replay.json).toMatchObject({ inserted: 0, duplicates: 3 });
    expect(await movements()).toHaveLength(3);
  });

  it("stores a batch sent several times at once exactly once", async () => {
    const batch = {
      items: Array.from({ length: 20 }, (_, i) =>
        movement({ id: `c-${i}`, customer_id: `cust-${i}`, customer_name: `Customer ${i}` }),
      ),
    };
    const answers = await Promise.all([1, 2, 3].map(() => post("/api/v1/movements", batch)));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 201]);
    expect(answers.map((a) => a.json.inserted).sort()).toEqual([0, 0, 20]);
    expect(await movements()).toHaveLength(20);
    expect(await db.prisma.customer.count({ where: { workspaceId } })).toBe(20);
  });

  it("rejects a batch with a bad field as a whole: 400 naming each item and field, nothing stored", async () => {
    const res = await post("/api/v1/movements", {
      items: [
        movement(),
        movement({ id: "m-2", value: "-5", type: "won", extra: 1 }),
        "not an item",
        movement({ id: "m-4", occurred_at: true }),
      ],
    });
    expect(res.status).toBe(400);
    const paths = (res.json.issues as Array<{ path: unknown[] }>).map((i) => i.path);
    expect(paths).toEqual(
      expect.arrayContaining([
        ["items", 1, "extra"],
        ["items", 1, "type"],
        ["items", 1, "value"],
        ["items", 2],
        ["items", 3, "occurred_at"],
      ]),
    );
    expect(paths).toHaveLength(5);
    expect(res.json.error).toBe("5 problems in the request; nothing was stored.");
    expect(await movements()).toHaveLength(0);
  });

  it("rejects a batch the ledger refuses (422, by item and field) and an id reused with other content", async () => {
    const refused = await post("/api/v1/movements", {
      items: [movement(), movement({ id: "m-2", occurred_at: "2026-03-03T10:00:00Z", reason: "pricey" })],
    });
    expect(refused.status).toBe(422);
    expect(refused.json.issues).toEqual([
      { path: ["items", 1, "reason"], message: expect.stringContaining('unknown gained reason "pricey"') },
    ]);
    expect(await movements()).toHaveLength(0);
    expect((await post("/api/v1/movements", movement())).status).toBe(201);
    const conflict = await post("/api/v1/movements", movement({ value: 99 }));
    expect(conflict.status).toBe(422);
    expect(conflict.json.issues).toEqual([
      { path: ["id"], message: expect.stringContaining("different content") },
    ]);
  });

  it("checks the envelope: malformed JSON, an empty or oversized batch, a non-object", async () => {
    expect((await post("/api/v1/movements", "{oops")).status).toBe(400);
    const empty = await post("/api/v1/movements", { items: [] });
    expect(empty.json.issues).toEqual([{ path: ["items"], message: "must hold at least one item" }]);
    const tooMany = await post("/api/v1/movements", { items: Array.from({ length: 1001 }, () => ({})) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.json.issues).toEqual([
      { path: ["items"], message: expect.stringContaining("at most 1000") },
    ]);
    expect((await post("/api/v1/movements", [movement()])).status).toBe(400);
    const wrongType = await post("/api/v1/movements", "<x/>", {
      authorization: `Bearer ${secret}`,
      "content-type": "application/xml",
    });
    expect(wrongType.status).toBe(415);
  });

  it("refuses a body over the limit with 413", async () => {
    await start({ maxBodyBytes: 2048 });
    const big = {
      items: Array.from({ length: 40 }, (_, i) => movement({ id: `m-${i}`, customer_id: `c-${i}` })),
    };
    expect(JSON.stringify(big).length).toBeGreaterThan(2048);
    const res = await post("/api/v1/movements", big);
    expect(res.status).toBe(413);
    expect(res.json.error).toContain("2048 bytes");
    expect(await movements()).toHaveLength(0);
    expect((await post("/api/v1/movements", movement())).status).toBe(201);
  });

  it("limits each token's rate: 429 with Retry-After, other tokens unaffected, allowed again later", async () => {
    // rate-limiter-flexible's window runs on Date.now(): a frozen one makes its answers exact.
    vi.useFakeTimers({ toFake: ["Date"], now });
    try {
      await start({ rateLimitPerMinute: 2 });
      const other = await createApiToken(db.prisma, { workspaceId, name: "other", createdBy: "cli" });
      expect((await post("/api/v1/movements", movement())).status).toBe(201);
      expect((await post("/api/v1/movements", movement())).status).toBe(200);
      const limited = await post("/api/v1/movements", movement({ id: "m-2", customer_id: "c-2" }));
      expect(limited.status).toBe(429);
      // Two a minute, counted from the token's first request: the next one a minute later.
      expect(limited.headers.get("retry-after")).toBe("60");
      expect(limited.json.error).toBe("Too many requests for this token: retry in 60 s.");
      expect(
        (await post("/api/v1/movements", movement(), { authorization: `Bearer ${other.secret}` })).status,
      ).toBe(200);
      vi.setSystemTime(now.getTime() + 30_000);
      expect((await post("/api/v1/movements", movement({ id: "m-2", customer_id: "c-2" }))).status).toBe(429);
      vi.setSystemTime(now.getTime() + 60_000);
      now = new Date(now.getTime() + 60_000);
      expect((await post("/api/v1/movements", movement({ id: "m-2", customer_id: "c-2" }))).status).toBe(201);
      expect(await movements()).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("writes only into the token's workspace", async () => {
    const b = await createWorkspace(db.prisma, { ...DEFAULTS, name: "B", slackTeamId: "TBBBB" });
    const tokenB = await createApiToken(db.prisma, { workspaceId: b.id, name: "crm", createdBy: "cli" });
    expect((await post("/api/v1/movements", movement())).status).toBe(201);
    expect(await movements(b.id)).toHaveLength(0);
    // The same id in B is B's own record, not a duplicate of A's.
    const inB = await post("/api/v1/movements", movement(), { authorization: `Bearer ${tokenB.secret}` });
    expect(inB.status).toBe(201);
    expect(await movements(b.id)).toHaveLength(1);
    expect(await movements(workspaceId)).toHaveLength(1);
    // No field can name another workspace.
    const sneaky = await post("/api/v1/movements", { ...movement({ id: "m-9" }), workspace_id: b.id });
    expect(sneaky.status).toBe(400);
    expect(sneaky.json.issues).toEqual([
      { path: ["workspace_id"], message: expect.stringContaining("not a field") },
    ]);
  });

  it("stores survey answers, single with an Idempotency-Key header or in a batch", async () => {
    const answer = {
      responded_at: "2026-03-02T10:00:00Z",
      kind: "nps",
      score: 9,
      segment: "SMB",
      comment: "Great",
    };
    const headers = { authorization: `Bearer ${secret}`, "idempotency-key": "survey-77" };
    const first = await post("/api/v1/responses", answer, headers);
    expect(first.status).toBe(201);
    expect(first.json.items).toEqual([{ index: 0, id: "survey-77", status: "inserted" }]);
    expect((await post("/api/v1/responses", answer, headers)).json).toMatchObject({ duplicates: 1 });
    const mismatch = await post("/api/v1/responses", { ...answer, id: "other" }, headers);
    expect(mismatch.status).toBe(400);
    expect(mismatch.json.issues).toEqual([
      { path: ["id"], message: expect.stringContaining("Idempotency-Key") },
    ]);
    const batch = await post("/api/v1/responses", {
      items: [
        { ...answer, id: "r-1", kind: "csat", score: 4 },
        { ...answer, id: "r-2", kind: "ces", score: 9 },
      ],
    });
    expect(batch.status).toBe(400);
    expect(batch.json.issues).toEqual([
      { path: ["items", 1, "score"], message: expect.stringContaining("out of range") },
    ]);
    const stored = await db.prisma.surveyResponse.findMany({ where: { workspaceId } });
    expect(stored.map((r) => [r.idempotencyKey, r.source, r.score])).toEqual([["api:survey-77", "api", 9]]);
  });

  it("keeps active token names unique in a workspace; a revoked name is free again", async () => {
    await expect(createApiToken(db.prisma, { workspaceId, name: "CRM", createdBy: "cli" })).rejects.toThrow(
      'An active token is already named "CRM"',
    );
    await revokeApiToken(db.prisma, { workspaceId, which: "crm", revokedBy: "cli" }, now);
    const again = await createApiToken(db.prisma, { workspaceId, name: "crm", createdBy: "cli" });
    expect(again.secret).not.toBe(secret);
    expect(
      (await post("/api/v1/movements", movement(), { authorization: `Bearer ${again.secret}` })).status,
    ).toBe(201);
    const audit = await db.prisma.auditEvent.findMany({ where: { action: { startsWith: "api_token." } } });
    expect(audit.map((a) => a.action).sort()).toEqual([
      "api_token.created",
      "api_token.created",
      "api_token.revoked",
    ]);
  });

  it("answers 404 and 405 with the same error shape", async () => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/movements`);
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe("POST");
    expect((await post("/api/v2/things", {})).status).toBe(404);
  });
});

describe.each(testDatabases())("HTTP API on Slack's HTTP receiver on $name", ({ open }) => {
  it("serves POST /api/v1/movements beside /slack/events", async () => {
    const db = await open();
    const fake = await startFakeSlack();
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-fake",
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_API_URL: fake.url,
      LOG_LEVEL: "error",
    });
    const api = createApiRouter({ db, maxBodyBytes: 1 << 20, rateLimitPerMinute: 60 });
    const slack = createSlackApp({
      db,
      config,
      features: [],
      retryConfig: FAST_RETRIES,
      routes: apiRoutes(api),
    });
    try {
      const { port } = await slack.start(0, "127.0.0.1");
      const workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
      const { secret } = await createApiToken(db.prisma, { workspaceId, name: "crm", createdBy: "cli" });
      const url = `http://127.0.0.1:${port}/api/v1/movements`;
      const res = await fetch(url, {
        method: "POST",
        headers: { authorization: `Bearer ${secret}`, "content-type": "application/json" },
        body: JSON.stringify(movement()),
      });
      expect(res.status).toBe(201);
      expect(await db.prisma.customerMovement.count({ where: { workspaceId } })).toBe(1);
      expect((await fetch(url)).status).toBe(405);
      expect((await fetch(url, { method: "POST", body: "{}" })).status).toBe(401);
    } finally {
      await slack.stop();
      await fake.close();
      await db.close();
    }
  });
});
