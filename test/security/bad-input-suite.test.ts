import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { createApiRouter } from "../../src/http/api.js";
import { type ApiServer, startApiServer } from "../../src/http/server.js";
import { createApiToken, revokeApiToken } from "../../src/services/api-tokens.js";
import { importCsv } from "../../src/services/import-csv.js";
import { testDatabases } from "../helpers/db.js";
import { type OAuthHarness, startOAuthHarness } from "../helpers/oauth-app.js";
import { startSlackHarness } from "../helpers/slack-app.js";
import { postStripeEvent, type StripeWebhookServer, startStripeWebhook } from "../helpers/stripe.js";
import { type ApiEnv, apiCases, validMovement, validResponse } from "./api-cases.js";
import { type CliEnv, cli, cliCases, cliSnapshot } from "./cli-cases.js";
import { type CsvEnv, csvCases } from "./csv-cases.js";
import { createRecorder, rawPost, renderReport, type Snapshot } from "./kit.js";
import { oauthCases } from "./oauth-cases.js";
import { capturingLogger, type SlackEnv, slackCases } from "./slack-cases.js";
import { type StripeEnv, stripeCases, warmUpEvent } from "./stripe-cases.js";

// The bad-input suite: hostile input to every external entry point, each case its own test, each
// checked to be refused with a clear answer and to change no table (or, for free text accepted
// as data, to store it verbatim and nothing else). One database and one server per entry point
// per database; the summary goes to stdout and out/bad-input-report.md.

const recorder = createRecorder();
const NOW = new Date("2026-03-10T12:00:00Z");
// 08:00 in New York, the fake Slack users' zone: "today" is 30 March for them.
const SLACK_NOW = new Date("2026-03-30T12:00:00Z");
const DEFAULTS = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };

