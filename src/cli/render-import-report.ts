import type { ImportReport } from "../import/import-report.js";
import type { PresetSummary } from "../import/presets/index.js";

// Terminal view of an import report: what happened, then every bad line (up to the cap kept).

export function renderImportReport(r: ImportReport, file: string, preset?: PresetSummary): string {
  const lines: string[] = [];
  const verb = r.committed ? "Imported" : "Would import";
  if (preset) {
    // Rows the preset skipped never reach the importer, so they are not in r.rows.
    lines.push(`${file} (${preset.preset} export): ${r.rows + preset.skipped} data rows`);
    lines.push(`  mapped: ${preset.mapped}    skipped: ${preset.skipped}    not mappable: ${preset.invalid}`);
    for (const [why, n] of Object.entries(preset.skippedBy)) lines.push(`    skipped, ${why}: ${n}`);
    if (preset.footer) lines.push(`  report footer: ${preset.footer} lines skipped`);
  } else lines.push(`${file}: ${r.rows} data rows`);
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
