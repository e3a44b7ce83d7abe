import { createHash, randomUUID } from "node:crypto";
import type { DbClient, PrismaClient } from "../data/client.js";
import {
  type SlackAnswer,
  type StoredSlackAnswer,
  setAnswerComment,
  storeSlackAnswers,
} from "../data/surveys.js";
import { anonymousResponseKey, signedResponseKey } from "../domain/anonymous-token.js";
import { raisesAlert } from "../domain/closing-the-loop.js";
import { isValidScore } from "../domain/scores.js";
import type { SurveyRecord } from "../domain/survey-record.js";
import { type MicroBatchOptions, microBatch } from "./micro-batch.js";

// One click answers a survey; a second click changes that answer. An anonymous answer is keyed
// by its delivery's nonce and stores no identity; a signed one is keyed by survey and person.

export type Respondent = { kind: "signed"; userId: string } | { kind: "anonymous"; nonce: string };

export function answerKey(survey: { id: string }, respondent: Respondent): string {
  return respondent.kind === "signed"
    ? signedResponseKey(survey.id, respondent.userId)
    : anonymousResponseKey(respondent.nonce);
}

export type AnswerResult =
  | { status: "stored"; responseId: string; firstAnswer: boolean; alertId: string | null }
  | { status: "invalid" };

/** Stores one answer (with its alert and delivery change) and says what was stored. */
export type AnswerStore = (answer: SlackAnswer) => Promise<StoredSlackAnswer>;

/** One statement per answer: for the CLI, tests and anything that is not a burst of clicks. */
export function directAnswerStore(db: DbClient): AnswerStore {
  return async (answer) => {
    const [stored] = await storeSlackAnswers(db, [answer]);
    if (!stored) throw new Error("storing a survey answer returned no row");
    return stored;
  };
}

/**
 * Answers arriving together are stored in one statement (see micro-batch.ts). Still atomic per
 * answer: a click is acknowledged only once the statement holding it has committed.
 */
export function batchedAnswerStore(
  db: DbClient,
  options: {
    maxSize?: number;
    maxInFlight?: number;
    metrics?: MicroBatchOptions<SlackAnswer>["metrics"];
  } = {},
) {
  const keyOf = (a: SlackAnswer) => `${a.workspaceId}\u0000${a.idempotencyKey}`;
  return microBatch<SlackAnswer, StoredSlackAnswer>(
    async (answers) => {
      const rows = await storeSlackAnswers(db, answers);
      const byKey = new Map(rows.map((r) => [`${r.workspaceId}\u0000${r.idempotencyKey}`, r]));
      return answers.map((a) => {
        const row = byKey.get(keyOf(a));
        if (!row) throw new Error(`survey answer ${a.idempotencyKey} was not returned`);
        return row;
      });
    },
    { key: keyOf, name: "survey_answers", ...options },
  ) satisfies AnswerStore;
}

export async function answerSurvey(
  db: PrismaClient,
  input: { survey: SurveyRecord; score: number; respondent: Respondent },
  now: Date,
  store: AnswerStore = directAnswerStore(db),
): Promise<AnswerResult> {
  const { survey, score, respondent } = input;
  // Anonymous surveys only take anonymous answers, and signed surveys only signed ones.
  if (!isValidScore(survey.kind, score) || survey.anonymous !== (respondent.kind === "anonymous")) {
    return { status: "invalid" };
  }
  // The answer and its alert are stored in the same statement: an acknowledged detractor is
  // never left without the alert that closes the loop.
  const alerting = survey.customerId !== null && raisesAlert(survey.kind, score);
  const stored = await store({
    id: randomUUID(),
    workspaceId: survey.workspaceId,
    surveyId: survey.id,
    kind: survey.kind,
    score,
    customerId: survey.customerId,
    segmentId: survey.segmentId,
    respondentSlackId: respondent.kind === "signed" ? respondent.userId : null,
    touchpoint: survey.touchpoint,
    respondedAt: now,
    idempotencyKey: answerKey(survey, respondent),
    contentHash: createHash("sha256").update(`${survey.id}:${survey.kind}:${score}`).digest("hex"),
    alertId: alerting ? randomUUID() : null,
  });
  return { status: "stored", responseId: stored.id, firstAnswer: stored.inserted, alertId: stored.alertId };
}

export const MAX_COMMENT_LENGTH = 3000;

/** Adds the "why" to an answer already given; null when there is no such answer. */
export async function commentOnAnswer(
  db: PrismaClient,
  input: { survey: SurveyRecord; respondent: Respondent; comment: string },
  now: Date,
): Promise<{ responseId: string; score: number } | null> {
  const { survey, respondent } = input;
  if (survey.anonymous !== (respondent.kind === "anonymous")) return null;
  const comment = input.comment.trim().slice(0, MAX_COMMENT_LENGTH);
  const stored = await setAnswerComment(db, survey.workspaceId, answerKey(survey, respondent), comment, now);
  return stored ? { responseId: stored.id, score: stored.score } : null;
}
