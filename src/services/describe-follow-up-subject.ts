import type { DbClient } from "../data/client.js";
import { subjectLabel } from "../data/follow-ups.js";
import type { Locale } from "../domain/locale.js";

/**
 * How a follow-up's subject reads in the person's language: a loss reason's label, or the start
 * of a note; null when it is gone (or another workspace's).
 */
export function describeFollowUpSubject(
  db: DbClient,
  workspaceId: string,
  type: "reason" | "note",
  id: string,
  locale: Locale,
): Promise<string | null> {
  return subjectLabel(db, workspaceId, type, id, locale);
}
