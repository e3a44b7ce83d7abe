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
    // Intervals by hand: adjusted Wald n′ 7, p′ 2.75/7, d′ 1.75/7, SE 0.29820 → 14.3 ± 58.4;
    // Wilson 2 of 3 → [20.8, 93.9]; CES 6 and 3: s 2.1213, t(1) 12.706 → 4.5 ± 19.1, clipped to 1–7.
    expect(smb.nps).toEqual({
      n: 4,
      promoters: 2,
      passives: 1,
      detractors: 1,
      score: 25,
      ci: { low: -44.2, high: 72.7 },
    });
    expect(smb.csat).toEqual({ n: 3, satisfied: 2, score: 66.7, ci: { low: 20.8, high: 93.9 } });
    expect(smb.ces).toEqual({ n: 2, score: 4.5, ci: { low: 1, high: 7 } });
    // 4 answers now, 2 before: below the minimum of 10, so no change is called.
    expect(smb.changes).toEqual({ nps: "tooFew", csat: null, ces: null });
    expect(smb.previous.nps.score).toBe(100);
    // r11 has only a customer: it counts in that customer's segment.
    // n′ 5, p′ 0.15, d′ 0.35, SE 0.30332 → −20 ± 59.4
    expect(ent.nps).toEqual({
      n: 2,
      promoters: 0,
      passives: 1,
      detractors: 1,
      score: -50,
      ci: { low: -79.4, high: 39.4 },
    });
    expect(ent.csat).toEqual({ n: 0, satisfied: 0, score: null, ci: null });
    // n′ 9, p′ = d′ = 2.75/9, SE 0.26058 → 0 ± 51.1
    expect(report.total.nps).toEqual({
      n: 6,
      promoters: 2,
      passives: 2,
      detractors: 2,
      score: 0,
      ci: { low: -51.1, high: 51.1 },
    });
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
    expect(report.total.nps).toEqual({
      n: 0,
      promoters: 0,
      passives: 0,
      detractors: 0,
      score: null,
      ci: null,
    });
    expect(report.total.gained).toEqual({ count: 0, value: "0.00" });
    // Everyone active at the end of the fixture, plus c8 gained at 2026-03-29.
    expect(report.total.base.start).toEqual({ count: 7, value: "104399.00" });
    expect(report.total.churn).toEqual({ logo: 0, value: 0 });
    // Nobody of the cohort moved: everything retained; nothing lost, so no quick ratio.
    expect(report.total.retention).toEqual({ nrr: 100, grr: 100, logo: 100 });
    expect(report.total.quickRatio).toBeNull();
  });

  it("follows the cohort active at `from` to `to`: NRR, GRR, logo retention and quick ratio", async () => {
    const report = await stats();
    const smb = report.segments.find((s) => s.segment === "SMB") as SegmentStats;
    const ent = report.segments.find((s) => s.segment === "Enterprise") as SegmentStats;
    // SMB cohort c2 2000, c4 1500, c10 4500 = 8000; at `to` c2 and c4 are lost, c10 4500.
    // NRR 4500/8000 = 56.25 → 56.3; GRR the same (nobody grew); logo 1/3 = 33.3.
    expect(smb.retention).toEqual({ nrr: 56.3, grr: 56.3, logo: 33.3 });
    // (new 3100 + reactivation 800 + expansion 0) / (churned 3500 + contraction 0) = 1.114 → 1.11
    expect(smb.quickRatio).toBe(1.11);
    // Enterprise cohort c3 50000, c6 30000 = 80000; at `to` c3 55000 (+10000 −5000), c6 lost.
    // NRR 55000/80000 = 68.75 → 68.8; GRR min(55000, 50000)/80000 = 62.5; logo 1/2 = 50.
    expect(ent.retention).toEqual({ nrr: 68.8, grr: 62.5, logo: 50 });
    // (40000 + 0 + 10000) / (30000 + 5000) = 1.4286 → 1.43
    expect(ent.quickRatio).toBe(1.43);
    // Total: 59500/88000 = 67.61 → 67.6; 54500/88000 = 61.93 → 61.9; 2/5 = 40;
    // (43100 + 800 + 10000) / (33500 + 5000) = 1.40
    expect(report.total.retention).toEqual({ nrr: 67.6, grr: 61.9, logo: 40 });
    expect(report.total.quickRatio).toBe(1.4);
    // The previous window: 1500 gained / 1000 lost = 1.5
    expect(smb.previous.quickRatio).toBe(1.5);
    // Scoped to one segment, the same figures.
    expect((await stats("smb")).total.retention).toEqual({ nrr: 56.3, grr: 56.3, logo: 33.3 });
  });

  it("has no retention for an empty cohort", async () => {
    const report = await getStats(db.prisma, {
      workspaceId,
      currency: "EUR",
      from: new Date("2025-01-01T00:00:00Z"),
      to: new Date("2025-02-01T00:00:00Z"),
    });
    const smb = report.segments.find((s) => s.segment === "SMB") as SegmentStats;
    expect(smb.retention).toEqual({ nrr: null, grr: null, logo: null });
    // c6 was first seen lost, so it counts as a customer since the ledger began: still there.
    const ent = report.segments.find((s) => s.segment === "Enterprise") as SegmentStats;
    expect(ent.retention).toEqual({ nrr: 100, grr: 100, logo: 100 });
    expect(JSON.stringify(report)).not.toMatch(/NaN|Infinity/);
  });
});
