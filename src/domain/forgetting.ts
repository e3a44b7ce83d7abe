// What forgetting a person touched, table by table (src/data/person-data.ts says which columns
// and why), and the only ids it accepts.

/** Slack user ids (U… or W…): checked before the id reaches a LIKE pattern or a JSON path. */
export const SLACK_USER_ID = /^[UW][A-Z0-9]{2,30}$/;

/** A message the app posted that shows the person's answer or asks them (alert, survey DM). */
export interface SlackMessageRef {
  channelId: string;
  messageTs: string;
}

export interface ForgetCounts {
  deleted: {
    survey_response: number;
    alert: number;
    voice_note: number;
    follow_up: number;
    survey_delivery: number;
    customer_contact: number;
  };
  /** Rows whose column no longer names the person, by "table.column". */
  pseudonymised: Record<string, number>;
  /**
   * Slack messages of the deleted alerts and deliveries: the database forgets them, but an alert
   * in a channel still quotes the answer and a survey DM still asks, so the caller deletes them
   * in Slack (the transaction cannot).
   */
  slackMessages: SlackMessageRef[];
}

export function totalDeleted(c: ForgetCounts): number {
  return Object.values(c.deleted).reduce((a, b) => a + b, 0);
}

export function totalPseudonymised(c: ForgetCounts): number {
  return Object.values(c.pseudonymised).reduce((a, b) => a + b, 0);
}
