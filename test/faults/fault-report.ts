import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";

// The fault suite's summary: one row per scenario, from what the scenario counted, printed at
// the end of the run and written to out/fault-report.md (quoted in the issue's closing note).

export interface FaultRow {
  fault: string;
  /** Faults the scenario caused: restarts, kills, Slack errors the fake answered with. */
  faultsInjected: number;
  /** Requests (or messages to deliver, or CSV rows) the system said it took. */
  accepted: number;
  /** What ended up stored (or posted to Slack), counted once per distinct record. */
  stored: number;
  /** Records stored more than once. */
  duplicates: number;
  /** Accepted records that were not stored. */
  losses: number;
  /** One line on how the numbers were counted. */
  detail: string;
}

const COLUMNS = ["Fault", "Faults injected", "Requests accepted", "Records stored", "Duplicates", "Losses"];

export function renderFaultTable(rows: FaultRow[]): string {
  const sum = (key: keyof Omit<FaultRow, "fault" | "detail">) => rows.reduce((n, r) => n + r[key], 0);
  const body = [
    ...rows,
    {
      fault: "**Total**",
      faultsInjected: sum("faultsInjected"),
      accepted: sum("accepted"),
      stored: sum("stored"),
      duplicates: sum("duplicates"),
      losses: sum("losses"),
    },
  ].map((r) => [
    r.fault,
    String(r.faultsInjected),
    String(r.accepted),
    String(r.stored),
    String(r.duplicates),
    String(r.losses),
  ]);
  const widths = COLUMNS.map((c, i) => Math.max(c.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(" | ")} |`;
  const rule = `| ${widths.map((w, i) => (i === 0 ? "-".repeat(w) : `${"-".repeat(w - 1)}:`)).join(" | ")} |`;
  return [line(COLUMNS), rule, ...body.map(line)].join("\n");
}

export function renderFaultReport(rows: FaultRow[], skipped: string[]): string {
  return [
    "# Fault suite",
    "",
    renderFaultTable(rows),
    "",
    ...rows.map((r) => `- **${r.fault}**: ${r.detail}`),
    ...skipped.map((s) => `- skipped: ${s}`),
    "",
  ].join("\n");
}

/** Prints the table and writes out/fault-report.md. */
export async function publishFaultReport(rows: FaultRow[], skipped: string[]): Promise<string> {
  const report = renderFaultReport(rows, skipped);
  const dir = join(import.meta.dirname, "../../out");
  await mkdir(dir, { recursive: true });
  const file = join(dir, "fault-report.md");
  await writeFile(file, report);
  console.log(`${report}\n(written to ${file})`);
  return file;
}
