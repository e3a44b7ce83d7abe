import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Database, fromPostgresUrl } from "../../../src/data/database.js";
import { resolveWorkspace } from "../../../src/data/workspaces.js";
import { createApiRouter } from "../../../src/http/api.js";
import { type ApiServer, startApiServer } from "../../../src/http/server.js";
import { createApiToken } from "../../../src/services/api-tokens.js";
import { testDatabases } from "../../helpers/db.js";
import { databaseUrl } from "../../helpers/postgres-admin.js";

// The API's rate limit across replicas. On PostgreSQL two API servers, each with its own database
// handle (as two processes would have), over one database share the limit per token: the counts
// sit in rate-limiter-flexible's table. On the embedded database only one process can open the data
// directory, and each API router counts in its own memory: two routers allow twice the limit.
// (The PostgreSQL variant is skipped, with testDatabases()' message, without TEST_DATABASE_URL.)

const DEFAULTS = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };
const LIMIT = 5;

const movement = (id: string) => ({
  id,
  occurred_at: "2026-03-02T10:00:00Z",
  customer_id: `c-${id}`,
  customer_name: `Customer ${id}`,
  segment: "SMB",
  type: "gained",
  value: 100,
  reason: "referral",
});

describe.each(testDatabases())("the API's rate limit over two replicas on $name", ({ name, open }) => {
  let db: Database;
  let other: Database | undefined;
  let servers: ApiServer[];
  let secret: string;
  let sequence = 0;

  const replica = async (handle: Database) => {
    const router = createApiRouter({
      db: handle,
      maxBodyBytes: 1 << 20,
      rateLimitPerMinute: LIMIT,
      logError: () => {},
    });
    const server = await startApiServer(router, 0, "127.0.0.1");
    servers.push(server);
    return server;
  };

  const post = async (server: ApiServer, token = secret) => {
    sequence += 1;
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/movements`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
      body: JSON.stringify(movement(`m-${sequence}`)),
    });
    await res.arrayBuffer();
    return { status: res.status, retryAfter: res.headers.get("retry-after") };
  };

  /** Two replicas: on PostgreSQL the second has its own handle (pool) on the same database. */
  const twoReplicas = async () => {
    if (name === "postgres") {
      const [row] = await db.prisma.$queryRaw<Array<{ name: string }>>`SELECT current_database() AS name`;
      other = fromPostgresUrl(databaseUrl(process.env.TEST_DATABASE_URL as string, row?.name as string));
    }
    return [await replica(db), await replica(other ?? db)] as const;
  };

  beforeEach(async () => {
    db = await open();
    servers = [];
    other = undefined;
    const workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
    ({ secret } = await createApiToken(db.prisma, { workspaceId, name: "crm", createdBy: "cli" }));
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await other?.close();
    await db.close();
  });

  if (name === "postgres") {
    it("refuses past the limit counted over both: 3 requests to A and 3 to B, exactly one 429", async () => {
      const [a, b] = await twoReplicas();
      const statuses: number[] = [];
      for (const server of [a, a, a, b, b]) statuses.push((await post(server)).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201]);
      const refused = await post(b);
      expect(refused.status).toBe(429);
      const seconds = Number(refused.retryAfter);
      expect(seconds).toBeGreaterThanOrEqual(1);
      expect(seconds).toBeLessThanOrEqual(60);
      // A refuses too: the limit is the token's, wherever the request lands.
      expect((await post(a)).status).toBe(429);
      // Another token has its own limit.
      const workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
      const fresh = await createApiToken(db.prisma, { workspaceId, name: "other", createdBy: "cli" });
      expect((await post(b, fresh.secret)).status).toBe(201);
    });

    it("counts requests arriving at both at once exactly: 3 + 3 concurrent, one 429", async () => {
      const [a, b] = await twoReplicas();
      const results = await Promise.all([a, a, a, b, b, b].map((server) => post(server)));
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s === 429)).toHaveLength(1);
      expect(statuses.filter((s) => s === 201)).toHaveLength(LIMIT);
    });
  } else {
    it("keeps a count per process: 3 to A and 3 to B all pass, a sixth to A is refused", async () => {
      const [a, b] = await twoReplicas();
      const statuses: number[] = [];
      for (const server of [a, a, a, b, b, b]) statuses.push((await post(server)).status);
      expect(statuses).toEqual([201, 201, 201, 201, 201, 201]);
      for (const _ of [1, 2]) expect((await post(a)).status).toBe(201);
      const refused = await post(a);
      expect(refused.status).toBe(429);
      expect(refused.retryAfter).toMatch(/^\d+$/);
    });
  }
});
