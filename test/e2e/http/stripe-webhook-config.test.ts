import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "../../../src/config/env.js";
import type { Database } from "../../../src/data/database.js";
import { createWorkspace, resolveWorkspace } from "../../../src/data/workspaces.js";
import { type ApiServer, startApiServer } from "../../../src/http/server.js";
import { stripeWebhookRoutes } from "../../../src/http/stripe-webhook-routes.js";
import { testDatabases } from "../../helpers/db.js";
import { startSlackHarness } from "../../helpers/slack-app.js";
import {
  postStripeEvent,
  STRIPE_DEFAULTS,
  STRIPE_TEST_SECRET,
  stripeEvent,
  stripeSubscription,
} from "../../helpers/stripe.js";

// What main.ts mounts for Stripe, from the environment: nothing without a signing secret; with
// one, the route feeding STRIPE_SLACK_TEAM_ID's workspace, or the only workspace there is.

describe("Stripe configuration", () => {
  it("parses the Stripe variables with their defaults and clear refusals", () => {
    expect(parseConfig({}).stripe).toEqual({
      webhookSecret: undefined,
      slackTeamId: undefined,
      defaultSegment: "Stripe",
    });
    expect(
      parseConfig({
        STRIPE_WEBHOOK_SECRET: STRIPE_TEST_SECRET,
        STRIPE_SLACK_TEAM_ID: "T0123ABCD",
        STRIPE_DEFAULT_SEGMENT: " Self-serve ",
      }).stripe,
    ).toEqual({ webhookSecret: STRIPE_TEST_SECRET, slackTeamId: "T0123ABCD", defaultSegment: "Self-serve" });
    expect(() => parseConfig({ STRIPE_WEBHOOK_SECRET: "sk_live_oops" })).toThrow(
      /STRIPE_WEBHOOK_SECRET must be the endpoint's signing secret starting with whsec_/,
    );
    expect(() => parseConfig({ STRIPE_SLACK_TEAM_ID: "acme" })).toThrow(ConfigError);
  });
});

describe.each(testDatabases())("Stripe webhook mounted from the configuration on $name", ({ open }) => {
  let db: Database;
  let server: ApiServer | undefined;
  const logs: string[] = [];

  const serve = async (env: Record<string, string>) => {
    const routes = stripeWebhookRoutes({ db, config: parseConfig(env), log: (l) => logs.push(l) });
    server = await startApiServer(routes, 0, "127.0.0.1");
    return { routes, url: `http://127.0.0.1:${server.port}` };
  };
  const event = (id: string) =>
    stripeEvent("customer.subscription.created", stripeSubscription({ customer: "cus_acme" }), { id });

  beforeEach(async () => {
    db = await open();
    logs.length = 0;
  });
  afterEach(async () => {
    await server?.close();
    server = undefined;
    await db.close();
  });

  it("mounts nothing without STRIPE_WEBHOOK_SECRET", async () => {
    expect(stripeWebhookRoutes({ db, config: parseConfig({}) })).toEqual([]);
  });

  it("records into STRIPE_SLACK_TEAM_ID's workspace, which adopts the local one, in the default segment", async () => {
    const local = await resolveWorkspace(db.prisma, STRIPE_DEFAULTS);
    const { url } = await serve({
      STRIPE_WEBHOOK_SECRET: STRIPE_TEST_SECRET,
      STRIPE_SLACK_TEAM_ID: "T0123ABCD",
      STRIPE_DEFAULT_SEGMENT: "Self-serve",
    });
    const res = await postStripeEvent(url, event("evt_team"));
    expect(res.status).toBe(200);
    const [m] = await db.prisma.customerMovement.findMany({ include: { segment: true } });
    expect(m).toMatchObject({ workspaceId: local.id, type: "gained" });
    expect(m?.segment.name).toBe("Self-serve");
    expect((await db.prisma.workspace.findUnique({ where: { id: local.id } }))?.slackTeamId).toBe(
      "T0123ABCD",
    );
  });

  it("is served beside /slack/events on Bolt's HTTP receiver, feeding the Slack team's workspace", async () => {
    const env = { STRIPE_WEBHOOK_SECRET: STRIPE_TEST_SECRET, STRIPE_SLACK_TEAM_ID: "T0001" };
    const harness = await startSlackHarness(db, {
      env,
      app: { routes: stripeWebhookRoutes({ db, config: parseConfig(env), log: (l) => logs.push(l) }) },
    });
    try {
      expect(harness.fake.teamId).toBe("T0001");
      const res = await postStripeEvent(`http://127.0.0.1:${harness.port}`, event("evt_on_bolt"));
      expect(res.status).toBe(200);
      const workspace = await db.prisma.workspace.findUnique({ where: { slackTeamId: "T0001" } });
      expect(await db.prisma.customerMovement.count({ where: { workspaceId: workspace?.id } })).toBe(1);
      const forged = await postStripeEvent(`http://127.0.0.1:${harness.port}`, event("evt_forged"), {
        secret: "whsec_forged",
      });
      expect(forged.status).toBe(400);
      expect(await db.prisma.webhookEvent.count()).toBe(1);
    } finally {
      await harness.stop();
    }
  });

  it("answers 500 naming STRIPE_SLACK_TEAM_ID when several workspaces could take the events, storing nothing", async () => {
    await createWorkspace(db.prisma, { ...STRIPE_DEFAULTS, name: "One", slackTeamId: "T0000ONE" });
    await createWorkspace(db.prisma, { ...STRIPE_DEFAULTS, name: "Two", slackTeamId: "T0000TWO" });
    const { url } = await serve({ STRIPE_WEBHOOK_SECRET: STRIPE_TEST_SECRET });
    const res = await postStripeEvent(url, event("evt_ambiguous"));
    expect(res.status).toBe(500);
    expect(String(res.json.error)).toMatch(/several workspaces.*STRIPE_SLACK_TEAM_ID/);
    expect(await db.prisma.customerMovement.count()).toBe(0);
    expect(await db.prisma.webhookEvent.count()).toBe(0);
    expect(logs.some((l) => l.includes("evt_ambiguous") && l.includes("not recorded"))).toBe(true);
  });
});
