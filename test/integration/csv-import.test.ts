import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { CsvHeaderError } from "../../src/import/csv-errors.js";
import { importCsv } from "../../src/services/import-csv.js";
import { testDatabases } from "../helpers/db.js";

const HEADER = "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note";
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rtg-csv-"));
});
async function csv(name: string, ...lines: string[]): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, `${lines.join("\n")}\n`);
  return file;
}

describe.each(testDatabases())("CSV import on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;
  const run = (
    file: string,
    extra: Partial<Parameters<typeof importCsv>[3]> = {},
    kind: "movements" | "responses" = "movements",
  ) =>
    importCsv(db, kind, file, {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "Europe/Madrid",
      skipInvalid: false,
      dryRun: false,
      ...extra,
    });
  const count = () => db.prisma.customerMovement.count();

  beforeEach(async () => {
    db = await open();
    workspaceId = (
      await resolveWorkspace(db.prisma, { reportingCurrency: "EUR", defaultLocale: "es", timezone: "UTC" })
    ).id;
  });
  afterEach(() => db.close());

  it("rejects a file with bad rows as a whole, naming every bad line, column and reason", async () => {
    const file = await csv(
      "bad.csv",
      HEADER,
      "a1,2026-01-05,c1,Acme,SMB,gained,100,EUR,referral,",
      "a2,2026-01-06,c2,Beta,SMB,won,100,EUR,,",
      "a3,not-a-date,c3,Gamma,SMB,gained,12.345,EUR,,",
      "a4,2026-01-07,c1,,SMB,lost,100,EUR,pricing,",
      "a5,2026-01-08,c4,Delta,SMB,gained,50,USD,,",
    );
    const report = await run(file);
    expect(report.outcome).toBe("rejected");
    expect(report.committed).toBe(false);
    expect(report.errors).toEqual([
      { line: 3, column: "type", message: expect.stringContaining("must be one of gained, lost") },
      { line: 4, column: "occurred_at", message: expect.stringContaining('"not-a-date"') },
      { line: 4, column: "value", message: expect.stringContaining("at most two decimals") },
      { line: 5, column: "reason", message: expect.stringContaining('unknown lost reason "pricing"') },
      {
        line: 6,
        column: "currency",
        message: expect.stringContaining("USD is not the reporting currency EUR"),
      },
    ]);
    expect(await count()).toBe(0);
    expect(await db.prisma.segment.count()).toBe(0);
    expect(await db.prisma.customer.count()).toBe(0);
  });

  it("imports the valid rows with --skip-invalid and reports the rest", async () => {
    const file = await csv(
      "mixed.csv",
      HEADER,
      "a1,2026-01-05,c1,Acme,SMB,gained,100,EUR,referral,",
      "a2,2026-01-06,c1,,SMB,lost,100,EUR,price,",
      "a3,2026-01-07,c1,,SMB,lost,100,EUR,price,",
    );
    const report = await run(file, { skipInvalid: true });
    expect(report).toMatchObject({ outcome: "imported", committed: true, inserted: 2, rejected: 1 });
    expect(report.errors[0]).toMatchObject({ line: 4, column: "type" });
    expect(report.errors[0]?.message).toContain("cannot be lost twice");
    expect(await count()).toBe(2);
    expect(report.createdSegments).toEqual(["SMB"]);
  });

  it("validates only with --dry-run", async () => {
    const file = await csv("dry.csv", HEADER, "a1,2026-01-05,c1,Acme,Mid Market,gained,100,,,");
    const report = await run(file, { dryRun: true });
    expect(report).toMatchObject({ outcome: "dry-run", committed: false, inserted: 1, errorCount: 0 });
    expect(await count()).toBe(0);
    expect(await db.prisma.segment.count()).toBe(0);
  });

  it("adds nothing when the same file is imported again, with or without ids", async () => {
    const file = await csv(
      "again.csv",
      HEADER,
      "a1,2026-01-05T10:00:00+01:00,c1,Acme,SMB,gained,100,EUR,,",
      ",2026-01-06T10:00:00+01:00,c2,Beta,SMB,gained,200,EUR,,sin id",
    );
    expect(await run(file)).toMatchObject({ inserted: 2, duplicates: 0 });
    expect(await run(file)).toMatchObject({ inserted: 0, duplicates: 2, outcome: "imported" });
    expect(await count()).toBe(2);
  });

  it("reports an id seen before with different content", async () => {
    await run(await csv("one.csv", HEADER, "a1,2026-01-05,c1,Acme,SMB,gained,100,EUR,,"));
    const report = await run(await csv("two.csv", HEADER, "a1,2026-01-05,c1,Acme,SMB,gained,999,EUR,,"));
    expect(report.outcome).toBe("rejected");
    expect(report.errors[0]).toMatchObject({ line: 2, column: "id" });
    expect(report.errors[0]?.message).toContain("different content");
  });

  it("reads RFC 4180 quoting, a BOM, and dates in the chosen time zone", async () => {
    const file = await csv(
      "quoted.csv",
      `\uFEFF${HEADER}`,
      'a1,2026-01-05,c1,"Acme, ""the"" best",Public Sector,gained,100,EUR,,"two',
      'lines"',
    );
    expect(await run(file)).toMatchObject({ inserted: 1, rejected: 0 });
    const m = await db.prisma.customerMovement.findFirstOrThrow({
      include: { customer: true, segment: true },
    });
    expect(m.customer.name).toBe('Acme, "the" best');
    expect(m.note).toBe("two\nlines");
    expect(m.segment.name).toBe("Public Sector");
    expect(m.occurredAt.toISOString()).toBe("2026-01-04T23:00:00.000Z"); // midnight in Madrid
  });

  it("refuses a header without the required columns, and an empty file", async () => {
    await expect(run(await csv("h.csv", "id,occurred_at,customer_id", "a,b,c"))).rejects.toThrow(
      CsvHeaderError,
    );
    await expect(run(await csv("h.csv", "id,occurred_at,customer_id", "a,b,c"))).rejects.toThrow(
      /missing customer_name, segment, type, value, currency, reason, note/,
    );
    await writeFile(join(dir, "empty.csv"), "");
    await expect(run(join(dir, "empty.csv"))).rejects.toThrow(/empty/);
  });

  it("reports invalid UTF-8 and a wrong number of fields", async () => {
    const file = join(dir, "latin1.csv");
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from(`${HEADER}\na1,2026-01-05,c1,Ferreter`),
        Buffer.from([0xed, 0x61]), // "ía" in Latin-1, invalid in UTF-8
        Buffer.from(",SMB,gained,100,EUR,,\na2,2026-01-05,c2\n"),
      ]),
    );
    const report = await run(file);
    expect(report.errors).toEqual([
      { line: 2, column: "customer_name", message: "is not valid UTF-8" },
      { line: 3, column: "row", message: "has 3 fields, the header has 10" },
    ]);
  });

  it("keeps the derived state right when a movement is back-dated", async () => {
    await run(
      await csv(
        "first.csv",
        HEADER,
        "a1,2026-01-05,c1,Acme,SMB,gained,100,EUR,,",
        "a2,2026-03-05,c1,,SMB,lost,150,EUR,,",
      ),
    );
    await run(await csv("later.csv", HEADER, "a3,2026-02-05,c1,,SMB,expanded,50,EUR,,"));
    const rows = await db.prisma.customerMovement.findMany({ orderBy: { occurredAt: "asc" } });
    expect(rows.map((r) => [r.type, r.statusAfter, r.valueAfter.toFixed(2)])).toEqual([
      ["gained", "active", "100.00"],
      ["expanded", "active", "150.00"],
      ["lost", "lost", "0.00"],
    ]);
    const customer = await db.prisma.customer.findFirstOrThrow();
    expect(customer.status).toBe("lost");
  });

  it("stores the same ledger whatever the batch size (batches remember customers between them)", async () => {
    const lines = [
      "b1,2026-01-01,c1,Acme,SMB,gained,100,EUR,,",
      "b2,2026-01-02,c2,Beta,Mid Market,expanded,20,EUR,,",
      "b3,2026-01-03,c1,,SMB,expanded,50,EUR,,",
      "b4,2026-01-04,c2,,Mid Market,lost,70,EUR,,",
      "b5,2026-01-05,c1,Acme Ltd,Enterprise,contracted,30,EUR,,",
      "b6,2026-01-06,c3,Gamma,SMB,gained,10,EUR,,",
      "b7,2026-01-03,c1,,SMB,lost,100,EUR,,",
      "b8,2026-01-07,c2,,Mid Market,reactivated,90,EUR,,",
      "b9,2026-01-08,c3,,SMB,gained,10,EUR,,",
      "b10,2026-01-09,c1,,SMB,lost,120,EUR,,",
      "b11,2026-01-10,c1,,SMB,reactivated,80,EUR,,",
      "b12,2026-01-09,c3,,SMB,expanded,5,EUR,,",
      "b13,2026-01-11,c4,Delta,SMB,contracted,5,EUR,,",
    ];
    const snapshot = async () => ({
      movements: (
        await db.prisma.customerMovement.findMany({
          orderBy: { idempotencyKey: "asc" },
          include: { customer: true, segment: true },
        })
      ).map((m) => [
        m.idempotencyKey,
        m.customer.externalId,
        m.segment.key,
        m.statusAfter,
        m.valueAfter.toFixed(2),
      ]),
      customers: (
        await db.prisma.customer.findMany({ orderBy: { externalId: "asc" }, include: { segment: true } })
      ).map((c) => [
        c.externalId,
        c.name,
        c.segment.key,
        c.status,
        c.currentValue.toFixed(2),
        c.openingActive,
        c.openingValue.toFixed(2),
      ]),
    });
    const results = [];
    for (const batchSize of [2000, 1, 3]) {
      await db.close();
      db = await open();
      workspaceId = (
        await resolveWorkspace(db.prisma, { reportingCurrency: "EUR", defaultLocale: "es", timezone: "UTC" })
      ).id;
      await run(await csv("before.csv", HEADER, "b0,2025-12-01,c4,Delta,SMB,gained,40,EUR,,"));
      const report = await run(await csv(`batches-${batchSize}.csv`, HEADER, ...lines), {
        batchSize,
        skipInvalid: true,
      });
      results.push({ report: [report.inserted, report.rejected, report.errors], ...(await snapshot()) });
    }
    expect(results[0]?.report[1]).toBeGreaterThan(0);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
  });

  it("imports survey answers, checking each kind's range", async () => {
    const file = await csv(
      "responses.csv",
      "id,responded_at,kind,score,customer_id,segment,touchpoint,comment",
      "r1,2026-01-05,nps,10,,SMB,relationship,",
      "r2,2026-01-05,csat,6,,SMB,support,",
      "r3,2026-01-05,ces,0,,SMB,support,",
      "r4,2026-01-05,nps,5,,,support,",
      "r5,2026-01-05,nps,7,c9,,support,",
    );
    const report = await run(file, { skipInvalid: true }, "responses");
    expect(report.inserted).toBe(1);
    expect(report.errors).toEqual([
      { line: 3, column: "score", message: "6 is out of range for CSAT (1–5)" },
      { line: 4, column: "score", message: "0 is out of range for CES (1–7)" },
      { line: 5, column: "segment", message: "is required when there is no customer_id" },
      {
        line: 6,
        column: "segment",
        message: "customer c9 is not in the ledger yet, so a segment is required",
      },
    ]);
  });
  it("refreshes the planner's statistics after a big import (PGlite never does it by itself)", async () => {
    const reltuples = async () =>
      (
        await db.prisma.$queryRaw<Array<{ n: number }>>`
          SELECT reltuples::float8 AS n FROM pg_class WHERE relname = 'customer_movement'`
      )[0]?.n ?? 0;
    const small = await csv(
      "small.csv",
      HEADER,
      "s1,2026-01-05T10:00:00Z,c1,Uno,SMB,gained,100,EUR,referral,",
    );
    await run(small);
    expect(await reltuples()).toBeLessThan(1);
    const rows = Array.from(
      { length: 10_000 },
      (_, i) => `b${i},2026-01-06T10:00:00Z,big-${i},Customer ${i},SMB,gained,100,EUR,referral,`,
    );
    const report = await run(await csv("big.csv", HEADER, ...rows));
    expect(report.inserted).toBe(10_000);
    expect(await reltuples()).toBeGreaterThan(9_000);
  });
});
