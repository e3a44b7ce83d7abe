import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import type { SegmentStats } from "../../src/domain/customer-math.js";
import { getStats } from "../../src/services/get-stats.js";
import { importCsv } from "../../src/services/import-csv.js";
import { testDatabases } from "../helpers/db.js";

// Retention where cohort customers move more than once in the period, or after it. Window
// [2026-03-01, 2026-03-29); every expected figure is worked out by hand beside it.
const LEDGER = `id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note
a1,2026-01-10T09:00:00Z,d1,Uno,SMB,gained,1000,EUR,,
a2,2026-01-11T09:00:00Z,d2,Dos,SMB,gained,2000,EUR,,
a3,2026-01-12T09:00:00Z,d3,Tres,SMB,gained,3000,EUR,,
a4,2026-02-10T09:00:00Z,d5,Cinco,Public Sector,gained,1000,EUR,,
b1,2026-03-05T09:00:00Z,d1,,SMB,lost,1000,EUR,,
b2,2026-03-20T09:00:00Z,d1,,SMB,reactivated,600,EUR,,
b3,2026-03-10T09:00:00Z,d2,,SMB,expanded,500,EUR,,
b4,2026-04-05T09:00:00Z,d2,,SMB,lost,2500,EUR,,
b5,2026-03-02T09:00:00Z,d4,Cuatro,SMB,gained,700,EUR,,
b6,2026-03-10T09:00:00Z,d4,,SMB,lost,700,EUR,,
b7,2026-03-03T09:00:00Z,d5,,Public Sector,contracted,400,EUR,,
`;

describe.each(testDatabases())("retention on $name", ({ open }) => {
  let db: Database;
  let dir: string;
  let workspaceId: string;

  beforeEach(async () => {
    db = await open();
    workspaceId = (
      await resolveWorkspace(db.prisma, { reportingCurrency: "EUR", defaultLocale: "en", timezone: "UTC" })
    ).id;
    dir = await mkdtemp(join(tmpdir(), "retention-"));
    await writeFile(join(dir, "ledger.csv"), LEDGER);
    const r = await importCsv(db, "movements", join(dir, "ledger.csv"), {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    });
    expect(r).toMatchObject({ inserted: 11, rejected: 0, committed: true });
  });
  afterEach(async () => {
    await db.close();
    await rm(dir, { recursive: true, force: true });
  });

  it("counts each cohort customer at its value at `to`", async () => {
    const report = await getStats(db.prisma, {
      workspaceId,
      currency: "EUR",
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-29T00:00:00Z"),
    });
    const smb = report.segments.find((s) => s.segment === "SMB") as SegmentStats;
    const ps = report.segments.find((s) => s.segment === "Public Sector") as SegmentStats;
    // SMB cohort d1 1000, d2 2000, d3 3000 = 6000 (d4 is new). At `to`: d1 lost then back at 600,
    // d2 2500 (its loss is after `to`), d3 3000 → 6100/6000 = 101.67 → 101.7;
    // kept 600 + 2000 + 3000 = 5600 → 93.3; all three active → 100.
    expect(smb.base.start).toEqual({ count: 3, value: "6000.00" });
    expect(smb.retention).toEqual({ nrr: 101.7, grr: 93.3, logo: 100 });
    // (new 700 + reactivation 600 + expansion 500) / (churned 1000 + 700) = 1.0588 → 1.06
    expect(smb.quickRatio).toBe(1.06);
    // The line adds up: gained 1 + reactivated 1 − lost 2 = 0; 700 + 600 + 500 − 1700 = 100
    expect(smb.net).toEqual({ customers: 0, value: "100.00" });
    // Public Sector cohort d5 1000, at `to` 600: 60 / 60 / 100; quick ratio 0 / 400 = 0 (a loss
    // happened, so it is 0, not none).
    expect(ps.retention).toEqual({ nrr: 60, grr: 60, logo: 100 });
    expect(ps.quickRatio).toBe(0);
    // Total cohort 7000: 6700 → 95.7; 6200 → 88.6; 4/4 → 100; 1800 / 2100 = 0.857 → 0.86
    expect(report.total.retention).toEqual({ nrr: 95.7, grr: 88.6, logo: 100 });
    expect(report.total.quickRatio).toBe(0.86);
  });

  it("reads the same through a meeting's segment scope", async () => {
    const segments = report0Segments(
      await getStats(db.prisma, {
        workspaceId,
        currency: "EUR",
        from: new Date("2026-03-01T00:00:00Z"),
        to: new Date("2026-03-29T00:00:00Z"),
      }),
    );
    const scoped = await getStats(db.prisma, {
      workspaceId,
      currency: "EUR",
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-29T00:00:00Z"),
      segmentIds: [segments["Public Sector"] ?? ""],
    });
    expect(scoped.total.retention).toEqual({ nrr: 60, grr: 60, logo: 100 });
  });
});

function report0Segments(report: { segments: SegmentStats[] }): Record<string, string> {
  return Object.fromEntries(report.segments.map((s) => [s.segment, s.segmentId ?? ""]));
}
