import type { PrismaClient } from "../data/client.js";
import { setContacts } from "../data/customer-contacts.js";
import { type CustomerRecord, findCustomer } from "../data/customers.js";

export type SaveContactsResult =
  | { status: "saved"; customer: CustomerRecord; added: string[]; removed: string[] }
  | { status: "not_found" };

/**
 * Makes the customer's contacts exactly `slackUserIds`, with an audit event when that changes
 * anything; "not_found" when the workspace has no such customer (removed since the modal opened).
 * The caller has checked the person may send surveys.
 */
export async function saveContacts(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; customerId: string; slackUserIds: string[]; now: Date },
): Promise<SaveContactsResult> {
  const customer = await findCustomer(db, req.workspaceId, { id: req.customerId });
  if (!customer) return { status: "not_found" };
  const { added, removed } = await setContacts(db, { ...req, customerId: customer.id });
  return { status: "saved", customer, added, removed };
}
