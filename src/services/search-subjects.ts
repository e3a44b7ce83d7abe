import type { DbClient } from "../data/client.js";
import { findCustomers } from "../data/customers.js";
import { searchSegments } from "../data/lookup.js";

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
    include.segments ? searchSegments(db, workspaceId, query) : [],
  ]);
  return { customers, segments };
}
