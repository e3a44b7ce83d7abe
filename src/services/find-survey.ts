import type { DbClient } from "../data/client.js";
import { findSurvey as surveyById } from "../data/surveys.js";
import type { SurveyRecord } from "../domain/survey-record.js";

/** The survey a click or comment belongs to, in this workspace; null when there is none. */
export function findSurvey(db: DbClient, workspaceId: string, id: string): Promise<SurveyRecord | null> {
  return surveyById(db, workspaceId, id);
}
