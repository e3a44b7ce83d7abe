import { join } from "node:path";
import { WebClient } from "@slack/web-api";
import { importCsv } from "../../src/services/import-csv.js";
import { runDueDigests } from "../../src/services/run-due-digests.js";
import { createPostDigest } from "../../src/slack/digest-poster.js";
import { SURVEY, SURVEY_BLOCK } from "../../src/slack/features/surveys/ids.js";
import { buttonValue, makeCustomer, sendSurvey, surveysTo, workspaceId } from "../e2e/slack/surveys-kit.js";
import { openPglite } from "../helpers/db.js";
import { FAST_RETRIES, type RawResponse, type RecordedCall } from "../helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../helpers/slack-app.js";
import { root } from "./child-process.js";
import type { FaultRow } from "./fault-report.js";

// Slack's Web API answering 429 (with Retry-After) and 5xx while the app sends a survey, posts
// the alerts its detractors raise and posts a digest: every message out once.
//
// Faults are decided per message, not per call, so they never depend on how concurrent posts
// interleave: the first attempt at every third distinct message fails (429, 500, 503 in turn),
// within what the client's own retries absorb; and the digest's 2nd thread reply fails more
// often than the client retries, so the scheduler's next run has to finish the thread.

const PEOPLE = 24;
const DIGEST_CHANNEL = "C0DIGEST";
const MINUTE = 60_000;
// Monday 30 March 2026, 09:00 in Madrid is 07:00Z; 60 minutes of lead: due 06:00Z.
const DUE = new Date("2026-03-30T06:00:00Z");

const FAULTS: RawResponse[] = [
  { status: 429, headers: { "retry-after": "0" }, body: { ok: false, error: "ratelimited" } },
  { status: 500, body: "fake-slack: injected 500" },
  { status: 503, body: "fake-slack: injected 503" },
];

const isFault = (c: RecordedCall) => c.status === 429 || (c.status ?? 0) >= 500;
const ok = (c: RecordedCall) => c.status === 200;
const messageKey = (args: Record<string, unknown>) =>
  `${String(args.channel)}|${String(args.thread_ts ?? "")}|${JSON.stringify(args.blocks ?? args.text ?? "")}`;

/** Fails the first attempt at every third distinct message, and the digest's 2nd reply `burst` times. */
function injectFaults(h: SlackHarness, burst: number) {
  const seen = new Map<string, number>();
  let digestReplies = 0;
  let burstKey: string | undefined;
  h.fake.on("chat.postMessage", (args) => {
    const key = messageKey(args);
    if (args.channel === DIGEST_CHANNEL && args.thread_ts !== undefined) {
      if (!seen.has(key)) digestReplies += 1;
      if (digestReplies === 2 && !seen.has(key)) burstKey = key;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (key === burstKey && (seen.get(key) ?? 0) <= burst) return FAULTS[1];
      return undefined;
    }
    const attempts = (seen.get(key) ?? 0) + 1;
    seen.set(key, attempts);
    const index = [...seen.keys()].indexOf(key);
    return attempts === 1 && index % 3 === 1 ? FAULTS[index % FAULTS.length] : undefined;
  });
  // Rate limited once with a real wait, as Slack does for modals opened too fast.
  h.fake.failNext("views.open", { kind: "rate_limited", retryAfter: 1 });
  h.fake.failNext("files.getUploadURLExternal", { kind: "server_error", status: 500 });
  h.fake.failNext("files.completeUploadExternal", { kind: "server_error", status: 503 });
}

export interface SlackErrorsOutcome {
  row: FaultRow;
  faults: number;
  perRecipient: Map<string, number>;
  /** Thank-yous each person's click got. */
  thanks: number[];
  alertsRaised: number;
  alertsPosted: number;
  alertsWithMessage: number;
  digest: {
    mains: number;
    replies: string[];
    charts: number;
    reference: string[];
    status: string;
    attempts: number;
  };
  modals: number;
}

