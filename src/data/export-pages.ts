import type { ExportFilter } from "../domain/export-filter.js";
import type { DbClient } from "./client.js";

// Pages of the ledger and of the survey answers for the CSV export, in id order with a keyset
// cursor (id > last id seen): each page is one indexed range read, so a million rows stream in
// bounded memory and a row written meanwhile never shifts the pages already read.

export interface MovementExportRow {
  id: bigint;
  idempotencyKey: string;
  occurredAt: Date;
  customerExternalId: string;
  customerName: string;
  segment: string;
  type: string;
  value: string;
  currency: string;
  reason: string | null;
  note: string | null;
  source: string;
}

export interface ResponseExportRow {
  id: string;
  idempotencyKey: string;
  respondedAt: Date;
  kind: string;
  score: number;
  customerExternalId: string | null;
  segment: string | null;
  touchpoint: string | null;
  comment: string | null;
  respondentSlackId: string | null;
  source: string;
}

const between = (f: ExportFilter) =>
  f.from || f.to ? { ...(f.from ? { gte: f.from } : {}), ...(f.to ? { lt: f.to } : {}) } : undefined;

export async function movementPage(
  db: DbClient,
  filter: ExportFilter,
  after: bigint | null,
  size: number,
): Promise<MovementExportRow[]> {
  const rows = await db.customerMovement.findMany({
    where: {
      workspaceId: filter.workspaceId,
      ...(after === null ? {} : { id: { gt: after } }),
      ...(between(filter) ? { occurredAt: between(filter) } : {}),
      ...(filter.segmentId ? { segmentId: filter.segmentId } : {}),
    },
    orderBy: { id: "asc" },
    take: size,
    select: {
      id: true,
      idempotencyKey: true,
      occurredAt: true,
      type: true,
      value: true,
      currency: true,
      note: true,
      source: true,
      customer: { select: { externalId: true, name: true } },
      segment: { select: { name: true } },
      reasonCode: { select: { code: true } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotencyKey,
    occurredAt: r.occurredAt,
    customerExternalId: r.customer.externalId,
    customerName: r.customer.name,
    segment: r.segment.name,
    type: r.type,
    value: r.value.toFixed(2),
    currency: r.currency,
    reason: r.reasonCode?.code ?? null,
    note: r.note,
    source: r.source,
  }));
}

export async function responsePage(
  db: DbClient,
  filter: ExportFilter,
  after: string | null,
  size: number,
): Promise<ResponseExportRow[]> {
  const rows = await db.surveyResponse.findMany({
    where: {
      workspaceId: filter.workspaceId,
      ...(after === null ? {} : { id: { gt: after } }),
      ...(between(filter) ? { respondedAt: between(filter) } : {}),
      ...(filter.segmentId ? { segmentId: filter.segmentId } : {}),
    },
    orderBy: { id: "asc" },
    take: size,
    select: {
      id: true,
      idempotencyKey: true,
      respondedAt: true,
      kind: true,
      score: true,
      comment: true,
      touchpoint: true,
      respondentSlackId: true,
      source: true,
      segment: { select: { name: true } },
      customer: { select: { externalId: true, segment: { select: { name: true } } } },
    },
  });
  return rows.map((r) => ({
    id: r.id,
    idempotencyKey: r.idempotencyKey,
    respondedAt: r.respondedAt,
    kind: r.kind,
    score: r.score,
    customerExternalId: r.customer?.externalId ?? null,
    segment: r.segment?.name ?? r.customer?.segment.name ?? null,
    touchpoint: r.touchpoint,
    comment: r.comment,
    respondentSlackId: r.respondentSlackId,
    source: r.source,
  }));
}
