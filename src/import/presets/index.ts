import { type ColumnError, MOVEMENT_COLUMNS, RESPONSE_COLUMNS } from "../csv-rows.js";
import type { ImportReport } from "../import-csv.js";
import { delighted } from "./delighted.js";
import { hubspot } from "./hubspot.js";
import type { Preset, PresetMapping, PresetOptions } from "./preset-types.js";
import { salesforce } from "./salesforce.js";

// Presets plug into the streaming importer as a rewrite of its record stream: the source header
// becomes the canonical header, each source row a canonical row (or a row error naming the source
// column, or nothing when the row is not a movement, counted as skipped). Validation, the ledger
// rules, idempotency and the all-or-nothing rule then work exactly as for a canonical file.

export const PRESET_NAMES = ["hubspot", "salesforce", "delighted"] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export type { PresetOptions } from "./preset-types.js";

export const PRESETS: Record<PresetName, Preset> = { hubspot, salesforce, delighted };

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
}

export interface PresetRun {
  kind: Preset["kind"];
  summary: PresetSummary;
  wrap(records: AsyncIterable<SourceRecord>): AsyncIterable<SourceRecord>;
  /** Renames the canonical columns in the report's errors to the source columns they came from. */
  relabel(report: ImportReport): ImportReport;
}

export function createPresetRun(name: PresetName, options: PresetOptions): PresetRun {
  const preset = PRESETS[name];
  const columns: readonly string[] = preset.kind === "movements" ? MOVEMENT_COLUMNS : RESPONSE_COLUMNS;
  const summary: PresetSummary = { preset: name, mapped: 0, invalid: 0, skipped: 0, skippedBy: {} };
  let mapping: PresetMapping | null = null;

  async function* wrap(records: AsyncIterable<SourceRecord>): AsyncIterable<SourceRecord> {
    for await (const { record, info } of records) {
      if (mapping === null) {
        mapping = preset.header(record, options);
        yield { record: [...columns], info };
        continue;
      }
      const row = mapping.map(record);
      if (row.status === "skipped") {
        summary.skipped++;
        summary.skippedBy[row.reason] = (summary.skippedBy[row.reason] ?? 0) + 1;
      } else if (row.status === "invalid") {
        summary.invalid++;
        yield { record, info, errors: row.errors };
      } else {
        summary.mapped++;
        yield { record: columns.map((c) => row.values[c] ?? ""), info };
      }
    }
  }

  return {
    kind: preset.kind,
    summary,
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
