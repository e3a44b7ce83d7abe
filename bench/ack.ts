import { randomBytes, randomUUID } from "node:crypto";
import { rm } from "node:fs/promises";
import { join } from "node:path";
import { type Database, fromPostgresUrl, openDatabase } from "../src/data/database.js";
import { answerSurvey, batchedAnswerStore } from "../src/services/answer-survey.js";
import { createSurvey, deliverSurvey, type SurveyOutbox } from "../src/services/send-survey.js";
import { startFakeSlack } from "../test/helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../test/helpers/slack-app.js";
import { nowSeconds } from "../test/helpers/slack-requests.js";
import {
  type ClickRequest,
  type ClickResult,
  clickRequest,
  LoadClient,
  percentile,
  sendSurveyToUsergroup,
  startBareApp,
  surveyIdOf,
  surveyMessagesByUser,
} from "./ack-kit.js";
import { startCpuProfile } from "./ack-profile.js";
import {
  createDatabase,
  dropDatabase,
  fmtRatio,
  intArg,
  note,
  printTable,
  prng,
  readArgs,
  startPostgres,
  timed,
  worldReadableTempDir,
} from "./lib.js";

// npm run bench:ack -- [--clicks N] [--warmup N] [--only pglite|postgres] [--cold-directory]
//                       [--keep] [--cpu-prof]
//
// N people (default 500) got one NPS survey as a DM, sent through the real app (`/cx survey nps`
// to a user group of N). All N click a score at the same moment: N signed block_actions
// requests, exactly as Slack sends them, fired concurrently from a worker thread at the real app
// over HTTP, each timed from send to the HTTP response (the ack; the app stores the answer
// before it acknowledges). The same N requests go to a bare Bolt app that only acknowledges,
// in the same run. Then: how many answers were stored (must be exactly N), and the ratios.
//
// Before the bursts both apps get the warm-up clicks (default 50 people on another survey,
// twice) so that JIT compilation and first-use costs do not land in the figures. A last row
// times the store alone: N concurrent answerSurvey() calls on a third survey, no HTTP, no Bolt.
// "> 3 s" counts acks slower than Slack waits: the person sees an error (Bolt answers 404 by
// itself after 3 s; the answer is stored all the same, and counted as a bad ack here).
//
// The people's directory entries (language, role) are cached from the sending, as when the
// clicks come within 5 minutes of it; --cold-directory empties that cache before the burst, as
// for clicks that come later (each then waits for a users.info call before it is stored).
// --cpu-prof profiles the main thread during the app's burst and sums the time by package.
//
// Databases: an embedded PGlite in a temporary directory; then PostgreSQL (bench/lib.ts
// startPostgres): the server at BENCH_DATABASE_URL when set, else a throwaway local cluster when
// the server binaries are installed, else skipped (said so). A fresh database is created on it
// and dropped after.
// The fake Slack Web API (test/helpers/fake-slack.ts) runs in this process, next to the app: the
// app's work after the ack (the thank-you through response_url) is answered by it.

const ENV = { ROLE_MANAGERS: "UMGR", SURVEY_THROTTLE_DAYS: "30" };
const SENDER = "UMGR";
const AIM = 1.5;
/** Slack shows the person an error when the ack takes longer; Bolt answers 404 itself after 3 s. */
const SLACK_ACK_DEADLINE_MS = 3000;

interface Row {
  app: string;
  latencies: number[];
  stored: string;
  errors: string[];
}

interface EngineResult {
  engine: string;
  setup: string[];
  rows: Row[];
  storedOk: boolean;
  checks: string[];
  profile: Array<{ where: string; ms: number; share: number }> | null;
}

function checkAcks(results: ClickResult[]): string[] {
  const errors: string[] = [];
  for (const r of results) {
    if (r.error) errors.push(`request failed: ${r.error}`);
    else if (r.status === 404 && r.body === "")
      errors.push("HTTP 404, empty: Bolt's own answer when ack() was not called within 3 s");
    else if (r.status !== 200) errors.push(`HTTP ${r.status}: ${r.body.slice(0, 120)}`);
    else if (r.body !== "") errors.push(`ack with a body: ${r.body.slice(0, 120)}`);
  }
  return errors;
}

