import { randomUUID } from "node:crypto";
import type { DbClient } from "../data/client.js";
import { findCustomersByExternalId } from "../data/customers.js";
import { insertCustomers } from "../data/ledger.js";
import { findExistingResponseKeys, insertResponses, type NewResponse } from "../data/responses.js";
import { ensureSegments } from "../data/taxonomy.js";
import type { ResponseInput } from "../domain/ledger-inputs.js";
import { segmentKey } from "../domain/taxonomy.js";
import type { RecordResult, RowOutcome } from "./record-movements.js";

/**
 * Records survey answers. An answer about a customer the ledger does not know yet creates that
 * customer (with no movements) in the given segment; an anonymous answer needs a segment.
 */
export async function recordResponses(
  db: DbClient,
  ctx: { workspaceId: string; isDemo?: boolean },
  inputs: ResponseInput[],
): Promise<RecordResult> {
  const outcomes: Array<RowOutcome | undefined> = new Array(inputs.length);
  const stored = await findExistingResponseKeys(
    db,
    ctx.workspaceId,
    inputs.map((r) => r.idempotencyKey),
  );
  const seen = new Map<string, string>();
  inputs.forEach((row, i) => {
    const prior = stored.get(row.idempotencyKey) ?? seen.get(row.idempotencyKey);
    if (prior === undefined) seen.set(row.idempotencyKey, row.contentHash);
    else if (prior === row.contentHash) outcomes[i] = { status: "duplicate" };
    else
      outcomes[i] = {
        status: "rejected",
        column: "id",
        message: `id ${row.idempotencyKey.replace(/^[a-z]+:/, "")} was already recorded with different content`,
      };
  });
  const live = inputs.map((row, i) => ({ row, i })).filter(({ i }) => outcomes[i] === undefined);

  const customers = await findCustomersByExternalId(db, ctx.workspaceId, [
    ...new Set(live.flatMap(({ row }) => (row.customerExternalId ? [row.customerExternalId] : []))),
  ]);
  for (const { row, i } of live) {
    if (!row.segment && !(row.customerExternalId && customers.has(row.customerExternalId))) {
      outcomes[i] = {
        status: "rejected",
        column: "segment",
        message: row.customerExternalId
          ? `customer ${row.customerExternalId} is not in the ledger yet, so a segment is required`
          : "an answer without a customer needs a segment",
      };
    }
  }
  const accepted = live.filter(({ i }) => outcomes[i] === undefined);
  const { byKey: segments, created } = await ensureSegments(
    db,
    ctx.workspaceId,
    accepted.flatMap(({ row }) => (row.segment ? [row.segment] : [])),
    ctx.isDemo,
  );

  const newCustomers = [];
  for (const { row } of accepted) {
    const ext = row.customerExternalId;
    if (!ext || customers.has(ext) || !row.segment) continue;
    const c = {
      id: randomUUID(),
      externalId: ext,
      name: ext,
      segmentId: segments.get(segmentKey(row.segment))?.id ?? "",
    };
    customers.set(ext, c);
    newCustomers.push(c);
  }
  await insertCustomers(db, ctx.workspaceId, newCustomers, ctx.isDemo);

  const rows: NewResponse[] = accepted.map(({ row, i }) => {
    const customer = row.customerExternalId ? customers.get(row.customerExternalId) : undefined;
    outcomes[i] = { status: "inserted" };
    return {
      id: randomUUID(),
      surveyId: row.surveyId,
      kind: row.kind,
      score: row.score,
      comment: row.comment,
      customerId: customer?.id ?? null,
      segmentId: (row.segment ? segments.get(segmentKey(row.segment))?.id : customer?.segmentId) ?? null,
      respondentSlackId: row.respondentSlackId,
      touchpoint: row.touchpoint,
      respondedAt: row.respondedAt,
      source: row.source,
      idempotencyKey: row.idempotencyKey,
      contentHash: row.contentHash,
    };
  });
  await insertResponses(db, ctx.workspaceId, rows);
  return {
    outcomes: outcomes.map((o) => o ?? { status: "rejected", column: "", message: "not processed" }),
    createdSegments: created,
  };
}
