import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { resolveWorkspace } from "../../../src/data/workspaces.js";
import { createApiRouter } from "../../../src/http/api.js";
import { apiRoutes } from "../../../src/http/routes.js";
import { type ApiServer, startApiServer } from "../../../src/http/server.js";
import { createApiToken } from "../../../src/services/api-tokens.js";
import { testDatabases } from "../../helpers/db.js";
import { startSlackHarness } from "../../helpers/slack-app.js";

// PUT /api/v1/customers/{externalId}/owner over real HTTP on 127.0.0.1: the CRM sets or clears
// who owns a customer, with the API's token, rate limit and error shapes.

const DEFAULTS = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };

describe.each(testDatabases())("PUT /api/v1/customers/{id}/owner on $name", ({ open }) => {
  let db: Database;
  let server: ApiServer;
  let workspaceId: string;
  let secret: string;
  let tokenId: string;
  let customerId: string;

  const put = async (
    externalId: string,
    body: unknown,
    headers: Record<string, string> = { authorization: `Bearer ${secret}` },
    method = "PUT",
  ) => {
    const res = await fetch(`http://127.0.0.1:${server.port}/api/v1/customers/${externalId}/owner`, {
      method,
      headers: { "content-type": "application/json", ...headers },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, json: (await res.json()) as Record<string, unknown> };
  };
  const owner = async () =>
    (await db.prisma.customer.findUniqueOrThrow({ where: { id: customerId } })).ownerSlackUserId;
  const audits = () =>
    db.prisma.auditEvent.findMany({
      where: { action: { startsWith: "customer.owner" } },
      orderBy: { createdAt: "asc" },
    });

  beforeEach(async () => {
    db = await open();
    workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
    let token: { id: string };
    ({ secret, token } = await createApiToken(db.prisma, { workspaceId, name: "crm", createdBy: "cli" }));
    tokenId = token.id;
    const segment = await db.prisma.segment.create({ data: { workspaceId, key: "smb", name: "SMB" } });
    const customer = await db.prisma.customer.create({
      data: { workspaceId, externalId: "hs/981", name: "Acme", segmentId: segment.id },
    });
    customerId = customer.id;
    const now = new Date("2026-03-10T12:00:00Z");
    const router = createApiRouter({
      db,
      maxBodyBytes: 4096,
      rateLimitPerMinute: 1000,
      clock: () => now,
      logError: () => {},
    });
    server = await startApiServer(router, 0, "127.0.0.1");
  });
  afterEach(async () => {
    await server.close();
    await db.close();
  });

  it("sets, keeps and clears the owner by external id, audited once per change", async () => {
    const set = await put(encodeURIComponent("hs/981"), { owner: "U0OWNER1" });
    expect(set).toMatchObject({
      status: 200,
      json: {
        customer: { id: "hs/981", name: "Acme" },
        owner: "U0OWNER1",
        previous: null,
        status: "changed",
      },
    });
    expect(await owner()).toBe("U0OWNER1");
    expect((await put("hs%2F981", { owner: "U0OWNER1" })).json).toMatchObject({ status: "unchanged" });
    expect((await put("hs%2F981", { owner: null })).json).toMatchObject({
      owner: null,
      previous: "U0OWNER1",
      status: "changed",
    });
    expect(await owner()).toBeNull();
    const events = await audits();
    expect(events.map((e) => [e.action, e.actor, e.subjectId, e.data])).toEqual([
      [
        "customer.owner.set",
        `api:${tokenId}`,
        customerId,
        { externalId: "hs/981", from: null, to: "U0OWNER1" },
      ],
      [
        "customer.owner.cleared",
        `api:${tokenId}`,
        customerId,
        { externalId: "hs/981", from: "U0OWNER1", to: null },
      ],
    ]);
  });

  it("refuses a malformed owner, a bad body and an unknown customer with a specific message, changing nothing", async () => {
    const bad = await put("hs%2F981", { owner: "jane@example.com" });
    expect(bad.status).toBe(400);
    expect(bad.json).toEqual({
      error: "Bad owner request; nothing was changed.",
      issues: [
        {
          path: ["owner"],
          message: "is not a Slack user id (like U0123ABCD or W0123ABCD); send null to clear",
        },
      ],
    });
    expect((await put("hs%2F981", { owner: 42 })).json.issues).toEqual([
      { path: ["owner"], message: "must be a Slack user id (text) or null" },
    ]);
    expect((await put("hs%2F981", {})).json.issues).toEqual([
      { path: ["owner"], message: "is missing: send a Slack user id, or null to clear" },
    ]);
    expect((await put("hs%2F981", { owner: "U0OWNER1", team: "T1" })).json.issues).toEqual([
      { path: ["team"], message: "is not a field: send only owner" },
    ]);
    expect((await put("hs%2F981", ["U0OWNER1"])).status).toBe(400);
    expect((await put("hs%2F981", "{not json")).status).toBe(400);
    const badPath = await put("%E0%A4%A", { owner: "U0OWNER1" });
    expect(badPath.status).toBe(400);
    expect(badPath.json.issues).toEqual([
      { path: ["path", "externalId"], message: "is not valid percent-encoding" },
    ]);

    const unknown = await put("globex", { owner: "U0OWNER1" });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error).toBe('No customer has the id "globex"; nothing was changed.');
    // External ids are matched exactly: the name, or another case, is not the id.
    expect((await put("Acme", { owner: "U0OWNER1" })).status).toBe(404);
    expect((await put("HS%2F981", { owner: "U0OWNER1" })).status).toBe(404);

    expect(await owner()).toBeNull();
    expect(await audits()).toEqual([]);
  });

  it("answers 401 without a valid token and 405 for another method", async () => {
    const none = await put("hs%2F981", { owner: "U0OWNER1" }, {});
    expect(none.status).toBe(401);
    expect(String(none.json.error)).toContain("Send an API token");
    expect((await put("hs%2F981", { owner: "U0OWNER1" }, { authorization: "Bearer rtg_nope" })).status).toBe(
      401,
    );
    const post = await put("hs%2F981", { owner: "U0OWNER1" }, { authorization: `Bearer ${secret}` }, "POST");
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("PUT");
    expect(await owner()).toBeNull();
  });
});

