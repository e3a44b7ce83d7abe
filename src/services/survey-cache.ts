import type { DbClient } from "../data/client.js";
import type { SurveyRecord } from "../domain/survey-record.js";
import { findSurvey } from "./find-survey.js";

/** The survey a click or comment belongs to, in this workspace; null when there is none. */
export type SurveyLookup = (workspaceId: string, id: string) => Promise<SurveyRecord | null>;

/** Surveys never change once sent (closing is rare): a small cache keeps clicks to one query. */
export function cachedSurveys(db: DbClient, size = 1000): SurveyLookup {
  const cache = new Map<string, SurveyRecord>();
  return async (workspaceId, id) => {
    const key = `${workspaceId}:${id}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const survey = await findSurvey(db, workspaceId, id);
    if (survey) {
      if (cache.size >= size) cache.delete(cache.keys().next().value as string);
      cache.set(key, survey);
    }
    return survey;
  };
}
