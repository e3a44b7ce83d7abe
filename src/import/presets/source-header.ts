import type { ColumnError } from "../csv-rows.js";

// Finding a CRM or survey export's columns by their labels. Exports differ in case, spacing and
// whether they use the UI label ("Close Date") or the API name ("closedate", "created_at"), so a
// label is compared after folding all of that away.

export function foldLabel(label: string): string {
  return label
    .replace(/^\uFEFF/, "")
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[\s_.:/-]+/g, " ")
    .trim();
}

export class SourceHeader {
  readonly names: string[];
  private readonly folded: string[];

  constructor(names: string[]) {
    this.names = names.map((n) => n.replace(/^\uFEFF/, "").trim());
    this.folded = this.names.map(foldLabel);
  }

  /** Index of the first column matching any alias (in the aliases' order of preference), or -1. */
  find(...aliases: string[]): number {
    for (const alias of aliases) {
      const i = this.folded.indexOf(foldLabel(alias));
      if (i >= 0) return i;
    }
    return -1;
  }

  /** The label as written in the file, for messages. */
  label(index: number): string {
    return this.names[index] ?? "";
  }
}

/** A record's cell, trimmed; "" when the column is absent (-1) or the record is short. */
export function cell(record: string[], index: number): string {
  return index < 0 ? "" : (record[index] ?? "").trim();
}

export function fieldCountError(record: string[], header: SourceHeader): ColumnError | null {
  return record.length === header.names.length
    ? null
    : { column: "row", message: `has ${record.length} fields, the header has ${header.names.length}` };
}
