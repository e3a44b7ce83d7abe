import type { DbClient } from "../data/client.js";
import { listContacts as contactsOf } from "../data/customer-contacts.js";
import { type CustomerRecord, findCustomers } from "../data/customers.js";

// What `/cx contacts <customer>` opens with: the customer the typed text means, and the people
// at that customer that check-ins and relationship surveys go to.

/**
 * The customer a typed name or id means: an exact name or external id (any case) wins; otherwise
 * the customers whose name contains the text (at most `limit`), for the person to choose.
 */
export async function findCustomersByText(
  db: DbClient,
  workspaceId: string,
  text: string,
  limit = 10,
): Promise<CustomerRecord[]> {
  if (!text.trim()) return [];
  const exact = await findCustomers(db, workspaceId, { nameOrExternalId: text }, { limit });
  if (exact.length > 0) return exact;
  return findCustomers(db, workspaceId, { nameContains: text }, { limit, byName: true });
}

/** The customer's contacts (Slack user ids), first linked first. */
export function listContacts(db: DbClient, workspaceId: string, customerId: string): Promise<string[]> {
  return contactsOf(db, workspaceId, customerId);
}
