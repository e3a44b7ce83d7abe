import type { DbClient } from "../data/client.js";
import { type CustomerRecord, findCustomers } from "../data/customers.js";
import { findCustomersByText } from "./list-contacts.js";

// What `/cx owner <customer>` shows: the one customer the key names (with its owner, the person
// its alerts go to by DM), or why there is none.

/** Which customer: as a person typed it (a name or external id), or by its external id exactly. */
export type OwnedCustomerKey = { text: string } | { externalId: string };

export type CustomerOwnerLookup =
  | { status: "none" }
  | { status: "several"; customers: CustomerRecord[] }
  | { status: "found"; customer: CustomerRecord };

export async function findCustomerOwner(
  db: DbClient,
  workspaceId: string,
  key: OwnedCustomerKey,
): Promise<CustomerOwnerLookup> {
  const found =
    "text" in key
      ? await findCustomersByText(db, workspaceId, key.text)
      : await findCustomers(db, workspaceId, { externalId: key.externalId }, { limit: 1 });
  const customer = found[0];
  if (!customer) return { status: "none" };
  if (found.length > 1) return { status: "several", customers: found };
  return { status: "found", customer };
}
