import { createHash } from "node:crypto";
import { recordAuditEvent } from "../data/audit.js";
import type { PrismaClient } from "../data/client.js";
import { erasePersonData, FORGOTTEN, inPersonTransaction } from "../data/person-data.js";
import type { ForgetCounts } from "../domain/forgetting.js";
import { SLACK_USER_ID } from "../domain/forgetting.js";

// "Forget a person" on request: their non-anonymous answers and notes, what they were asked, and
// their id wherever it says who did something (see src/data/person-data.ts for every column and
// why). One transaction per workspace; the audit event keeps the counts and a hash, never the id.

export interface ForgetRequest {
  workspaceId: string;
  userId: string;
  /** Who asked: a Slack user id, or "cli". */
  actor: string;
  /** Count what would go, change nothing. */
  dryRun: boolean;
}

/**
 * A stable pseudonym for the audit trail: the same person in the same workspace gives the same
 * hash, so a later question "was U123 forgotten?" can be answered by recomputing it, while the
 * event itself names nobody.
 */
export function personHash(workspaceId: string, userId: string): string {
  return createHash("sha256").update(`${workspaceId}:${userId}`).digest("hex");
}

export async function forgetPerson(db: PrismaClient, req: ForgetRequest): Promise<ForgetCounts> {
  if (!SLACK_USER_ID.test(req.userId)) throw new Error(`not a Slack user id: ${req.userId}`);
  return inPersonTransaction(db, req.dryRun, async (tx) => {
    const counts = await erasePersonData(tx, req.workspaceId, req.userId);
    if (!req.dryRun) {
      await recordAuditEvent(tx, {
        workspaceId: req.workspaceId,
        actor: req.actor === req.userId ? FORGOTTEN : req.actor,
        action: "person.forgotten",
        subjectType: "person",
        subjectId: null,
        data: {
          personHash: personHash(req.workspaceId, req.userId),
          deleted: counts.deleted,
          pseudonymised: counts.pseudonymised,
          slackMessages: counts.slackMessages.length,
        },
      });
    }
    return counts;
  });
}
