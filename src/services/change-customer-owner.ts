import { recordAuditEvent } from "../data/audit.js";
import type { PrismaClient } from "../data/client.js";
import { type CustomerRecord, setCustomerOwner } from "../data/customers.js";
import { type CustomerOwnerLookup, findCustomerOwner, type OwnedCustomerKey } from "./find-customer-owner.js";

// Sets or clears a customer's owner, from `/cx owner` or the HTTP API. The owner is who the
// customer's alerts go to by DM. Look-up, change and audit event happen in one transaction;
// giving the owner it already has changes nothing and records nothing.

export type CustomerOwnerChange =
  | Exclude<CustomerOwnerLookup, { status: "found" }>
  | { status: "unchanged" | "changed"; customer: CustomerRecord; previous: string | null };

export function changeCustomerOwner(
  db: PrismaClient,
  input: { workspaceId: string; key: OwnedCustomerKey; owner: string | null; actor: string },
): Promise<CustomerOwnerChange> {
  return db.$transaction(async (tx): Promise<CustomerOwnerChange> => {
    const found = await findCustomerOwner(tx, input.workspaceId, input.key);
    if (found.status !== "found") return found;
    const { customer } = found;
    const previous = customer.ownerSlackUserId;
    if (previous === input.owner) return { status: "unchanged", customer, previous };
    await setCustomerOwner(tx, input.workspaceId, customer.id, input.owner);
    await recordAuditEvent(tx, {
      workspaceId: input.workspaceId,
      actor: input.actor,
      action: input.owner ? "customer.owner.set" : "customer.owner.cleared",
      subjectType: "customer",
      subjectId: customer.id,
      data: { externalId: customer.externalId, from: previous, to: input.owner },
    });
    return { status: "changed", customer: { ...customer, ownerSlackUserId: input.owner }, previous };
  });
}
