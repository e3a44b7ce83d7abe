import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import type { DbClient } from "../data/client.js";
import type { Database } from "../data/database.js";
import { analyze, type Runner, withDriverTransaction } from "../data/sql.js";
import { listReasons } from "../data/taxonomy.js";
import { restoreFormulaCell } from "../domain/csv-cells.js";
import type { MovementInput, ResponseInput } from "../domain/ledger-inputs.js";
import { CsvFileError, CsvHeaderError } from "../import/csv-errors.js";
import {
  fastMovementRow,
  MOVEMENT_COLUMNS,
  type MovementColumnIndex,
  movementRowSchema,
  parseMovementRow,
  parseResponseRow,
  RESPONSE_COLUMNS,
  type RowContext,
  type RowResult,
  responseRowSchema,
} from "../import/csv-rows.js";
import { HeapBound } from "../import/heap-bound.js";
import type { ImportKind, ImportReport, RowError } from "../import/import-report.js";
import type { SourceRecord } from "../import/presets/index.js";
import {
  finishLedgerSession,
  newLedgerSession,
  type RowOutcome,
  recordMovements,
} from "./record-movements.js";
import { recordResponses } from "./record-responses.js";

// Streaming CSV import: rows flow through in batches inside one transaction, so a file of any
// size uses bounded memory and a rejected file leaves the database exactly as it was.

export interface ImportOptions {
  workspaceId: string;
  reportingCurrency: string;
  timeZone: string;
  skipInvalid: boolean;
  dryRun: boolean;
  batchSize?: number;
  /** Called after every batch with the number of data rows read so far. */
  onProgress?: (rowsRead: number) => void;
  /** How many row errors to keep in the report (the count is always exact). */
  maxReportedErrors?: number;
  /** Rewrites the parsed records (header first) before validation: a vendor preset (./presets/). */
  recordSource?: (records: AsyncIterable<SourceRecord>) => AsyncIterable<SourceRecord>;
  /** Now (default: the wall clock); a row dated more than a day after it is refused. */
  now?: Date;
}

class Rollback extends Error {}

/** A big import changes the tables' statistics enough to mislead the planner until ANALYZE. */
const ANALYZE_AFTER_ROWS = 10_000;

// PGlite has no autovacuum, so without this its planner never learns the tables grew (stats
// queries measured 3× slower); PostgreSQL's autoanalyze would get there, later.
async function analyzeAfterImport(db: Database, kind: ImportKind): Promise<void> {
  await analyze(db.prisma, kind === "movements" ? ["customer_movement", "customer"] : ["survey_response"]);
}

function checkHeader(kind: ImportKind, header: string[]): string[] {
  const expected: readonly string[] = kind === "movements" ? MOVEMENT_COLUMNS : RESPONSE_COLUMNS;
  const got = header.map((h) =>
    h
      .trim()
      .toLowerCase()
      .replace(/^\uFEFF/, ""),
  );
  const missing = expected.filter((c) => !got.includes(c));
  if (missing.length) {
    throw new CsvHeaderError(
      `The header is missing ${missing.join(", ")}. A ${kind} file needs the columns: ${expected.join(",")}`,
    );
  }
  const dup = got.find((c, i) => got.indexOf(c) !== i);
  if (dup) throw new CsvHeaderError(`The header names the column ${dup} twice.`);
  return got;
}

type Parsed = { line: number; result: RowResult<MovementInput> | RowResult<ResponseInput> };

const wrapFast = (value: MovementInput | null): RowResult<MovementInput> | null =>
  value ? { ok: true, value } : null;

