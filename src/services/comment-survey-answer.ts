import type { PrismaClient } from "../data/client.js";
import { commentOnAnswer } from "./answer-survey.js";
import { type ButtonTools, respondentFor, type SurveyButton } from "./answer-survey-button.js";

// "Tell us why": the comment a person adds to the answer they gave. The modal carries the same
// button value as the answer, so the comment lands on that answer and nowhere else.

export type CommentResult = { status: "stored"; responseId: string } | { status: "invalid" | "no_answer" };

/** Stores the comment on the answer; a failure to store throws (nothing was stored). */
export async function commentSurveyAnswer(
  db: PrismaClient,
  tools: ButtonTools,
  input: { workspaceId: string; userId: string; button: SurveyButton; comment: string },
  now: Date,
): Promise<CommentResult> {
  const survey = await tools.surveys(input.workspaceId, input.button.surveyId);
  const respondent = survey && respondentFor(survey, input.button, input.userId, tools.secret);
  if (!survey || !respondent) return { status: "invalid" };
  const stored = await commentOnAnswer(db, { survey, respondent, comment: input.comment }, now);
  return stored ? { status: "stored", responseId: stored.responseId } : { status: "no_answer" };
}
