import type { CustomerStatus } from "../domain/ledger-rules.js";
import type { SurveyKind } from "../domain/scores.js";
import type { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";
import { queryRows, type Runner } from "./sql.js";
import { containsText, likeLiteral, sameText } from "./text-match.js";

// Customers: every read of the customer table by key goes through findCustomers (Prisma) or, on
// the ledger's bulk write path, findCustomersByExternalId (plain SQL on a Runner, so the CSV
// import can use the driver's own transaction). Writes of customer rows belong to the ledger
// (ledger.ts), but for the owner (setCustomerOwner), which no movement carries.

/** A customer as every look-up returns it. */
export interface CustomerRecord {
  id: string;
  externalId: string;
  name: string;
  status: CustomerStatus;
  segmentId: string;
  segmentName: string;
  ownerSlackUserId: string | null;
}

/**
 * Which customers of a workspace: by id (one or several); by a name equal to the text (any
 * case, surrounding spaces ignored); by a name or external id equal to it; by a name (and
 * optionally external id) containing it. Text is matched as text: "%" and "_" are no wildcards.
 */
export type CustomerKey =
  | { id: string }
  | { ids: string[] }
  | { name: string }
  | { externalId: string }
  | { nameOrExternalId: string }
  | { nameContains: string; orExternalId?: boolean };

const select = {
  id: true,
  externalId: true,
  name: true,
  status: true,
  segmentId: true,
  ownerSlackUserId: true,
  segment: { select: { name: true } },
} as const;

/** The filter for a key, or null when no customer can match it. */
function whereOf(workspaceId: string, key: CustomerKey): Prisma.CustomerWhereInput | null {
  if ("id" in key) return { workspaceId, id: key.id };
  if ("ids" in key) return key.ids.length > 0 ? { workspaceId, id: { in: key.ids } } : null;
  if ("externalId" in key) return { workspaceId, externalId: key.externalId };
  const text = likeLiteral(
    "name" in key ? key.name : "nameOrExternalId" in key ? key.nameOrExternalId : key.nameContains,
  );
  if (text === null) return null;
  if ("name" in key) return { workspaceId, name: sameText(text) };
  if ("nameOrExternalId" in key) {
    return text ? { workspaceId, OR: [{ name: sameText(text) }, { externalId: sameText(text) }] } : null;
  }
  if (!text) return { workspaceId };
  return key.orExternalId
    ? { workspaceId, OR: [{ name: containsText(text) }, { externalId: containsText(text) }] }
    : { workspaceId, name: containsText(text) };
}

/** The workspace's customers a key names, at most `limit`; by name when `byName`, else in no set order. */
export async function findCustomers(
  db: DbClient,
  workspaceId: string,
  key: CustomerKey,
  opts: { limit?: number; byName?: boolean } = {},
): Promise<CustomerRecord[]> {
  const where = whereOf(workspaceId, key);
  if (!where) return [];
  const rows = await db.customer.findMany({
    where,
    select,
    ...(opts.byName ? { orderBy: [{ name: "asc" as const }] } : {}),
    ...(opts.limit !== undefined ? { take: opts.limit } : {}),
  });
  return rows.map(({ segment, ...r }) => ({ ...r, segmentName: segment.name }));
}

/** The first customer a key names, or null. */
export async function findCustomer(
  db: DbClient,
  workspaceId: string,
  key: CustomerKey,
): Promise<CustomerRecord | null> {
  return (await findCustomers(db, workspaceId, key, { limit: 1 }))[0] ?? null;
}

export interface CustomerRow {
  id: string;
  externalId: string;
  name: string;
  segmentId: string;
}

/** The ledger write path's look-up by external id (exact), for a batch at once. */
export async function findCustomersByExternalId(
  db: Runner,
  workspaceId: string,
  externalIds: string[],
): Promise<Map<string, CustomerRow>> {
  if (externalIds.length === 0) return new Map();
  const rows = await queryRows(
    db,
    `SELECT id, external_id, name, segment_id FROM customer
     WHERE workspace_id = $1 AND external_id = ANY($2::text[])`,
    [workspaceId, externalIds],
  );
  return new Map(
    rows.map(([id, externalId, name, segmentId]) => [
      String(externalId),
      { id: String(id), externalId: String(externalId), name: String(name), segmentId: String(segmentId) },
    ]),
  );
}

/** Sets (or, with null, clears) the customer's owner: the Slack user its alerts go to. */
export async function setCustomerOwner(
  db: DbClient,
  workspaceId: string,
  customerId: string,
  ownerSlackUserId: string | null,
): Promise<void> {
  await db.customer.updateMany({ where: { workspaceId, id: customerId }, data: { ownerSlackUserId } });
}

/** A customer as its owner sees it on App Home: the latest answer about it and its open alerts. */
export interface OwnedCustomer {
  id: string;
  name: string;
  segmentName: string;
  latest: { kind: SurveyKind; score: number; respondedAt: Date } | null;
  /** Alerts about it not yet actioned (open or acknowledged). */
  openAlerts: number;
}

/** The customers a person owns, by name, at most `limit`, and how many they own in all. */
export async function listOwnedCustomers(
  db: DbClient,
  workspaceId: string,
  ownerSlackUserId: string,
  limit: number,
): Promise<{ customers: OwnedCustomer[]; total: number }> {
  const where = { workspaceId, ownerSlackUserId };
  const [rows, total] = await Promise.all([
    db.customer.findMany({
      where,
      orderBy: [{ name: "asc" }, { id: "asc" }],
      take: limit,
      select: {
        id: true,
        name: true,
        segment: { select: { name: true } },
        responses: {
          orderBy: [{ respondedAt: "desc" }, { id: "asc" }],
          take: 1,
          select: { kind: true, score: true, respondedAt: true },
        },
      },
    }),
    db.customer.count({ where }),
  ]);
  const alerts = rows.length
    ? await db.alert.groupBy({
        by: ["customerId"],
        where: { workspaceId, customerId: { in: rows.map((r) => r.id) }, status: { not: "actioned" } },
        _count: { _all: true },
      })
    : [];
  const open = new Map(alerts.map((a) => [a.customerId, a._count._all]));
  return {
    customers: rows.map((r) => ({
      id: r.id,
      name: r.name,
      segmentName: r.segment.name,
      latest: r.responses[0] ?? null,
      openAlerts: open.get(r.id) ?? 0,
    })),
    total,
  };
}
