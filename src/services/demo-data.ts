import type { Database } from "../data/database.js";
import { deleteDemoRows, hasDemoSegments, isLedgerEmpty as ledgerEmpty } from "../data/demo-rows.js";
import { listReasons } from "../data/taxonomy.js";
import { generateDemoData } from "../domain/demo-data.js";
import { recordMovements } from "./record-movements.js";
import { recordResponses } from "./record-responses.js";

export async function hasDemoData(db: Pick<Database, "prisma">, workspaceId: string): Promise<boolean> {
  return hasDemoSegments(db.prisma, workspaceId);
}

export async function isLedgerEmpty(db: Database, workspaceId: string): Promise<boolean> {
  return ledgerEmpty(db.prisma, workspaceId);
}

/** Loads twelve weeks of generated demo data ending at `now`, all marked as demo. */
export async function loadDemoData(
  db: Database,
  ctx: { workspaceId: string; reportingCurrency: string },
  now: Date,
): Promise<{ movements: number; responses: number }> {
  const data = generateDemoData({ end: now, currency: ctx.reportingCurrency, seed: 1 });
  return db.prisma.$transaction(
    async (tx) => {
      const reasons = await listReasons(tx, ctx.workspaceId);
      const m = await recordMovements(tx, { ...ctx, isDemo: true, reasons }, data.movements);
      const bad = m.outcomes.find((o) => o.status === "rejected");
      if (bad && bad.status === "rejected") throw new Error(`Demo data broke a ledger rule: ${bad.message}`);
      const r = await recordResponses(tx, { workspaceId: ctx.workspaceId, isDemo: true }, data.responses);
      const count = (o: typeof m.outcomes) => o.filter((x) => x.status === "inserted").length;
      return { movements: count(m.outcomes), responses: count(r.outcomes) };
    },
    { timeout: 120_000 },
  );
}

/** Removes everything the demo created, leaving imported data alone. */
export async function removeDemoData(db: Database, workspaceId: string): Promise<number> {
  return deleteDemoRows(db.prisma, workspaceId);
}
