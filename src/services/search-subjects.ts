import type { DbClient } from "../data/client.js";
import { findCustomers } from "../data/customers.js";
import { findSegments } from "../data/taxonomy.js";

// What a searchable picker offers for the text typed so far: customers, segments or both.

export async function searchSubjects(
  db: DbClient,
  workspaceId: string,
  query: string,
  include: { customers: boolean; segments: boolean },
) {
  const [customers, segments] = await Promise.all([
    include.customers
      ? findCustomers(
          db,
          workspaceId,
          { nameContains: query, orExternalId: true },
          { limit: 20, byName: true },
        )
      : [],
    include.segments
      ? findSegments(db, workspaceId, { nameContains: query }, { byName: true, limit: 20 })
      : [],
  ]);
  return { customers, segments };
}
