import { once } from "node:events";
import type { Writable } from "node:stream";
import { recordAuditEvent } from "../data/audit.js";
import type { DbClient } from "../data/client.js";
import {
  type MovementExportRow,
  movementPage,
  type ResponseExportRow,
  responsePage,
} from "../data/export-pages.js";
import { csvLine } from "../domain/csv-cells.js";
import type { ExportFilter } from "../domain/export-filter.js";
import { MOVEMENT_COLUMNS, RESPONSE_COLUMNS } from "../import/csv-rows.js";

// The admin export: the ledger or the survey answers as CSV, in the importer's own columns (so a
// file exported here imports into an empty workspace and lands the same ledger) plus what the
// importer does not read back: where each row came from, and who answered. Rows are produced page
// by page: the caller writes each chunk before the next page is read.

export type ExportKind = "ledger" | "responses";

export const LEDGER_EXPORT_COLUMNS = [...MOVEMENT_COLUMNS, "source"] as const;
// "respondent" is the Slack user id of a non-anonymous answer; anonymous answers store no identity,
// so their cell is empty. The importer ignores both extra columns: it never stores an identity.
export const RESPONSE_EXPORT_COLUMNS = [...RESPONSE_COLUMNS, "respondent", "source"] as const;

export interface ExportOptions {
  kind: ExportKind;
  filter: ExportFilter;
  pageSize?: number;
}

/**
 * The id to write: a row imported from CSV gets its own id back (its key minus "csv:"), so that
 * importing the export into the same workspace again is recognised as duplicates; rows from Slack,
 * the API or the demo keep their whole key ("slack:…"), which stays unique in any workspace.
 */
export function exportId(idempotencyKey: string): string {
  return idempotencyKey.startsWith("csv:") ? idempotencyKey.slice(4) : idempotencyKey;
}

function movementLine(r: MovementExportRow): string {
  return csvLine([
    exportId(r.idempotencyKey),
    r.occurredAt.toISOString(),
    r.customerExternalId,
    r.customerName,
    r.segment,
    r.type,
    r.value,
    r.currency,
    r.reason,
    r.note,
    r.source,
  ]);
}

function responseLine(r: ResponseExportRow): string {
  return csvLine([
    exportId(r.idempotencyKey),
    r.respondedAt.toISOString(),
    r.kind,
    r.score,
    r.customerExternalId,
    r.segment,
    r.touchpoint,
    r.comment,
    r.respondentSlackId,
    r.source,
  ]);
}

export interface ExportChunk {
  text: string;
  /** Data rows written so far, this chunk included. */
  rows: number;
}

/** The header, then one chunk per page of rows. An empty selection yields the header alone. */
export async function* exportCsvChunks(db: DbClient, opts: ExportOptions): AsyncGenerator<ExportChunk> {
  const size = opts.pageSize ?? 2000;
  let rows = 0;
  if (opts.kind === "ledger") {
    yield { text: csvLine(LEDGER_EXPORT_COLUMNS), rows };
    let after: bigint | null = null;
    for (;;) {
      const page = await movementPage(db, opts.filter, after, size);
      if (page.length === 0) return;
      rows += page.length;
      after = page[page.length - 1]?.id ?? null;
      yield { text: page.map(movementLine).join(""), rows };
      if (page.length < size) return;
    }
  }
  yield { text: csvLine(RESPONSE_EXPORT_COLUMNS), rows };
  let after: string | null = null;
  for (;;) {
    const page = await responsePage(db, opts.filter, after, size);
    if (page.length === 0) return;
    rows += page.length;
    after = page[page.length - 1]?.id ?? null;
    yield { text: page.map(responseLine).join(""), rows };
    if (page.length < size) return;
  }
}

/**
 * Writes the export to `out` (waiting whenever it is full, so memory holds one page at most) and
 * records who exported what. The caller ends `out`. Returns the number of data rows.
 */
export async function writeExport(
  db: DbClient,
  opts: ExportOptions & { actor: string },
  out: Writable,
  onProgress?: (rows: number) => void,
): Promise<number> {
  let rows = 0;
  for await (const chunk of exportCsvChunks(db, opts)) {
    rows = chunk.rows;
    if (!out.write(chunk.text)) await once(out, "drain");
    onProgress?.(rows);
  }
  const { workspaceId, from, to, segmentId } = opts.filter;
  await recordAuditEvent(db, {
    workspaceId,
    actor: opts.actor,
    action: "data.exported",
    subjectType: "export",
    subjectId: opts.kind,
    data: {
      kind: opts.kind,
      rows,
      ...(from ? { from: from.toISOString() } : {}),
      ...(to ? { to: to.toISOString() } : {}),
      ...(segmentId ? { segmentId } : {}),
    },
  });
  return rows;
}
