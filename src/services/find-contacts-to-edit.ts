import type { DbClient } from "../data/client.js";
import type { CustomerRecord as CustomerForContacts } from "../data/customers.js";
import { findCustomersByText, listContacts } from "./list-contacts.js";

// What `/cx contacts <customer>` opens: the one customer the typed text means and its contacts,
// or why there is none to open (no match, or several to choose from).

export type ContactsToEdit =
  | { status: "none" }
  | { status: "several"; customers: CustomerForContacts[] }
  | { status: "found"; customer: CustomerForContacts; contacts: string[] };

export async function findContactsToEdit(
  db: DbClient,
  workspaceId: string,
  text: string,
): Promise<ContactsToEdit> {
  const found = await findCustomersByText(db, workspaceId, text);
  const customer = found[0];
  if (!customer) return { status: "none" };
  if (found.length > 1) return { status: "several", customers: found };
  return { status: "found", customer, contacts: await listContacts(db, workspaceId, customer.id) };
}