const users = (prefix: string, n: number) =>
  Array.from({ length: n }, (_, i) => `${prefix}${String(i + 1).padStart(5, "0")}`);

async function runEngine(
  engine: string,
  db: Database,
  opts: { clicks: number; warmup: number; coldDirectory: boolean; cpuProfile: string | null },
): Promise<EngineResult> {
  const setup: string[] = [];
  let profile: EngineResult["profile"] = null;
  const checks: string[] = [];
  const migrated = await timed(() => db.migrate());
  setup.push(`migrate ${migrated.ms.toFixed(0)} ms`);

  const fake = await startFakeSlack();
  let h: SlackHarness | null = null;
  let bare: Awaited<ReturnType<typeof startBareApp>> | null = null;
  const client = new LoadClient();
  try {
    h = await startSlackHarness(db, { env: ENV, fake });
    bare = await startBareApp(fake);
    const clickers = users("UB", opts.clicks);
    const warmers = users("UW", opts.warmup);
    fake.setUsergroup("S0BENCH", clickers, { handle: "bench-clickers", name: "Bench clickers" });
    fake.setUsergroup("S0WARM", warmers, { handle: "bench-warmup", name: "Bench warm-up" });

    // The surveys, sent through the real app: the warm-up one (CSAT), then the measured one (NPS).
    const sentWarm = await timed(() =>
      sendSurveyToUsergroup(h as SlackHarness, {
        kind: "csat",
        usergroup: "S0WARM",
        sender: SENDER,
        question: "How satisfied are you with onboarding?",
      }),
    );
    const sentMain = await timed(() =>
      sendSurveyToUsergroup(h as SlackHarness, {
        kind: "nps",
        usergroup: "S0BENCH",
        sender: SENDER,
        question: "How likely are you to recommend us to a friend?",
      }),
    );
    setup.push(
      `sent the warm-up survey to ${warmers.length} in ${sentWarm.ms.toFixed(0)} ms, ` +
        `the measured one to ${clickers.length} in ${sentMain.ms.toFixed(0)} ms (through the app)`,
    );
    const messages = surveyMessagesByUser(fake);
    const messageOf = (u: string) => {
      const m = messages.get(u);
      if (!m) throw new Error(`${u} got no survey DM; the sender was told: ${sentMain.value}`);
      return m;
    };
    const surveyId = surveyIdOf(messageOf(clickers[0] as string));

    const random = prng(20260310);
    const npsScores = clickers.map(() => Math.floor(random() * 11));
    const warmScores = warmers.map(() => 1 + Math.floor(random() * 5));
    const build = (who: string[], scores: number[]): ClickRequest[] => {
      const ts = nowSeconds();
      return who.map((u, i) => clickRequest(fake, messageOf(u), u, scores[i] ?? 0, ts));
    };

    // Warm-up: both apps, the same requests, twice (the app's second round changes answers).
    const warmErrors: string[] = [];
    for (let round = 0; round < 2; round++) {
      const reqs = build(warmers, warmScores);
      warmErrors.push(...checkAcks(await client.burst(bare.port, reqs)));
      warmErrors.push(...checkAcks(await client.burst(h.port, reqs)));
      await fake.waitForQuiet(100, 60_000);
    }
    if (warmErrors.length) checks.push(`warm-up: ${warmErrors.length} bad acks, e.g. ${warmErrors[0]}`);

    // The measured bursts: the same signed requests to the bare app, then to the real one.
    const requests = build(clickers, npsScores);
    const bareResults = await client.burst(bare.port, requests);
    await fake.waitForQuiet(100, 60_000);
    // Clicks that come more than 5 minutes after the survey went out find the directory's cache
    // empty: each one asks Slack's users.info who the person is before it can answer.
    if (opts.coldDirectory) h.app.deps.directory.clear();
    const profiler = opts.cpuProfile ? await startCpuProfile() : null;
    const appResults = await client.burst(h.port, requests);
    const urls = new Set(
      requests.map((r) => {
        const payload = JSON.parse(new URLSearchParams(r.body).get("payload") ?? "{}") as {
          response_url?: string;
        };
        return payload.response_url ?? "";
      }),
    );
    const thankYous = () => fake.responses.filter((r) => urls.has(r.url)).length;
    // The fake is idle until the first thank-you starts, so quiet alone proves nothing: wait for
    // every thank-you (or a minute), then for quiet.
    const quiet = await timed(async () => {
      const until = Date.now() + 60_000;
      while (thankYous() < clickers.length && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
      await fake.waitForQuiet(200, 120_000);
    });
    setup.push(
      `work after the acks (thank-yous) finished ${quiet.ms.toFixed(0)} ms after the last ack arrived`,
    );
    if (profiler && opts.cpuProfile) profile = await profiler.stop(opts.cpuProfile);

    const stored = await db.prisma.surveyResponse.count({ where: { surveyId } });
    const answered = await db.prisma.surveyDelivery.count({ where: { surveyId, status: "answered" } });
    const thanked = thankYous();
    const storedOk = stored === clickers.length;
    checks.push(
      `stored ${stored} of ${clickers.length} answers: ${storedOk ? "OK" : "FAIL"}; ` +
        `${answered} deliveries marked answered; ${thanked} thank-yous through response_url`,
    );

    // The store alone: N concurrent answerSurvey() calls on a third survey (CES), no HTTP.
    const workspace = await h.app.deps.workspaceForTeam(fake.teamId);
    const created = await createSurvey(
      db.prisma,
      {
        id: randomUUID(),
        workspaceId: workspace.id,
        kind: "ces",
        question: "How easy was it to get your issue solved?",
        touchpoint: "support",
        anonymous: false,
        subject: null,
        audience: { channels: [], users: clickers, usergroup: null, mode: "dm" },
        createdBy: SENDER,
      },
      new Date(),
    );
    if (created.status !== "created")
      throw new Error(`could not create the store-only survey: ${created.status}`);
    const stubOutbox: SurveyOutbox = {
      channelMembers: async () => ({ ok: true, value: [] }),
      usergroupMembers: async () => ({ ok: true, value: [] }),
      localeOf: async () => "en",
      post: async (to) => ({
        ok: true,
        value: { channelId: to.kind === "dm" ? `D${to.userId}` : to.channelId, ts: "1700000000.000100" },
      }),
    };
    await deliverSurvey(
      db.prisma,
      created.survey,
      { channels: [], users: clickers, usergroup: null, mode: "dm" },
      stubOutbox,
      { throttleDays: 30, defaultLocale: "en", anonymousSecret: "bench", concurrency: 16 },
      new Date(),
    );
    // Batched as the app batches them (services/micro-batch.ts).
    const store = batchedAnswerStore(db.prisma);
    const storeOnly = await Promise.all(
      clickers.map(async (userId, i) => {
        const started = performance.now();
        const r = await answerSurvey(
          db.prisma,
          {
            survey: created.survey,
            score: 1 + ((npsScores[i] ?? 0) % 7),
            respondent: { kind: "signed", userId },
          },
          new Date(),
          store,
        );
        return { ms: performance.now() - started, ok: r.status === "stored" };
      }),
    );
    const storeOnlyStored = await db.prisma.surveyResponse.count({ where: { surveyId: created.survey.id } });

    return {
      engine,
      setup,
      profile,
      storedOk,
      checks,
      rows: [
        {
          app: "bare Bolt (ack only)",
          latencies: bareResults.map((r) => r.ms),
          stored: "—",
          errors: checkAcks(bareResults),
        },
        {
          app: `RightToGrow (store, then ack${opts.coldDirectory ? "; cold directory" : ""})`,
          latencies: appResults.map((r) => r.ms),
          stored: String(stored),
          errors: checkAcks(appResults),
        },
        {
          app: "answerSurvey() alone (batched), no HTTP",
          latencies: storeOnly.map((r) => r.ms),
          stored: String(storeOnlyStored),
          errors: storeOnly.filter((r) => !r.ok).map(() => "not stored"),
        },
      ],
    };
  } finally {
    await fake.waitForQuiet(100, 30_000).catch(() => {});
    await client.close();
    await bare?.stop().catch(() => {});
    await h?.app.stop().catch(() => {});
    await fake.close();
  }
}

function report(r: EngineResult): { p50: number; p99: number } | null {
  console.log(`\n== ${r.engine}`);
  for (const s of r.setup) note(`  ${s}`);
  const stats = r.rows.map((row) => {
    const sorted = [...row.latencies].sort((a, b) => a - b);
    return {
      row,
      p50: percentile(sorted, 50),
      p99: percentile(sorted, 99),
      max: sorted.at(-1) ?? Number.NaN,
    };
  });
  printTable(
    `${r.rows[0]?.latencies.length ?? 0} concurrent signed survey clicks, latency from send to HTTP response`,
    ["app", "n", "p50 ms", "p99 ms", "max ms", "stored", "> 3 s", "bad acks"],
    stats.map(({ row, p50, p99, max }) => [
      row.app,
      String(row.latencies.length),
      p50.toFixed(1),
      p99.toFixed(1),
      max.toFixed(1),
      row.stored,
      String(row.latencies.filter((ms) => ms > SLACK_ACK_DEADLINE_MS).length),
      String(row.errors.length),
    ]),
  );
  for (const { row } of stats) if (row.errors.length) console.log(`  ${row.app}: e.g. ${row.errors[0]}`);
  for (const c of r.checks) console.log(c);
  const [bare, app] = stats;
  if (!bare || !app) return null;
  const p99Ratio = app.p99 / bare.p99;
  const p50Ratio = app.p50 / bare.p50;
  console.log(
    `p99 ratio (RightToGrow / bare): ${fmtRatio(p99Ratio)}  ` +
      `(aim ≤ ${fmtRatio(AIM)}: ${p99Ratio <= AIM ? "met" : "NOT met"})`,
  );
  console.log(`p50 ratio (RightToGrow / bare): ${fmtRatio(p50Ratio)}`);
  if (r.profile) {
    printTable(
      "CPU of the main thread (app, fake Slack, PGlite) from the burst until quiet (profiled: slower)",
      ["where", "ms", "share"],
      r.profile
        .filter((p) => p.share >= 0.005)
        .map((p) => [p.where, p.ms.toFixed(0), `${(p.share * 100).toFixed(1)}%`]),
    );
  }
  return { p50: p50Ratio, p99: p99Ratio };
}

async function main(): Promise<void> {
  const args = readArgs();
  const clicks = intArg(args, "clicks", 500);
  const warmup = intArg(args, "warmup", 50);
  const only = args.get("only");
  if (only && only !== "pglite" && only !== "postgres") {
    console.error(`--only takes pglite or postgres, got "${only}"`);
    process.exit(2);
  }
  const keep = args.has("keep");
  const coldDirectory = args.has("cold-directory");
  const profileDir = args.has("cpu-prof") ? await worldReadableTempDir("rtg-bench-ack-prof-") : null;
  const cpuProfile = (engine: string) => (profileDir ? join(profileDir, `ack-${engine}.cpuprofile`) : null);
  let failed = false;

  if (only !== "postgres") {
    const dataDir = join(await worldReadableTempDir("rtg-bench-ack-"), "pglite");
    const db = await openDatabase({ kind: "pglite", dataDir });
    try {
      const r = await runEngine(`embedded PGlite (${dataDir})`, db, {
        clicks,
        warmup,
        coldDirectory,
        cpuProfile: cpuProfile("pglite"),
      });
      report(r);
      failed ||= !r.storedOk;
    } finally {
      await db.close();
      if (keep) note(`kept ${dataDir}`);
      else await rm(join(dataDir, ".."), { recursive: true, force: true });
    }
  }

  if (only !== "pglite") {
    const server = await startPostgres();
    if ("skipped" in server) {
      console.log(`\n== ${server.skipped}`);
    } else {
      const name = `rtg_bench_ack_${randomBytes(4).toString("hex")}`;
      try {
        const db = fromPostgresUrl(await createDatabase(server.url, name));
        try {
          const r = await runEngine(`PostgreSQL: ${server.description}`, db, {
            clicks,
            warmup,
            coldDirectory,
            cpuProfile: cpuProfile("postgres"),
          });
          report(r);
          failed ||= !r.storedOk;
        } finally {
          await db.close();
        }
      } finally {
        if (keep) note(`kept database ${name} (a throwaway cluster is stopped and removed all the same)`);
        else await dropDatabase(server.url, name);
        await server.stop();
      }
    }
  }
  if (profileDir) note(`CPU profiles (open in Chrome DevTools or speedscope): ${profileDir}`);
  if (failed) process.exitCode = 1;
}

await main();
