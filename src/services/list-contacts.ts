import {
  type CustomerForContacts,
  listContacts as contactsOf,
  findCustomersByText as customersByText,
} from "../data/campaign-admin.js";
import type { DbClient } from "../data/client.js";

// What `/cx contacts <customer>` opens with: the customer the typed text means, and the people
// at that customer that check-ins and relationship surveys go to.

/**
 * The customer a typed name or id means: an exact name or external id (any case) wins; otherwise
 * the customers whose name contains the text (at most `limit`), for the person to choose.
 */
export function findCustomersByText(
  db: DbClient,
  workspaceId: string,
  text: string,
  limit?: number,
): Promise<CustomerForContacts[]> {
  return customersByText(db, workspaceId, text, limit);
}

/** The customer's contacts (Slack user ids), first linked first. */
export function listContacts(db: DbClient, workspaceId: string, customerId: string): Promise<string[]> {
  return contactsOf(db, workspaceId, customerId);
}
