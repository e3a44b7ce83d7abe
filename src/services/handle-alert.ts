import type { PrismaClient } from "../data/client.js";
import { advanceAlert, findAlertView } from "../data/survey-alerts.js";
import type { AlertView } from "../domain/closing-the-loop.js";

// Someone acknowledges an alert or marks it actioned. Alerts only move forward, so two people
// clicking at once, or a retried click, leave one consistent state.

export type HandleAlertResult =
  | { status: "changed"; alert: AlertView }
  | { status: "unchanged"; alert: AlertView }
  | { status: "not_found" };

export async function handleAlert(
  db: PrismaClient,
  input: { workspaceId: string; alertId: string; to: "acknowledged" | "actioned"; by: string },
  now: Date,
): Promise<HandleAlertResult> {
  const changed = await advanceAlert(db, input.workspaceId, input.alertId, input.to, input.by, now);
  const alert = await findAlertView(db, input.workspaceId, { id: input.alertId });
  if (!alert) return { status: "not_found" };
  return { status: changed ? "changed" : "unchanged", alert };
}
