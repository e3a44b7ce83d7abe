import { setTimeout as sleep } from "node:timers/promises";
import { SURVEY, SURVEY_BLOCK } from "../../src/slack/features/surveys/ids.js";
import { commonTexts } from "../../src/slack/kit/common-texts.js";
import { buttonValue, surveysTo } from "../e2e/slack/surveys-kit.js";
import type { SlackHarness } from "../helpers/slack-app.js";
import { blockAction } from "../helpers/slack-requests.js";

// Clients that behave like real ones while the database goes away: an API client that sends each
// item until it gets an answer, retrying connection errors and 5xx with the same idempotency key,
// and people clicking a survey answer, whose request Slack resends (same payload,
// x-slack-retry-num) when the app does not answer 200, and who click again when told the answer
// was not saved.

/** Give up on one item after this many tries: far more than an outage of a few seconds needs. */
const MAX_TRIES = 200;
const backoff = (attempt: number) => sleep(Math.min(20 * 2 ** attempt, 400));

export interface Tally {
  /** Keys the system answered 2xx for (an answer the client may rely on). */
  accepted: Set<string>;
  /** Answers other than 2xx (5xx, connection errors, "not saved"), all retried. */
  refusedThenRetried: number;
  /** Those answers by kind: "503", "500", "connection", "not saved". */
  refusals: Map<string, number>;
  /** Keys the client gave up on, with the last answer; a test failure. */
  abandoned: Map<string, string>;
}

export const newTally = (): Tally => ({
  accepted: new Set(),
  refusedThenRetried: 0,
  refusals: new Map(),
  abandoned: new Map(),
});

function refused(tally: Tally, kind: string): void {
  tally.refusedThenRetried++;
  tally.refusals.set(kind, (tally.refusals.get(kind) ?? 0) + 1);
}

export interface ApiTarget {
  baseUrl: string;
  secret: string;
}

/** A movement for its own customer: every item is valid on its own, in any order. */
export const apiMovement = (key: string) => ({
  id: key,
  occurred_at: "2026-03-02T10:00:00Z",
  customer_id: `cust-${key}`,
  customer_name: `Customer ${key}`,
  segment: "SMB",
  type: "gained",
  value: 1000,
  reason: "referral",
});

/** Sends one item until a 2xx (accepted) or a 4xx (refused: a test failure). */
export async function sendApiItem(target: ApiTarget, key: string, tally: Tally): Promise<void> {
  let last = "";
  for (let attempt = 0; attempt < MAX_TRIES; attempt++) {
    let kind = "connection";
    let retryAfter = 0;
    try {
      const res = await fetch(`${target.baseUrl}/api/v1/movements`, {
        method: "POST",
        headers: { "content-type": "application/json", authorization: `Bearer ${target.secret}` },
        body: JSON.stringify(apiMovement(key)),
      });
      last = `${res.status} ${await res.text()}`;
      if (res.status >= 200 && res.status < 300) {
        tally.accepted.add(key);
        return;
      }
      if (res.status < 500 && res.status !== 429) break;
      kind = String(res.status);
      retryAfter = Number(res.headers.get("retry-after") ?? 0);
    } catch (error) {
      last = `connection: ${error instanceof Error ? error.message : String(error)}`;
    }
    refused(tally, kind);
    // As a well-behaved client: the server's Retry-After when it gives one, else a backoff.
    if (retryAfter > 0) await sleep(retryAfter * 1000);
    else await backoff(attempt);
  }
  tally.abandoned.set(key, last);
}

const NOT_SAVED = commonTexts.en.notSaved;

/**
 * One person answers a survey DM: clicks, Slack resends the same request until the app answers
 * 200, and the person clicks again if the answer they were shown says it was not saved.
 * Accepted once the message shows their answer.
 */
export async function clickUntilSaved(
  h: SlackHarness,
  userId: string,
  score: number,
  tally: Tally,
): Promise<void> {
  const [dm] = surveysTo(h, userId);
  if (!dm) throw new Error(`${userId} got no survey`);
  const actionId = `${SURVEY.answerPrefix}${score}`;
  let last = "";
  for (let click = 0; click < MAX_TRIES; click++) {
    const responseUrl = h.fake.responseUrl();
    const payload = blockAction({
      actionId,
      blockId: SURVEY_BLOCK.scoresLow,
      userId,
      value: buttonValue(dm, actionId),
      channel: `D${userId}`,
      message: { ts: "1700000000.000100" },
      responseUrl,
    });
    let acked = false;
    for (let retry = 0; retry < MAX_TRIES && !acked; retry++) {
      try {
        const res = await h.slack.action(
          payload,
          retry > 0
            ? { headers: { "x-slack-retry-num": String(retry), "x-slack-retry-reason": "http_error" } }
            : {},
        );
        acked = res.status === 200;
        last = `${res.status} ${res.body}`;
      } catch (error) {
        last = `connection: ${error instanceof Error ? error.message : String(error)}`;
      }
      if (!acked) {
        refused(tally, last.startsWith("connection") ? "connection" : last.slice(0, 3));
        await backoff(retry);
      }
    }
    if (!acked) break;
    // What the person sees after the ack: their answer, or "not saved".
    const shown = await h.fake.waitForResponse((r) => r.url === responseUrl, 30_000);
    const text = JSON.stringify(shown.body);
    if (text.includes(`Your answer: *${score}*`)) {
      tally.accepted.add(userId);
      return;
    }
    last = text.slice(0, 200);
    if (!text.includes(NOT_SAVED.slice(0, 30))) break;
    refused(tally, "not saved");
    await backoff(click);
  }
  tally.abandoned.set(userId, last);
}
