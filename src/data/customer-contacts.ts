import type { ContactFact } from "../domain/campaign-triggers.js";
import { recordAuditEvent } from "./audit.js";
import type { DbClient, PrismaClient } from "./client.js";

// Customer contacts: the people at a customer (Slack users) that check-ins and relationship
// surveys go to. Managers set them with `/cx contacts`; every change is audited in the same
// transaction.

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

export async function listContacts(db: DbClient, workspaceId: string, customerId: string): Promise<string[]> {
  const rows = await db.customerContact.findMany({
    where: { workspaceId, customerId },
    select: { slackUserId: true },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((r) => r.slackUserId);
}

/** Makes the customer's contacts exactly `slackUserIds`; returns who was added and removed. */
export async function setContacts(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; customerId: string; slackUserIds: string[]; now: Date },
): Promise<{ added: string[]; removed: string[] }> {
  return db.$transaction(async (tx) => {
    const before = new Set(await listContacts(tx, req.workspaceId, req.customerId));
    const after = new Set(req.slackUserIds);
    const added = [...after].filter((u) => !before.has(u));
    const removed = [...before].filter((u) => !after.has(u));
    if (added.length > 0) {
      await tx.customerContact.createMany({
        data: added.map((slackUserId) => ({
          workspaceId: req.workspaceId,
          customerId: req.customerId,
          slackUserId,
          addedBy: req.actor,
          createdAt: req.now,
        })),
        skipDuplicates: true,
      });
    }
    if (removed.length > 0) {
      await tx.customerContact.deleteMany({
        where: { workspaceId: req.workspaceId, customerId: req.customerId, slackUserId: { in: removed } },
      });
    }
    if (added.length + removed.length > 0) {
      await recordAuditEvent(tx, {
        workspaceId: req.workspaceId,
        actor: req.actor,
        action: "customer.contacts_changed",
        subjectType: "customer",
        subjectId: req.customerId,
        data: { added, removed },
      });
    }
    return { added, removed };
  }, TX);
}

/** Contacts of active customers (all of the workspace's, or of the given customers). */
export async function contactsOf(
  db: DbClient,
  workspaceId: string,
  customerIds?: string[],
): Promise<ContactFact[]> {
  const rows = await db.customerContact.findMany({
    where: {
      workspaceId,
      customer: { status: "active" },
      ...(customerIds ? { customerId: { in: customerIds } } : {}),
    },
    select: { customerId: true, slackUserId: true, createdAt: true },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ customerId: r.customerId, slackUserId: r.slackUserId, linkedAt: r.createdAt }));
}
