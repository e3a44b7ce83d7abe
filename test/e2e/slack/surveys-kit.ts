import { expect } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { SURVEY, SURVEY_BLOCK, SURVEY_INPUT } from "../../../src/slack/features/surveys/ids.js";
import { LOOKUP } from "../../../src/slack/kit/ids.js";
import type { RecordedCall } from "../../helpers/fake-slack.js";
import type { SlackHarness } from "../../helpers/slack-app.js";
import { field, stateValues } from "../../helpers/slack-requests.js";

// Shared steps of the survey end-to-end tests: send a survey through the real modal, find the
// message a person received, click a score on it.

type Block = {
  type: string;
  block_id?: string;
  elements?: Array<Record<string, unknown>>;
  text?: { text: string };
};

export interface SendOptions {
  kind?: "nps" | "csat" | "ces";
  channels?: string[];
  users?: string[];
  usergroup?: string | null;
  mode?: "channel" | "dm";
  touchpoint?: string;
  subject?: string | null;
  anonymous?: boolean;
  question?: string;
  sender?: string;
}

export function sendValues(o: SendOptions) {
  return stateValues({
    [SURVEY_BLOCK.channels]: { [SURVEY_INPUT.channels]: field.conversations(o.channels ?? []) },
    [SURVEY_BLOCK.mode]: { [SURVEY_INPUT.mode]: field.radio(o.mode ?? "channel") },
    [SURVEY_BLOCK.users]: { [SURVEY_INPUT.users]: field.users(o.users ?? []) },
    ...(o.usergroup
      ? { [SURVEY_BLOCK.usergroup]: { [SURVEY_INPUT.usergroup]: field.select(o.usergroup) } }
      : {}),
    [SURVEY_BLOCK.touchpoint]: { [SURVEY_INPUT.touchpoint]: field.select(o.touchpoint ?? "relationship") },
    [SURVEY_BLOCK.subject]: { [LOOKUP.subject]: field.externalSelect(o.subject ?? null) },
    [SURVEY_BLOCK.anonymous]: {
      [SURVEY_INPUT.anonymous]: field.checkboxes(o.anonymous ? ["anonymous"] : []),
    },
    [SURVEY_BLOCK.question]: {
      [SURVEY_INPUT.question]: field.text(o.question ?? "How likely are you to recommend us?"),
    },
  });
}

/** `/cx survey <kind>`, then the modal it opened. */
export async function openSendModal(h: SlackHarness, kind: string, sender = "UMGR") {
  const before = h.fake.callsTo("views.open").length;
  const res = await h.slack.command({ command: "/cx", text: `survey ${kind}`, user_id: sender });
  expect(res.status).toBe(200);
  await h.fake.waitFor("views.open", (c) => h.fake.callsTo("views.open").indexOf(c) >= before);
  const call = h.fake.callsTo("views.open")[before] as RecordedCall;
  return call.args.view as {
    callback_id: string;
    private_metadata: string;
    title: { text: string };
    blocks: Block[];
  };
}

/** Sends a survey through the modal; resolves with the report the sender got. */
export async function sendSurvey(h: SlackHarness, o: SendOptions): Promise<string> {
  const sender = o.sender ?? "UMGR";
  const view = await openSendModal(h, o.kind ?? "nps", sender);
  const reportsBefore = reportsTo(h, sender).length;
  const res = await h.slack.viewSubmission({
    callbackId: SURVEY.sendModal,
    userId: sender,
    privateMetadata: view.private_metadata,
    values: sendValues(o),
  });
  expect(res.status).toBe(200);
  expect(res.body).toBe("");
  await h.fake.waitFor("chat.postMessage", () => reportsTo(h, sender).length > reportsBefore);
  await h.fake.waitForQuiet();
  return String(reportsTo(h, sender).at(-1)?.args.text);
}

const isSurveyMessage = (c: RecordedCall) =>
  JSON.stringify(c.args.blocks ?? []).includes(SURVEY.answerPrefix);

export const reportsTo = (h: SlackHarness, sender: string) =>
  h.fake
    .callsTo("chat.postMessage")
    .filter((c) => c.args.channel === sender && !isSurveyMessage(c) && !c.args.blocks);

/** Survey messages posted to a channel or a person (a user id: their DM). */
export const surveysTo = (h: SlackHarness, channel: string) =>
  h.fake.callsTo("chat.postMessage").filter((c) => c.args.channel === channel && isSurveyMessage(c));

export const blocksOf = (call: RecordedCall | { body: Record<string, unknown> }) =>
  ("args" in call ? call.args.blocks : call.body.blocks) as Block[];

export function buttonValue(call: RecordedCall, actionId: string): string {
  for (const b of blocksOf(call)) {
    const el = b.elements?.find((e) => e.action_id === actionId);
    if (el) return String(el.value);
  }
  throw new Error(`no button ${actionId} in ${JSON.stringify(call.args.blocks)}`);
}

/** Clicks score `score` on a survey message as `userId`. */
export function clickScore(h: SlackHarness, message: RecordedCall, userId: string, score: number) {
  const actionId = `${SURVEY.answerPrefix}${score}`;
  return h.slack.blockAction({
    actionId,
    blockId: SURVEY_BLOCK.scoresLow,
    userId,
    value: buttonValue(message, actionId),
    channel: String(message.args.channel).startsWith("U")
      ? `D${message.args.channel}`
      : String(message.args.channel),
    message: { ts: "1700000000.000100" },
  });
}

export async function workspaceId(h: SlackHarness): Promise<string> {
  const ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
    reportingCurrency: "EUR",
    defaultLocale: "en",
    timezone: "UTC",
  });
  return ws.id;
}

/** A customer (and its segment) the surveys can be about. */
export async function makeCustomer(h: SlackHarness, opts: { owner?: string | null; name?: string } = {}) {
  const wsId = await workspaceId(h);
  const segment = await h.db.prisma.segment.upsert({
    where: { workspaceId_key: { workspaceId: wsId, key: "smb" } },
    create: { workspaceId: wsId, key: "smb", name: "SMB" },
    update: {},
  });
  const customer = await h.db.prisma.customer.create({
    data: {
      workspaceId: wsId,
      externalId: `c-${Math.random().toString(36).slice(2)}`,
      name: opts.name ?? "Acme Tools",
      segmentId: segment.id,
      ownerSlackUserId: opts.owner === undefined ? "UOWN" : opts.owner,
    },
  });
  return { customer, segment };
}

export const responses = (h: SlackHarness) =>
  h.db.prisma.surveyResponse.findMany({ orderBy: { createdAt: "asc" } });
