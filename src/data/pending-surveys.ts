import type { SurveyKind } from "../domain/scores.js";
import type { DbClient } from "./client.js";

export interface PendingSurvey {
  surveyId: string;
  kind: SurveyKind;
  question: string;
  sentAt: Date;
  channelId: string | null;
  messageTs: string | null;
}

/**
 * Surveys sent to a person since `since` that they have not answered. A signed answer carries the
 * key "slack:survey:<surveyId>:<userId>"; an anonymous one carries no identity, so for those
 * only the delivery's own status ("answered") can tell.
 */
export async function listPendingSurveys(
  db: DbClient,
  workspaceId: string,
  userId: string,
  since: Date,
  limit: number,
): Promise<PendingSurvey[]> {
  return db.$queryRaw<PendingSurvey[]>`
    SELECT d.survey_id AS "surveyId", d.kind::text AS kind, s.question, d.sent_at AS "sentAt",
           d.channel_id AS "channelId", d.message_ts AS "messageTs"
    FROM survey_delivery d
    JOIN survey s ON s.id = d.survey_id
    WHERE d.workspace_id = ${workspaceId}
      AND d.recipient_slack_id = ${userId}
      AND d.status = 'sent'
      AND d.sent_at >= ${since}
      AND s.closed_at IS NULL
      -- Anonymous answers carry no identity, so we cannot tell whether this person answered;
      -- marking the delivery answered would reveal who gave a lone answer. Leave them out.
      AND s.anonymous = false
      AND NOT EXISTS (
        SELECT 1 FROM survey_response r
        WHERE r.workspace_id = d.workspace_id
          AND r.idempotency_key = 'slack:survey:' || d.survey_id || ':' || d.recipient_slack_id
      )
    ORDER BY d.sent_at DESC
    LIMIT ${limit}`;
}
