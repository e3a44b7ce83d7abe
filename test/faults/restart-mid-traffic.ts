import { setTimeout as sleep } from "node:timers/promises";
import { type Database, fromPostgresUrl } from "../../src/data/database.js";
import { createApiRouter } from "../../src/http/api.js";
import { startApiServer } from "../../src/http/server.js";
import { createApiToken } from "../../src/services/api-tokens.js";
import { sendSurvey, workspaceId } from "../e2e/slack/surveys-kit.js";
import { startSlackHarness } from "../helpers/slack-app.js";
import type { FaultRow } from "./fault-report.js";
import type { Cluster } from "./pg-cluster.js";
import { clickUntilSaved, newTally, sendApiItem, type Tally } from "./retrying-clients.js";

// The real app (HTTP API and Slack app, one pg pool) on a PostgreSQL that is restarted twice while
// clients keep writing: once cleanly (pg_ctl -m fast) and once as a crash (-m immediate). The Node
// process is never restarted: the pool has to drop the dead connections by itself.

const API_ITEMS = 300;
const API_CLIENTS = 6;
const PEOPLE = 30;

export interface RestartOutcome {
  api: Tally;
  clicks: Tally;
  restarts: number;
  /** Idempotency keys of the API movements stored, one entry per row. */
  storedApiKeys: string[];
  /** Customers those rows belong to (one per item sent): duplicates show up here even without the key index. */
  distinctApiCustomers: number;
  /** Respondents of the stored answers, one entry per row. */
  storedRespondents: string[];
  row: FaultRow;
}

export async function restartMidTraffic(cluster: Cluster): Promise<RestartOutcome> {
  const url = await cluster.createDatabase("rtg_faults_restart", { durable: true });
  const db: Database = fromPostgresUrl(url);
  await db.migrate();
  const h = await startSlackHarness(db, {
    env: { ROLE_MANAGERS: "UMGR", SURVEY_THROTTLE_DAYS: "30", LOG_LEVEL: "error" },
  });
  const router = createApiRouter({
    db,
    maxBodyBytes: 1024 * 1024,
    rateLimitPerMinute: 100_000,
    logError: () => {},
  });
  const server = await startApiServer(router, 0, "127.0.0.1");
  try {
    const ws = await workspaceId(h);
    const { secret } = await createApiToken(db.prisma, { workspaceId: ws, name: "faults", createdBy: "cli" });
    const people = Array.from({ length: PEOPLE }, (_, i) => `UF${i}`);
    await sendSurvey(h, { users: people });

    const api = newTally();
    const clicks = newTally();
    let done = 0;
    let next = 0;
    const target = { baseUrl: `http://127.0.0.1:${server.port}`, secret };
    const apiClient = async () => {
      while (next < API_ITEMS) {
        const key = `pgr-${next++}`;
        await sendApiItem(target, key, api);
        done++;
      }
    };
    let restarting = false;
    let restarts = 0;
    const faults = async () => {
      for (const [at, mode] of [
        [API_ITEMS / 3, "fast"],
        [(2 * API_ITEMS) / 3, "immediate"],
      ] as const) {
        while (done < at) await sleep(5);
        restarting = true;
        await cluster.restart(mode);
        restarting = false;
        restarts++;
      }
    };
    // Clicks paced by the API stream (one per PEOPLE-th of it), and back to back while a restart
    // is under way, so some of them arrive while the database is away.
    let nextPerson = 0;
    const clicker = async () => {
      while (nextPerson < PEOPLE) {
        const i = nextPerson++;
        while (!restarting && done < (i * API_ITEMS) / PEOPLE) await sleep(5);
        await clickUntilSaved(h, people[i] as string, i % 11, clicks);
      }
    };
    await Promise.all([...Array.from({ length: API_CLIENTS }, apiClient), clicker(), clicker(), faults()]);
    await h.fake.waitForQuiet(200);

    const stored = await db.prisma.customerMovement.findMany({
      where: { workspaceId: ws, idempotencyKey: { startsWith: "api:pgr-" } },
      select: { idempotencyKey: true, customerId: true },
    });
    const answers = await db.prisma.surveyResponse.findMany({ select: { respondentSlackId: true } });
    const storedApiKeys = stored.map((m) => m.idempotencyKey.slice("api:".length));
    const distinctApiCustomers = new Set(stored.map((m) => m.customerId)).size;
    const storedRespondents = answers.map((a) => a.respondentSlackId ?? "");
    const lost = (tally: Tally, keys: string[]) => {
      const stored = new Set(keys);
      return [...tally.accepted].filter((k) => !stored.has(k)).length;
    };
    const distinctRespondents = new Set(storedRespondents).size;
    const describe = (tally: Tally) =>
      [...tally.refusals].map(([kind, n]) => `${n} × ${kind}`).join(", ") || "none";
    return {
      api,
      clicks,
      restarts,
      storedApiKeys,
      distinctApiCustomers,
      storedRespondents,
      row: {
        fault: "PostgreSQL restarted mid-traffic",
        faultsInjected: restarts,
        accepted: api.accepted.size + clicks.accepted.size,
        stored: distinctApiCustomers + distinctRespondents,
        duplicates:
          storedApiKeys.length - distinctApiCustomers + (storedRespondents.length - distinctRespondents),
        losses: lost(api, storedApiKeys) + lost(clicks, storedRespondents),
        detail:
          `pg_ctl restart -m fast, then -m immediate (a crash), while ${API_CLIENTS} HTTP API clients sent ${API_ITEMS} movements ` +
          `(${api.accepted.size} accepted) and ${PEOPLE} people clicked a survey answer (${clicks.accepted.size} accepted), the Node process never restarted; ` +
          `${api.refusedThenRetried} API answers were refusals (${describe(api)}), retried with the same id; ` +
          `${clicks.refusedThenRetried} clicks were refused (${describe(clicks)}): Slack resent those not acked with 200 (x-slack-retry-num), people told "not saved" clicked again; ` +
          "duplicates counted by customer (one per API item) and by respondent, not by the idempotency key.",
      },
    };
  } finally {
    await server.close();
    await h.stop();
    await db.close();
  }
}
