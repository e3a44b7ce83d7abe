import type { PrismaClient } from "../data/client.js";
import { verifyNonce } from "../domain/anonymous-token.js";
import type { SurveyKind } from "../domain/scores.js";
import type { SurveyRecord } from "../domain/survey-record.js";
import { type AnswerStore, answerSurvey, type Respondent } from "./answer-survey.js";
import type { SurveyLookup } from "./survey-cache.js";

// A person clicks a score on a survey message: the button says which survey, kind and score,
// and (anonymous surveys) carries the delivery's signed nonce. The click is checked against the
// survey it names, then stored as that person's (or that nonce's) answer.

/** What a score button (or "Tell us why", which carries the same) brings back. */
export interface SurveyButton {
  surveyId: string;
  kind: SurveyKind;
  score: number;
  /** The survey came as a direct message (anonymous surveys always do). */
  dm: boolean;
  /** Anonymous deliveries only: the nonce and its signature. */
  token: { nonce: string; signature: string } | null;
}

export interface ButtonTools {
  surveys: SurveyLookup;
  /** Key that signs anonymous nonces. */
  secret: string;
}

/** Who is answering: anonymous surveys take only a validly signed nonce, signed ones only a person. */
export function respondentFor(
  survey: SurveyRecord,
  button: SurveyButton,
  userId: string,
  secret: string,
): Respondent | null {
  if (survey.kind !== button.kind) return null;
  if (!survey.anonymous) return button.token === null ? { kind: "signed", userId } : null;
  if (button.token === null || !button.dm) return null;
  const { nonce, signature } = button.token;
  return verifyNonce(survey.id, nonce, signature, secret) ? { kind: "anonymous", nonce } : null;
}

export type SurveyButtonResult =
  | { status: "stored"; survey: SurveyRecord; alertId: string | null }
  | { status: "unknown_survey" | "closed" | "invalid" };

/** Stores the click's answer; a failure to store throws (nothing was stored). */
export async function answerSurveyButton(
  db: PrismaClient,
  tools: ButtonTools & { store: AnswerStore },
  input: { workspaceId: string; userId: string; button: SurveyButton },
  now: Date,
): Promise<SurveyButtonResult> {
  const survey = await tools.surveys(input.workspaceId, input.button.surveyId);
  if (!survey) return { status: "unknown_survey" };
  if (survey.closedAt) return { status: "closed" };
  const respondent = respondentFor(survey, input.button, input.userId, tools.secret);
  if (!respondent) return { status: "invalid" };
  const result = await answerSurvey(db, { survey, score: input.button.score, respondent }, now, tools.store);
  return result.status === "stored"
    ? { status: "stored", survey, alertId: result.alertId }
    : { status: "invalid" };
}
