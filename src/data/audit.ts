import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";

// Who did what, for the record. Written in the same transaction as the change it describes, so
// an audited change and its audit event are stored together or not at all.

export interface AuditInput {
  workspaceId: string;
  /** Slack user id, "cli", "system", "api:<token id>", ... */
  actor: string;
  /** Dotted verb, e.g. "ledger.recorded". */
  action: string;
  subjectType?: string | null;
  subjectId?: string | null;
  data?: Prisma.InputJsonValue;
}

export async function recordAuditEvent(db: DbClient, event: AuditInput): Promise<void> {
  await db.auditEvent.create({
    data: {
      workspaceId: event.workspaceId,
      actor: event.actor,
      action: event.action,
      subjectType: event.subjectType ?? null,
      subjectId: event.subjectId ?? null,
      ...(event.data === undefined ? {} : { data: event.data }),
    },
  });
}
