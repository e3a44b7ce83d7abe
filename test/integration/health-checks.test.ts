import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { createHealthChecks } from "../../src/services/check-health.js";
import { testDatabases } from "../helpers/db.js";

// The health service on a real database: OAuth mode reports how many workspaces installed the
// app; Slack's answer is reused for the cache period and asked again after it.

describe.each(testDatabases())("health checks on $name", ({ open }) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(() => db.close());

  it("counts installations in OAuth mode instead of testing a token", async () => {
    const checks = createHealthChecks({ db, slack: { kind: "installations" } });
    expect((await checks.health()).checks.slack).toMatchObject({ status: "ok", installations: 0 });
    const workspace = await resolveWorkspace(db.prisma, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    for (const team of ["T1", "T2"]) {
      await db.prisma.slackInstallation.create({
        data: {
          installKey: `T:${team}`,
          workspaceId: workspace.id,
          teamId: team,
          keyId: "k1",
          encrypted: "x",
        },
      });
    }
    const report = await checks.health();
    expect(report).toMatchObject({
      status: "ok",
      checks: {
        database: { status: "ok" },
        slack: {
          status: "ok",
          installations: 2,
          note: "OAuth mode: installations counted, tokens not tested",
        },
      },
    });
  });

  it("reuses Slack's answer for the cache period, failures included, then asks again", async () => {
    let clock = 0;
    let calls = 0;
    let answer: Error | undefined = new Error("invalid_auth");
    const checks = createHealthChecks({
      db,
      slackCacheMs: 30_000,
      now: () => clock,
      slack: {
        kind: "bot",
        probe: async () => {
          calls += 1;
          if (answer) throw answer;
        },
      },
    });
    const first = await checks.health();
    expect(first).toMatchObject({
      status: "fail",
      checks: { slack: { status: "fail", error: "invalid_auth" } },
    });
    answer = undefined;
    clock = 29_999;
    const cached = await checks.health();
    expect(cached.checks.slack).toMatchObject({ status: "fail", cached: true });
    expect(calls).toBe(1);
    clock = 30_000;
    const fresh = await checks.health();
    expect(fresh).toMatchObject({ status: "ok", checks: { slack: { status: "ok" } } });
    expect(fresh.checks.slack?.cached).toBeUndefined();
    expect(calls).toBe(2);
    // Readiness never asks Slack.
    expect(Object.keys((await checks.ready()).checks)).toEqual(["database"]);
    expect(calls).toBe(2);
  });

  it("keeps only the first line of a failure, without its details", async () => {
    const checks = createHealthChecks({
      db,
      slack: {
        kind: "bot",
        probe: async () => {
          throw new Error("\nconnect ECONNREFUSED 127.0.0.1:9\n    at internal/stack");
        },
      },
    });
    expect((await checks.health()).checks.slack?.error).toBe("connect ECONNREFUSED 127.0.0.1:9");
  });
});
