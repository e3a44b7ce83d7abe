// What an import did, line by line: the CLI prints it, presets relabel its columns.

export type ImportKind = "movements" | "responses";

export interface RowError {
  line: number;
  column: string;
  message: string;
}

export interface ImportReport {
  kind: ImportKind;
  rows: number;
  inserted: number;
  duplicates: number;
  rejected: number;
  errors: RowError[];
  errorCount: number;
  createdSegments: string[];
  /** True when the rows were written (not a dry run, and no bad row without --skip-invalid). */
  committed: boolean;
  /** Why nothing was written, when it was not. */
  outcome: "imported" | "rejected" | "dry-run";
}
