import type { ColumnError } from "../csv-rows.js";
import type { DateOrder } from "./preset-values.js";

// A preset reads one vendor's export and writes the canonical columns of src/import/csv-rows.ts.
// It is pure: header in, a row mapper out; a row in, a canonical row, a skip or errors out. The
// canonical validation and the ledger rules then apply exactly as for a hand-made file.

export type SurveyKind = "nps" | "csat" | "ces";

export interface PresetOptions {
  /** The zone of dates without an offset (the import's --tz). */
  timeZone: string;
  /** A fixed segment, or the fallback when the segment column is absent or empty. */
  segment?: string;
  /** The source column that names the segment (default: the preset's own guess). */
  segmentColumn?: string;
  /** The source column that holds the movement's value (CRM presets). */
  valueColumn?: string;
  /** The survey kind when the export does not say (Delighted; default nps). */
  kind?: SurveyKind;
  /** How to read 03/04/2026 (CRM presets). */
  dateOrder?: DateOrder;
  /** Stage labels of custom pipelines that mean won / lost (CRM presets: --won-stage, --lost-stage). */
  wonStages?: string[];
  lostStages?: string[];
  /** How a ChartMogul file writes amounts: integer cents (ChartMogul's own, the default) or currency units. */
  amountUnit?: "cents" | "major";
}

export type MappedRow =
  | { status: "mapped"; values: Record<string, string> }
  | { status: "skipped"; reason: string }
  | { status: "invalid"; errors: ColumnError[] };

export interface PresetMapping {
  /** For each canonical column, the source column (or option) it was read from, for messages. */
  sources: Record<string, string>;
  /** `line` is the record's source line; a preset that plans the whole file (below) needs it. */
  map(record: string[], line?: number): MappedRow;
  /**
   * An optional first pass over every row (in source order, with its line) before any is mapped,
   * for a preset whose mapping of one row depends on the others of the same file.
   */
  observe?(record: string[], line: number): void;
  /**
   * Whether a record may belong to the footer a report export writes after its data (Salesforce:
   * a blank line, then quoted one-field lines: grand totals, a confidentiality notice, a copyright
   * line); `known` when the record is one of those recognisable lines.
   */
  footer?(record: string[]): "no" | "maybe" | "known";
}

export interface Preset {
  name: string;
  kind: "movements" | "responses";
  /** Reads the source header; throws CsvHeaderError when a needed column is missing. */
  header(names: string[], options: PresetOptions): PresetMapping;
}
