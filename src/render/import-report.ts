import type { ImportReport } from "../import/import-csv.js";

// Terminal view of an import report: what happened, then every bad line (up to the cap kept).

export function renderImportReport(r: ImportReport, file: string): string {
  const lines: string[] = [];
  const verb = r.committed ? "Imported" : "Would import";
  lines.push(`${file}: ${r.rows} data rows`);
  lines.push(
    `  ${verb}: ${r.inserted}    already there (duplicates): ${r.duplicates}    invalid: ${r.rejected}`,
  );
  if (r.createdSegments.length) {
    lines.push(
      `  ${r.committed ? "New segments created" : "New segments (not created)"}: ${r.createdSegments.join(", ")}`,
    );
  }
  if (r.errorCount) {
    lines.push("", `Invalid rows (${r.errorCount} problems):`);
    for (const e of r.errors) lines.push(`  line ${e.line}, ${e.column}: ${e.message}`);
    if (r.errorCount > r.errors.length)
      lines.push(`  … and ${r.errorCount - r.errors.length} more problems not listed`);
  }
  lines.push("");
  if (r.outcome === "rejected") {
    lines.push(
      "Nothing was imported: the file has invalid rows. Fix them, or re-run with --skip-invalid to import the valid rows only.",
    );
  } else if (r.outcome === "dry-run") {
    lines.push("Dry run: nothing was written.");
  } else {
    lines.push(r.rejected ? `Done. ${r.rejected} invalid rows were skipped.` : "Done.");
  }
  return lines.join("\n");
}