export async function importCsv(
  db: Database,
  kind: ImportKind,
  file: string,
  opts: ImportOptions,
): Promise<ImportReport> {
  const ctx: RowContext = {
    timeZone: opts.timeZone,
    reportingCurrency: opts.reportingCurrency,
    // A day of slack for clocks and time zones, as the HTTP API allows.
    notAfter: new Date((opts.now ?? new Date()).getTime() + 24 * 60 * 60 * 1000),
  };
  const batchSize = opts.batchSize ?? 2000;
  const maxErrors = opts.maxReportedErrors ?? 1000;
  const report: ImportReport = {
    kind,
    rows: 0,
    inserted: 0,
    duplicates: 0,
    rejected: 0,
    errors: [],
    errorCount: 0,
    createdSegments: [],
    committed: false,
    outcome: "imported",
  };
  const addError = (e: RowError) => {
    report.errorCount++;
    if (report.errors.length < maxErrors) report.errors.push(e);
  };
  const movementSchema = movementRowSchema(ctx);
  const responseSchema = responseRowSchema(ctx);
  const session = newLedgerSession();
  const heap = new HeapBound();

  // Opening first turns a missing or unreadable file into an ordinary rejected promise.
  const handle = await open(file, "r");
  // A directory opens on Linux and fails only at the first read, as an 'error' event nobody
  // listened to: the process crashed instead of saying what was wrong.
  if (!(await handle.stat()).isFile()) {
    await handle.close();
    throw new CsvFileError(`${file} is not a file: give the path of a CSV file.`);
  }
  const input = handle.createReadStream();
  const parser = input.pipe(
    parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }),
  );
  // pipe() does not pass a read error on to the parser the import is reading from.
  input.on("error", (error) => parser.destroy(error));
  // Once the import stops reading early (a bad header, a rollback), the rest of the file still
  // flows into the parser, and a malformed end (an unclosed quote) is emitted as an 'error' that
  // nobody listens to any more: an uncaught exception. While the import reads, its iterator has
  // its own listener and still gets every error.
  parser.on("error", () => {});

  const flush = async (tx: Runner, batch: Parsed[], reasons: Awaited<ReturnType<typeof listReasons>>) => {
    const good = batch.filter((p) => p.result.ok);
    for (const p of batch) {
      if (!p.result.ok) for (const e of p.result.errors) addError({ line: p.line, ...e });
    }
    report.rejected += batch.length - good.length;
    if (good.length === 0) return;
    const values = good.map((p) => (p.result as { ok: true; value: MovementInput | ResponseInput }).value);
    const { outcomes, createdSegments } =
      kind === "movements"
        ? await recordMovements(
            tx,
            { workspaceId: opts.workspaceId, reportingCurrency: opts.reportingCurrency, reasons, session },
            values as MovementInput[],
          )
        : await recordResponses(tx as DbClient, { workspaceId: opts.workspaceId }, values as ResponseInput[]);
    outcomes.forEach((o: RowOutcome, i) => {
      if (o.status === "inserted") report.inserted++;
      else if (o.status === "duplicate") report.duplicates++;
      else {
        report.rejected++;
        addError({ line: good[i]?.line ?? 0, column: o.column, message: o.message });
      }
    });
    for (const s of createdSegments) if (!report.createdSegments.includes(s)) report.createdSegments.push(s);
  };

  try {
    // Movements are written below Prisma's query compiler (see src/data/sql.ts); survey answers,
    // a few per customer, through Prisma.
    const transaction = <T>(body: (tx: Runner) => Promise<T>): Promise<T> =>
      kind === "movements"
        ? withDriverTransaction(db, body)
        : db.prisma.$transaction(body, { timeout: 24 * 60 * 60 * 1000, maxWait: 60_000 });
    await transaction(async (tx) => {
      const reasons = await listReasons(tx, opts.workspaceId);
      let header: string[] | null = null;
      let columns: MovementColumnIndex | null = null;
      let batch: Parsed[] = [];
      // The write of one batch overlaps the parsing of the next (on PostgreSQL the server works
      // while Node parses); writes stay in order, one at a time.
      let writing: Promise<void> = Promise.resolve();
      const write = async (full: Parsed[]) => {
        await writing;
        writing = flush(tx, full, reasons).then(() => {
          heap.check();
          opts.onProgress?.(report.rows);
        });
        writing.catch(() => {});
      };
      try {
        const records = parser as AsyncIterable<SourceRecord>;
        for await (const source of opts.recordSource?.(records) ?? records) {
          const { info, errors } = source;
          // A canonical file may be one of our exports: its neutralised cells ('=…) read back as
          // they were stored (src/domain/csv-cells.ts). Vendor files are taken as they come.
          const record =
            opts.recordSource || header === null ? source.record : source.record.map(restoreFormulaCell);
          if (header === null) {
            header = checkHeader(kind, record);
            const names = header;
            if (kind === "movements") {
              columns = Object.fromEntries(
                MOVEMENT_COLUMNS.map((c) => [c, names.indexOf(c)]),
              ) as MovementColumnIndex;
            }
            continue;
          }
          report.rows++;
          let result: Parsed["result"] | null = errors
            ? { ok: false, errors }
            : columns && record.length === header.length
              ? wrapFast(fastMovementRow(record, columns, ctx))
              : null;
          if (result === null) {
            const raw: Record<string, string> = {};
            header.forEach((name, i) => {
              raw[name] = record[i] ?? "";
            });
            result =
              record.length !== header.length
                ? {
                    ok: false as const,
                    errors: [
                      {
                        column: "row",
                        message: `has ${record.length} fields, the header has ${header.length}`,
                      },
                    ],
                  }
                : kind === "movements"
                  ? parseMovementRow(movementSchema, raw, ctx)
                  : parseResponseRow(responseSchema, raw);
          }
          batch.push({ line: info.lines, result });
          if (batch.length >= batchSize) {
            await write(batch);
            batch = [];
          }
        }
      } catch (error) {
        // Let a write in flight finish before the transaction rolls back under it.
        await writing.catch(() => {});
        throw error;
      }
      if (header === null) throw new CsvHeaderError("The file is empty: it needs a header line.");
      await write(batch);
      await writing;
      if (opts.dryRun) {
        report.outcome = "dry-run";
        throw new Rollback();
      }
      if (report.errorCount > 0 && !opts.skipInvalid) {
        report.outcome = "rejected";
        throw new Rollback();
      }
      await finishLedgerSession(tx, session);
    });
    report.committed = true;
    if (report.inserted >= ANALYZE_AFTER_ROWS) await analyzeAfterImport(db, kind);
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  } finally {
    parser.destroy();
    await handle.close().catch(() => {});
  }
  report.errors.sort((a, b) => a.line - b.line);
  return report;
}
