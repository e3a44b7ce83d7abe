import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import type { SegmentStats } from "../../src/domain/customer-math.js";
import { getStats, UnknownSegmentError } from "../../src/services/get-stats.js";
import { importCsv } from "../../src/services/import-csv.js";
import { testDatabases } from "../helpers/db.js";

// Figures computed by hand from test/fixtures/*.csv (see the comments next to each number).
// Window [2026-03-01, 2026-03-29), previous window [2026-02-01, 2026-03-01).

const fixture = (name: string) => join(import.meta.dirname, "../fixtures", name);
const defaults = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };

describe.each(testDatabases())("the customer math on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;
  const opts = () => ({
    workspaceId,
    reportingCurrency: "EUR",
    timeZone: "UTC",
    skipInvalid: false,
    dryRun: false,
  });
  const stats = (segment?: string) =>
    getStats(db.prisma, {
      workspaceId,
      currency: "EUR",
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-29T00:00:00Z"),
      segment,
    });

  beforeEach(async () => {
    db = await open();
    workspaceId = (await resolveWorkspace(db.prisma, defaults)).id;
    const m = await importCsv(db, "movements", fixture("movements.csv"), opts());
    const r = await importCsv(db, "responses", fixture("responses.csv"), opts());
    expect(m).toMatchObject({ inserted: 16, rejected: 0, committed: true });
    expect(r).toMatchObject({ inserted: 14, rejected: 0, committed: true });
  });
  afterEach(() => db.close());

  it("computes gained, lost, net, base and churn for SMB", async () => {
    const report = await stats();
    const smb = report.segments.find((s) => s.segment === "SMB") as SegmentStats;
    // c5 3000 + c9 100 (exactly at `from`, inside); c8 exactly at `to` is outside.
    expect(smb.gained).toEqual({ count: 2, value: "3100.00" });
    expect(smb.lost).toEqual({ count: 2, value: "3500.00" }); // c2 2000 + c4 1500
    expect(smb.reactivated).toEqual({ count: 1, value: "800.00" }); // c1
    expect(smb.net).toEqual({ customers: 1, value: "400.00" }); // 2 + 1 − 2; 3100 + 800 − 3500
    expect(smb.base.start).toEqual({ count: 3, value: "8000.00" }); // c2, c4, c10
    expect(smb.base.end).toEqual({ count: 4, value: "8400.00" }); // c5, c9, c1, c10
    expect(smb.churn).toEqual({ logo: 66.7, value: 43.8 }); // 2/3; 3500/8000 = 43.75
    expect(smb.lostReasons.map((r) => [r.code, r.count, r.value, r.stage])).toEqual([
      ["poor_service", 1, "2000.00", "service"],
      ["price", 1, "1500.00", "sales"],
    ]);
    expect(smb.gainedReasons.map((r) => [r.code, r.count, r.value])).toEqual([
      ["unspecified", 2, "900.00"],
      ["referral", 1, "3000.00"],
    ]);
  });

  it("counts customers first seen lost as active since the ledger began", async () => {
    const ent = (await stats()).segments.find((s) => s.segment === "Enterprise") as SegmentStats;
    expect(ent.gained).toEqual({ count: 1, value: "40000.00" });
    expect(ent.lost).toEqual({ count: 1, value: "30000.00" }); // c6, never seen gained
    expect(ent.expanded).toEqual({ count: 1, value: "10000.00" });
    expect(ent.contracted).toEqual({ count: 1, value: "5000.00" });
    expect(ent.net).toEqual({ customers: 0, value: "15000.00" });
    expect(ent.base.start).toEqual({ count: 2, value: "80000.00" }); // c3 50000 + c6 30000
    expect(ent.base.end).toEqual({ count: 2, value: "95000.00" }); // c3 55000 + c7 40000
    expect(ent.churn).toEqual({ logo: 50, value: 43.8 }); // 1/2; (30000 + 5000)/80000
  });

  it("computes the previous window and the deltas", async () => {
    const smb = (await stats()).segments.find((s) => s.segment === "SMB") as SegmentStats;
    expect(smb.previous.gained).toEqual({ count: 1, value: "1500.00" });
    expect(smb.previous.lost).toEqual({ count: 1, value: "1000.00" });
    expect(smb.previous.net).toEqual({ customers: 0, value: "500.00" });
    expect(smb.previous.base.start).toEqual({ count: 3, value: "7500.00" });
    expect(smb.previous.churn).toEqual({ logo: 33.3, value: 13.3 });
    expect(smb.deltas).toMatchObject({
      gained: 1,
      lost: 1,
      netCustomers: 1,
      netValue: "-100.00",
      churnLogo: 33.4,
      churnValue: 30.5,
      nps: -75,
    });
  });

  it("computes NPS, CSAT and CES with their n", async () => {
    const report = await stats();
    const smb = report.segments.find((s) => s.segment === "SMB") as SegmentStats;
    const ent = report.segments.find((s) => s.segment === "Enterprise") as SegmentStats;
    expect(smb.nps).toEqual({ n: 4, promoters: 2, passives: 1, detractors: 1, score: 25 });
    expect(smb.csat).toEqual({ n: 3, satisfied: 2, score: 66.7 });
    expect(smb.ces).toEqual({ n: 2, score: 4.5 });
    expect(smb.previous.nps.score).toBe(100);
    // r11 has only a customer: it counts in that customer's segment.
    expect(ent.nps).toEqual({ n: 2, promoters: 0, passives: 1, detractors: 1, score: -50 });
    expect(ent.csat).toEqual({ n: 0, satisfied: 0, score: null });
    expect(report.total.nps).toEqual({ n: 6, promoters: 2, passives: 2, detractors: 2, score: 0 });
  });

  it("adds the segments up in the total", async () => {
    const { total } = await stats();
    expect(total.gained).toEqual({ count: 3, value: "43100.00" });
    expect(total.lost).toEqual({ count: 3, value: "33500.00" });
    expect(total.net).toEqual({ customers: 1, value: "15400.00" });
    expect(total.base.start).toEqual({ count: 5, value: "88000.00" });
    expect(total.base.end).toEqual({ count: 6, value: "103400.00" });
    expect(total.churn).toEqual({ logo: 60, value: 43.8 });
  });

  it("scopes to one segment by name, whatever its case", async () => {
    const report = await stats("  smb ");
    expect(report.segments.map((s) => s.segment)).toEqual(["SMB"]);
    expect(report.total.net).toEqual({ customers: 1, value: "400.00" });
    await expect(stats("Mid-Market")).rejects.toThrow(UnknownSegmentError);
    await expect(stats("Mid-Market")).rejects.toThrow(/Valid segments: Enterprise, SMB/);
  });

  it("says n = 0 and null scores for an empty window, with no NaN anywhere", async () => {
    const report = await getStats(db.prisma, {
      workspaceId,
      currency: "EUR",
      from: new Date("2030-01-01T00:00:00Z"),
      to: new Date("2030-01-08T00:00:00Z"),
    });
    const json = JSON.stringify(report);
    expect(json).not.toContain("NaN");
    expect(report.total.nps).toEqual({ n: 0, promoters: 0, passives: 0, detractors: 0, score: null });
    expect(report.total.gained).toEqual({ count: 0, value: "0.00" });
    // Everyone active at the end of the fixture, plus c8 gained at 2026-03-29.
    expect(report.total.base.start).toEqual({ count: 7, value: "104399.00" });
    expect(report.total.churn).toEqual({ logo: 0, value: 0 });
  });
});