export async function slackErrorsDuringWork(): Promise<SlackErrorsOutcome> {
  const now = new Date("2026-03-10T10:00:00Z");
  const h = await startSlackHarness(await openPglite(), {
    env: { ROLE_MANAGERS: "UMGR", SURVEY_THROTTLE_DAYS: "30", LOG_LEVEL: "error" },
    clock: () => now,
  });
  try {
    // A digest's worth of ledger, and a meeting whose digest falls due on 30 March.
    const ws = await workspaceId(h);
    const opts = {
      workspaceId: ws,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    await importCsv(h.db, "movements", join(root, "test/fixtures/movements.csv"), opts);
    await importCsv(h.db, "responses", join(root, "test/fixtures/responses.csv"), opts);
    await h.db.prisma.meeting.create({
      data: {
        workspaceId: ws,
        name: "Leadership",
        channelId: DIGEST_CHANNEL,
        schedule: "0 9 * * 1",
        timezone: "Europe/Madrid",
        leadMinutes: 60,
        periodDays: 28,
        createdAt: new Date("2026-03-24T00:00:00Z"),
      },
    });
    const { customer } = await makeCustomer(h, { owner: "UOWN" });
    injectFaults(h, FAST_RETRIES.retries + 1);

    // A survey about the customer to everyone; each answers, detractors (0–6) raise alerts.
    const people = Array.from({ length: PEOPLE }, (_, i) => `US${i}`);
    await sendSurvey(h, { users: people, subject: `customer:${customer.id}` });
    const responseUrls = new Map<string, string>();
    const answered = await Promise.all(
      people.map((p, i) => {
        const [dm] = surveysTo(h, p).filter(ok);
        if (!dm) throw new Error(`${p} got no survey`);
        const url = h.fake.responseUrl();
        responseUrls.set(p, url);
        const actionId = `${SURVEY.answerPrefix}${i % 11}`;
        return h.slack.blockAction({
          actionId,
          blockId: SURVEY_BLOCK.scoresLow,
          userId: p,
          value: buttonValue(dm, actionId),
          channel: `D${p}`,
          message: { ts: "1700000000.000100" },
          responseUrl: url,
        });
      }),
    );
    if (answered.some((r) => r.status !== 200)) throw new Error("a survey click was not acknowledged");
    await h.fake.waitForQuiet(300);

    // The scheduler's ticks: the first breaks on the 2nd reply, a later one finishes the thread.
    const client = new WebClient("xoxb-fake", { slackApiUrl: h.fake.url, retryConfig: FAST_RETRIES });
    const post = createPostDigest({ db: h.db, client });
    let at = new Date(DUE.getTime() + MINUTE);
    for (let tick = 0; tick < 5; tick++) {
      const summary = await runDueDigests({ db: h.db.prisma, now: at, instanceId: "app-1", post });
      if (summary.posted === 1) break;
      at = new Date(at.getTime() + 2 * MINUTE);
    }
    await h.fake.waitForQuiet(200);

    const calls = [...h.fake.calls];
    const faults = calls.filter(isFault).length;
    const perRecipient = new Map(people.map((p) => [p, surveysTo(h, p).filter(ok).length]));
    const alertBlocks = (c: RecordedCall) =>
      JSON.stringify(c.args.blocks ?? []).includes(SURVEY.alertActioned);
    const alertsPosted = calls.filter(
      (c) => c.method === "chat.postMessage" && ok(c) && alertBlocks(c),
    ).length;
    const alerts = await h.db.prisma.alert.findMany({ select: { messageTs: true } });
    const run = await h.db.prisma.digestRun.findFirstOrThrow();
    const digestPosts = calls.filter(
      (c) => c.method === "chat.postMessage" && ok(c) && c.args.channel === DIGEST_CHANNEL,
    );
    const mains = digestPosts.filter((c) => c.args.thread_ts === undefined).length;
    const replies = digestPosts
      .filter((c) => c.args.thread_ts === run.messageTs)
      .map((c) => JSON.stringify(c.args.blocks));
    const charts = calls.filter((c) => c.method === "files.completeUploadExternal" && ok(c)).length;
    const modals = calls.filter((c) => c.method === "views.open" && ok(c)).length;
    // Thank-yous go through each click's response_url (not the Web API), while the alerts fail.
    const thanks = people.map(
      (p, i) =>
        h.fake.responses.filter(
          (r) =>
            r.body.replace_original === true &&
            JSON.stringify(r.body).includes(`Your answer: *${i % 11}*`) &&
            r.url === responseUrls.get(p),
        ).length,
    );

    // The reference thread: the same occurrence posted again, undisturbed.
    h.fake.reset();
    await h.db.prisma.digestRun.deleteMany();
    await runDueDigests({
      db: h.db.prisma,
      now: new Date(DUE.getTime() + MINUTE),
      instanceId: "reference",
      post,
    });
    const reference = h.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === DIGEST_CHANNEL && c.args.thread_ts !== undefined)
      .map((c) => JSON.stringify(c.args.blocks));

    // Messages the app had to get out: a survey and a thank-you each, an alert per alert raised,
    // the send modal, the digest (main, replies, chart).
    const expected = PEOPLE + PEOPLE + alerts.length + 1 + 1 + reference.length + 1;
    const surveysOut = [...perRecipient.values()];
    const distinctReplies = new Set(replies);
    const delivered =
      surveysOut.filter((n) => n > 0).length +
      thanks.filter((n) => n > 0).length +
      Math.min(alertsPosted, alerts.length) +
      Math.min(modals, 1) +
      Math.min(mains, 1) +
      reference.filter((r) => distinctReplies.has(r)).length +
      Math.min(charts, 1);
    const sum = (ns: number[]) => ns.reduce((a, b) => a + b, 0);
    const sent = sum(surveysOut) + sum(thanks) + alertsPosted + modals + mains + replies.length + charts;
    return {
      row: {
        fault: "Slack API returning 429 / 5xx",
        faultsInjected: faults,
        accepted: expected,
        stored: delivered,
        duplicates: sent - delivered,
        losses: expected - delivered,
        detail:
          `a survey to ${PEOPLE} people (chat.postMessage), a thank-you for each answer (response_url), the ${alerts.length} detractor alerts, the send modal (views.open, ` +
          `429 with Retry-After: 1) and a digest (main, ${reference.length} replies, chart via files.uploadV2); the first attempt at every ` +
          `third message answered 429 (Retry-After: 0), 500 or 503, and the digest's 2nd reply failed ${FAST_RETRIES.retries + 1} times ` +
          "(more than the client retries), finished by the scheduler's next run; faults counted from the fake Slack's records.",
      },
      faults,
      perRecipient,
      thanks,
      alertsRaised: alerts.length,
      alertsPosted,
      alertsWithMessage: alerts.filter((a) => a.messageTs).length,
      digest: { mains, replies, charts, reference, status: run.status, attempts: run.attempts },
      modals,
    };
  } finally {
    await h.stop();
    await h.db.close();
  }
}
