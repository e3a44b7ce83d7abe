import { open } from "node:fs/promises";
import { parse } from "csv-parse";
import { CsvHeaderError } from "../csv-errors.js";
import { type ColumnError, MOVEMENT_COLUMNS, RESPONSE_COLUMNS } from "../csv-rows.js";
import type { ImportReport } from "../import-report.js";
import { chartmogul } from "./chartmogul.js";
import { delighted } from "./delighted.js";
import { hubspot } from "./hubspot.js";
import type { Preset, PresetMapping, PresetOptions } from "./preset-types.js";
import { salesforce } from "./salesforce.js";

// Presets plug into the streaming importer as a rewrite of its record stream: the source header
// becomes the canonical header, each source row a canonical row (or a row error naming the source
// column, or nothing when the row is not a movement, counted as skipped). Validation, the ledger
// rules, idempotency and the all-or-nothing rule then work exactly as for a canonical file.

export const PRESET_NAMES = ["hubspot", "salesforce", "chartmogul", "delighted"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export type { PresetOptions } from "./preset-types.js";

export const PRESETS: Record<PresetName, Preset> = { hubspot, salesforce, chartmogul, delighted };

export interface SourceRecord {
  record: string[];
  info: { lines: number };
  /** Set when the preset could not map the row; the importer reports these as the row's errors. */
  errors?: ColumnError[];
}

export interface PresetSummary {
  preset: PresetName;
  mapped: number;
  invalid: number;
  skipped: number;
  /** Skipped rows by why, in first-seen order. */
  skippedBy: Record<string, number>;
  /** Lines of a report export's footer (Salesforce), skipped: not rows. */
  footer: number;
}

export interface PresetRun {
  kind: Preset["kind"];
  summary: PresetSummary;
  /**
   * Reads the file once before the import, for presets that map a row by the file's other rows
   * (the CRM presets: a customer's second won deal is an expansion). Throws CsvHeaderError.
   */
  prepare(file: string): Promise<void>;
  wrap(records: AsyncIterable<SourceRecord>): AsyncIterable<SourceRecord>;
  /** Renames the canonical columns in the report's errors to the source columns they came from. */
  relabel(report: ImportReport): ImportReport;
}

export function createPresetRun(name: PresetName, options: PresetOptions): PresetRun {
  const preset = PRESETS[name];
  const columns: readonly string[] = preset.kind === "movements" ? MOVEMENT_COLUMNS : RESPONSE_COLUMNS;
  const summary: PresetSummary = {
    preset: name,
    mapped: 0,
    invalid: 0,
    skipped: 0,
    skippedBy: {},
    footer: 0,
  };
  let mapping: PresetMapping | null = null;

  let prepared = false;

  /** The preset's reading of the header; a refusal says which other preset reads the file, if one does. */
  function headerOf(names: string[]): PresetMapping {
    try {
      return preset.header(names, options);
    } catch (error) {
      if (!(error instanceof CsvHeaderError)) throw error;
      const fits = PRESET_NAMES.filter((other) => {
        if (other === name) return false;
        try {
          PRESETS[other].header(names, { timeZone: options.timeZone, segment: "any" });
          return true;
        } catch {
          return false;
        }
      });
      const other = fits[0];
      if (other === undefined) throw error;
      const command = PRESETS[other].kind === preset.kind ? "" : `import ${PRESETS[other].kind} FILE.csv `;
      throw new CsvHeaderError(
        `${error.message} It looks like a ${other} export: try ${command}--preset ${other}.`,
      );
    }
  }

  async function prepare(file: string): Promise<void> {
    // Observing the rows twice would plan each customer's deals against themselves.
    if (prepared) return;
    prepared = true;
    const handle = await open(file, "r");
    // The importer's parser options, so that line numbers agree between the two passes.
    const parser = handle
      .createReadStream()
      .pipe(parse({ bom: true, info: true, skip_empty_lines: true, relax_column_count: true }));
    try {
      for await (const { record, info } of parser as AsyncIterable<SourceRecord>) {
        if (mapping === null) mapping = headerOf(record);
        else if (!mapping.observe) return;
        else mapping.observe(record, info.lines);
      }
    } finally {
      parser.destroy();
      await handle.close().catch(() => {});
    }
  }

  function mapRow(m: PresetMapping, { record, info }: SourceRecord): SourceRecord | null {
    const row = m.map(record, info.lines);
    if (row.status === "skipped") {
      summary.skipped++;
      summary.skippedBy[row.reason] = (summary.skippedBy[row.reason] ?? 0) + 1;
      return null;
    }
    if (row.status === "invalid") {
      summary.invalid++;
      return { record, info, errors: row.errors };
    }
    summary.mapped++;
    return { record: columns.map((c) => row.values[c] ?? ""), info };
  }

  async function* wrap(records: AsyncIterable<SourceRecord>): AsyncIterable<SourceRecord> {
    let header = true;
    // Records that may be a report footer are held back until it is certain: the footer is the
    // file's tail of one-field lines among which one is a line the export always writes. Nothing
    // is dropped unseen: lines followed by a data row are mapped as rows.
    let held: SourceRecord[] = [];
    let knownFooter = false;
    for await (const source of records) {
      const { record, info } = source;
      if (header) {
        header = false;
        mapping ??= headerOf(record);
        yield { record: [...columns], info };
        continue;
      }
      if (mapping === null) continue;
      const footer = mapping.footer?.(record) ?? "no";
      if (footer !== "no") {
        held.push(source);
        knownFooter ||= footer === "known";
        continue;
      }
      // A row with data after them: the held lines were rows after all, mapped (and refused) as such.
      for (const h of held) {
        const out = mapRow(mapping, h);
        if (out) yield out;
      }
      [held, knownFooter] = [[], false];
      const out = mapRow(mapping, source);
      if (out) yield out;
    }
    if (knownFooter) summary.footer += held.length;
    else if (mapping)
      for (const h of held) {
        const out = mapRow(mapping, h);
        if (out) yield out;
      }
  }

  return {
    kind: preset.kind,
    summary,
    prepare,
    wrap,
    relabel(report) {
      const sources = mapping?.sources ?? {};
      return {
        ...report,
        errors: report.errors.map((e) => ({ ...e, column: sources[e.column] || e.column })),
      };
    },
  };
}