describe.each(testDatabases())("bad input on $name", ({ name, open }) => {
  describe("HTTP API", () => {
    let db: Database;
    let server: ApiServer;
    const env = {} as ApiEnv;
    beforeAll(async () => {
      db = await open();
      const workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
      const { secret } = await createApiToken(db.prisma, { workspaceId, name: "crm", createdBy: "cli" });
      const revoked = await createApiToken(db.prisma, { workspaceId, name: "old", createdBy: "cli" });
      await revokeApiToken(db.prisma, { workspaceId, which: "old", revokedBy: "cli" }, NOW);
      const maxBodyBytes = 64 * 1024;
      const router = createApiRouter({
        db,
        maxBodyBytes,
        rateLimitPerMinute: 1_000_000,
        // A fixed clock: a token's last use is written once, not on every case.
        clock: () => NOW,
        logError: (message, error) => console.error(message, error),
      });
      server = await startApiServer(router, 0, "127.0.0.1");
      Object.assign(env, {
        db,
        port: server.port,
        secret,
        revokedSecret: revoked.secret,
        workspaceId,
        maxBodyBytes,
      });
      // One good write of each kind first: the segment and the token's last use exist before the cases.
      for (const [path, item] of [
        ["/api/v1/movements", validMovement()],
        ["/api/v1/responses", validResponse()],
      ] as const) {
        const res = await rawPost(server.port, path, JSON.stringify(item), {
          authorization: `Bearer ${secret}`,
          "content-type": "application/json",
        });
        if (res.status !== 201) throw new Error(`warm-up write failed: ${res.status} ${res.text}`);
      }
    });
    afterAll(async () => {
      await server?.close();
      await db?.close();
    });
    for (const c of apiCases()) {
      it(`${c.category}: ${c.name}`, () => recorder.run(c, env, db, name));
    }
  });

  describe("Slack", () => {
    const env = { manager: "UMGR", employee: "UEMP", logs: [] as string[] } as SlackEnv;
    beforeAll(async () => {
      env.h = await startSlackHarness(await open(), {
        env: { ROLE_MANAGERS: env.manager, ROLE_EXECUTIVES: "UEXEC" },
        clock: () => SLACK_NOW,
        app: { logger: capturingLogger(env.logs) },
      });
      // The workspace, and a segment for the ledger forms, exist before the cases.
      await env.h.slack.command({ command: "/cx", text: "help", user_id: env.employee });
      const ws = await env.h.db.prisma.workspace.findFirstOrThrow();
      env.segmentId = (
        await env.h.db.prisma.segment.create({ data: { workspaceId: ws.id, name: "SMB", key: "smb" } })
      ).id;
    });
    afterAll(async () => {
      await env.h?.stop();
      await env.h?.db.close();
    });
    for (const c of slackCases()) {
      it(`${c.category}: ${c.name}`, () => recorder.run(c, env, env.h.db, name));
    }
  });

  describe("Slack OAuth redirect", () => {
    let h: OAuthHarness;
    beforeAll(async () => {
      h = await startOAuthHarness(await open());
    });
    afterAll(async () => {
      await h?.stop();
      await h?.db.close();
    });
    for (const c of oauthCases()) {
      it(`${c.category}: ${c.name}`, () => recorder.run(c, h, h.db, name));
    }
  });

  describe("Stripe webhook", () => {
    let db: Database;
    let hook: StripeWebhookServer;
    const env = {} as StripeEnv;
    beforeAll(async () => {
      db = await open();
      const maxBodyBytes = 64 * 1024;
      hook = await startStripeWebhook(db, { maxBodyBytes });
      Object.assign(env, { db, url: hook.url, maxBodyBytes });
      // One good delivery first: the default segment exists before the cases.
      const first = await postStripeEvent(hook.url, warmUpEvent());
      if (first.status !== 200) throw new Error(`warm-up delivery failed: ${JSON.stringify(first.json)}`);
    });
    afterAll(async () => {
      await hook?.close();
      await db?.close();
    });
    for (const c of stripeCases()) {
      it(`${c.category}: ${c.name}`, () => recorder.run(c, env, db, name));
    }
  });

  describe("CSV import", () => {
    let db: Database;
    const env = {} as CsvEnv;
    beforeAll(async () => {
      db = await open();
      const workspaceId = (await resolveWorkspace(db.prisma, DEFAULTS)).id;
      const dir = await mkdtemp(join(tmpdir(), "rtg-bad-csv-"));
      Object.assign(env, { db, workspaceId, dir, now: NOW });
      // The SMB segment exists before the cases, as it would in a workspace in use.
      const first = join(dir, "first.csv");
      await writeFile(
        first,
        "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note\nw,2026-03-01,w,W,SMB,gained,1,,referral,\n",
      );
      const report = await importCsv(db, "movements", first, {
        workspaceId,
        reportingCurrency: "EUR",
        timeZone: "UTC",
        skipInvalid: false,
        dryRun: false,
      });
      if (!report.committed) throw new Error(`warm-up import failed: ${JSON.stringify(report.errors)}`);
    });
    afterAll(async () => {
      await db?.close();
      if (env.dir) await rm(env.dir, { recursive: true, force: true });
    });
    for (const c of csvCases()) {
      it(`${c.category}: ${c.name}`, () => recorder.run(c, env, db, name));
    }
  });
});

// The real program is slow to start (a few seconds a run): a few cases, on its embedded database.
describe("bad input to npm run cli -- import", () => {
  const env = {} as CliEnv;
  beforeAll(async () => {
    env.dataDir = await mkdtemp(join(tmpdir(), "rtg-bad-cli-"));
    // Migrated, with a workspace: the state the cases must leave as it is.
    const first = join(env.dataDir, "first.csv");
    await writeFile(
      first,
      "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note\nw,2026-03-01,w,W,SMB,gained,1,,referral,\n",
    );
    const { code, out } = await cli(env, "import", "movements", first);
    if (code !== 0) throw new Error(`warm-up import failed: ${out}`);
  });
  afterAll(async () => {
    if (env.dataDir) await rm(env.dataDir, { recursive: true, force: true });
  });
  // Opening the embedded database takes seconds: a case starts from the state the previous one
  // left (nothing else writes to it), so only the state after each case is read.
  let last: Snapshot | undefined;
  const snap = async (when: "before" | "after") => {
    if (when === "before" && last) return last;
    last = await cliSnapshot(env);
    return last;
  };
  for (const c of cliCases()) {
    it(`${c.category}: ${c.name}`, () => recorder.run(c, env, snap, "pglite (CLI)"));
  }
});

afterAll(async () => {
  const report = renderReport(recorder.outcomes);
  console.log(`\n${report}\n`);
  const dir = join(import.meta.dirname, "../../out");
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "bad-input-report.md"), `# Bad-input suite\n\n${report}\n`);
});
