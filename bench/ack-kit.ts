import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Worker } from "node:worker_threads";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { SURVEY, SURVEY_BLOCK, SURVEY_INPUT } from "../src/slack/features/surveys/ids.js";
import { LOOKUP } from "../src/slack/kit/ids.js";
import type { FakeSlack, RecordedCall } from "../test/helpers/fake-slack.js";
import { SIGNING_SECRET, type SlackHarness } from "../test/helpers/slack-app.js";
import { blockAction, field, sign, stateValues } from "../test/helpers/slack-requests.js";
import { type BurstJob, type ClickRequest, type ClickResult, WORKER_SOURCE } from "./ack-client.js";

// Pieces of bench/ack.ts: sending a survey through the real app (the `/cx survey` modal, as a
// manager would), the signed block_actions requests Slack sends when people click its buttons,
// a bare Bolt app that only acknowledges, and the load generator (a worker thread).

export type { ClickRequest, ClickResult } from "./ack-client.js";

const isSurveyMessage = (c: RecordedCall) =>
  JSON.stringify(c.args.blocks ?? []).includes(SURVEY.answerPrefix);

/**
 * `/cx survey <kind>` as `sender`, then the modal submitted with a user group as the audience
 * (every member gets a DM). Resolves once the sender got the delivery report.
 */
export async function sendSurveyToUsergroup(
  h: SlackHarness,
  opts: { kind: "nps" | "csat" | "ces"; usergroup: string; sender: string; question: string },
): Promise<string> {
  const opened = h.fake.callsTo("views.open").length;
  const res = await h.slack.command({ command: "/cx", text: `survey ${opts.kind}`, user_id: opts.sender });
  if (res.status !== 200) throw new Error(`/cx survey answered ${res.status}: ${res.body}`);
  const call = await h.fake.waitFor("views.open", (c) => h.fake.callsTo("views.open").indexOf(c) >= opened);
  const view = call.args.view as { private_metadata: string };

  const reportsBefore = reportsTo(h.fake, opts.sender).length;
  const submitted = await h.slack.viewSubmission({
    callbackId: SURVEY.sendModal,
    userId: opts.sender,
    privateMetadata: view.private_metadata,
    values: stateValues({
      [SURVEY_BLOCK.channels]: { [SURVEY_INPUT.channels]: field.conversations([]) },
      [SURVEY_BLOCK.mode]: { [SURVEY_INPUT.mode]: field.radio("dm") },
      [SURVEY_BLOCK.users]: { [SURVEY_INPUT.users]: field.users([]) },
      [SURVEY_BLOCK.usergroup]: { [SURVEY_INPUT.usergroup]: field.select(opts.usergroup) },
      [SURVEY_BLOCK.touchpoint]: { [SURVEY_INPUT.touchpoint]: field.select("relationship") },
      [SURVEY_BLOCK.subject]: { [LOOKUP.subject]: field.externalSelect(null) },
      [SURVEY_BLOCK.anonymous]: { [SURVEY_INPUT.anonymous]: field.checkboxes([]) },
      [SURVEY_BLOCK.question]: { [SURVEY_INPUT.question]: field.text(opts.question) },
    }),
  });
  if (submitted.status !== 200 || submitted.body !== "") {
    throw new Error(`the send modal answered ${submitted.status}: ${submitted.body}`);
  }
  const report = await h.fake.waitFor(
    "chat.postMessage",
    () => reportsTo(h.fake, opts.sender).length > reportsBefore,
    120_000,
  );
  await h.fake.waitForQuiet(50, 60_000);
  return String(reportsTo(h.fake, opts.sender).at(-1)?.args.text ?? report.args.text);
}

const reportsTo = (fake: FakeSlack, sender: string) =>
  fake.callsTo("chat.postMessage").filter((c) => c.args.channel === sender && !c.args.blocks);

/** The survey DM each person got, by person (the last one when there are several). */
export function surveyMessagesByUser(fake: FakeSlack): Map<string, RecordedCall> {
  const out = new Map<string, RecordedCall>();
  for (const c of fake.callsTo("chat.postMessage"))
    if (isSurveyMessage(c)) out.set(String(c.args.channel), c);
  return out;
}

/** The survey id carried by the buttons of a survey message. */
export function surveyIdOf(message: RecordedCall): string {
  const value = buttonValue(message, `${SURVEY.answerPrefix}1`);
  return (JSON.parse(value) as { s: string }).s;
}

function buttonValue(message: RecordedCall, actionId: string): string {
  const blocks = message.args.blocks as Array<{ elements?: Array<Record<string, unknown>> }>;
  for (const b of blocks) {
    const el = b.elements?.find((e) => e.action_id === actionId);
    if (el) return String(el.value);
  }
  throw new Error(`no button ${actionId} in the survey message`);
}

/**
 * The request Slack sends when `userId` clicks `score` in the DM they got: a block_actions
 * payload with the whole message (blocks included), a response_url, form-encoded and signed.
 */
export function clickRequest(
  fake: FakeSlack,
  message: RecordedCall,
  userId: string,
  score: number,
  timestamp: number,
): ClickRequest {
  const actionId = `${SURVEY.answerPrefix}${score}`;
  const payload = blockAction({
    actionId,
    blockId: score <= 5 ? SURVEY_BLOCK.scoresLow : SURVEY_BLOCK.scoresHigh,
    userId,
    value: buttonValue(message, actionId),
    channel: `D${userId}`,
    message: {
      ts: String(message.args.ts ?? "1700000000.000100"),
      text: String(message.args.text ?? ""),
      blocks: message.args.blocks as unknown[],
      user: fake.botUserId,
      bot_id: fake.botId,
      app_id: fake.appId,
    },
    responseUrl: fake.responseUrl(),
  });
  const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
  return {
    body,
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "user-agent": "Slackbot 1.0 (+https://api.slack.com/robots)",
      ...sign(SIGNING_SECRET, body, timestamp),
    },
  };
}

/** A Bolt app that acknowledges every action and does nothing else: the floor. */
export async function startBareApp(fake: FakeSlack): Promise<{ port: number; stop: () => Promise<void> }> {
  const receiver = new HTTPReceiver({
    signingSecret: SIGNING_SECRET,
    endpoints: "/slack/events",
    logLevel: LogLevel.ERROR,
  });
  const app = new App({
    receiver,
    token: "xoxb-fake",
    clientOptions: { slackApiUrl: fake.url },
    logLevel: LogLevel.ERROR,
    deferInitialization: true,
  });
  app.action(/.*/, async ({ ack }) => {
    await ack();
  });
  await app.init();
  const server = (await app.start({ port: 0, host: "127.0.0.1" })) as Server;
  return { port: (server.address() as AddressInfo).port, stop: () => app.stop() as Promise<void> };
}

/** The load generator: one worker thread, one burst at a time. */
export class LoadClient {
  private readonly worker = new Worker(WORKER_SOURCE, { eval: true });

  burst(port: number, requests: ClickRequest[]): Promise<ClickResult[]> {
    const job: BurstJob = { port, path: "/slack/events", requests };
    return new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      this.worker.once("error", onError);
      this.worker.once("message", (results: ClickResult[]) => {
        this.worker.off("error", onError);
        resolve(results);
      });
      this.worker.postMessage(job);
    });
  }

  close(): Promise<number> {
    return this.worker.terminate();
  }
}

/** Nearest-rank percentile. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? Number.NaN;
}
