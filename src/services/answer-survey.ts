import { createHash, randomUUID } from "node:crypto";
import type { Db } from "../data/database.js";
import { insertAlertOnce } from "../data/survey-alerts.js";
import {
  markDeliveryAnswered,
  type SurveyRecord,
  setAnswerComment,
  upsertSlackAnswer,
} from "../data/surveys.js";
import { anonymousResponseKey, signedResponseKey } from "../domain/anonymous-token.js";
import { raisesAlert } from "../domain/closing-the-loop.js";
import { isValidScore } from "../domain/scores.js";

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

export async function answerSurvey(
  db: Db,
  input: { survey: SurveyRecord; score: number; respondent: Respondent },
  now: Date,
): Promise<AnswerResult> {
  const { survey, score, respondent } = input;
  // Anonymous surveys only take anonymous answers, and signed surveys only signed ones.
  if (!isValidScore(survey.kind, score) || survey.anonymous !== (respondent.kind === "anonymous")) {
    return { status: "invalid" };
  }
  const answer = {
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
  };

  const alerting = survey.customerId !== null && raisesAlert(survey.kind, score);
  if (!alerting) {
    const stored = await upsertSlackAnswer(db, answer);
    if (stored.inserted && respondent.kind === "signed")
      await markDeliveryAnswered(db, survey.id, respondent.userId);
    return { status: "stored", responseId: stored.id, firstAnswer: stored.inserted, alertId: null };
  }
  // The answer and its alert are stored together: an acknowledged detractor is never left
  // without the alert that closes the loop.
  return db.$transaction(async (tx) => {
    const stored = await upsertSlackAnswer(tx, answer);
    const alertId = await insertAlertOnce(tx, {
      id: randomUUID(),
      workspaceId: survey.workspaceId,
      responseId: stored.id,
      customerId: survey.customerId,
      createdAt: now,
    });
    if (stored.inserted && respondent.kind === "signed")
      await markDeliveryAnswered(tx, survey.id, respondent.userId);
    return { status: "stored" as const, responseId: stored.id, firstAnswer: stored.inserted, alertId };
  });
}

export const MAX_COMMENT_LENGTH = 3000;

/** Adds the "why" to an answer already given; null when there is no such answer. */
export async function commentOnAnswer(
  db: Db,
  input: { survey: SurveyRecord; respondent: Respondent; comment: string },
  now: Date,
): Promise<{ responseId: string; score: number } | null> {
  const { survey, respondent } = input;
  if (survey.anonymous !== (respondent.kind === "anonymous")) return null;
  const comment = input.comment.trim().slice(0, MAX_COMMENT_LENGTH);
  const stored = await setAnswerComment(db, survey.workspaceId, answerKey(survey, respondent), comment, now);
  return stored ? { responseId: stored.id, score: stored.score } : null;
}
