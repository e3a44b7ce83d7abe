import type { DbClient } from "../data/client.js";
import { findAlertView } from "../data/survey-alerts.js";
import type { AlertView } from "../domain/closing-the-loop.js";

/** The alert with what its message shows, by its own id or by the answer that raised it. */
export function findAlert(
  db: DbClient,
  workspaceId: string,
  where: { id: string } | { responseId: string },
): Promise<AlertView | null> {
  return findAlertView(db, workspaceId, where);
}