describe.each(testDatabases())(
  "PUT /api/v1/customers/{id}/owner on Slack's HTTP receiver on $name",
  ({ open }) => {
    it("is served beside /slack/events, with the same answers", async () => {
      const db = await open();
      const workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
      const { secret } = await createApiToken(db.prisma, { workspaceId, name: "crm", createdBy: "cli" });
      const segment = await db.prisma.segment.create({ data: { workspaceId, key: "smb", name: "SMB" } });
      await db.prisma.customer.create({
        data: { workspaceId, externalId: "acme", name: "Acme", segmentId: segment.id },
      });
      const router = createApiRouter({
        db,
        maxBodyBytes: 4096,
        rateLimitPerMinute: 1000,
        logError: () => {},
      });
      const h = await startSlackHarness(db, { app: { routes: apiRoutes(router) } });
      try {
        const put = (id: string, body: unknown) =>
          fetch(`http://127.0.0.1:${h.port}/api/v1/customers/${id}/owner`, {
            method: "PUT",
            headers: { "content-type": "application/json", authorization: `Bearer ${secret}` },
            body: JSON.stringify(body),
          });
        const res = await put("acme", { owner: "W0OWNER1" });
        expect(res.status).toBe(200);
        expect(await res.json()).toMatchObject({ owner: "W0OWNER1", status: "changed" });
        expect((await db.prisma.customer.findFirstOrThrow()).ownerSlackUserId).toBe("W0OWNER1");
        expect((await put("nobody", { owner: null })).status).toBe(404);
        expect((await put("acme", { owner: "nope" })).status).toBe(400);
      } finally {
        await h.stop();
        await db.close();
      }
    });
  },
);
