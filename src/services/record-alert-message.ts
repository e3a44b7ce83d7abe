import type { DbClient } from "../data/client.js";
import { setAlertMessage } from "../data/survey-alerts.js";

/** Remembers where an alert was posted, so that later changes update that message. */
export function recordAlertMessage(
  db: DbClient,
  workspaceId: string,
  alertId: string,
  channelId: string,
  messageTs: string,
): Promise<void> {
  return setAlertMessage(db, workspaceId, alertId, channelId, messageTs);
}
