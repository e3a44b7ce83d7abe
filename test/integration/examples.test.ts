import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import type { ImportKind } from "../../src/import/import-report.js";
import { createPresetRun, type PresetName, type PresetOptions } from "../../src/import/presets/index.js";
import { importCsv } from "../../src/services/import-csv.js";
import { testDatabases } from "../helpers/db.js";

// Every file in examples/ (the ones docs/imports.md shows) is imported here the way the docs say,
// and the rows stored are checked: an example that stops importing, or a new example without a
// case below, fails this test.

const dir = join(import.meta.dirname, "../../examples");

interface Example {
  kind: ImportKind;
  preset?: PresetName;
  options?: Partial<PresetOptions>;
  /** What is stored: [idempotency key, type or kind, value or score, customer] in time order. */
  stored: Array<[string, string, string, string | null]>;
}

const EXAMPLES: Record<string, Example> = {
  "movements.csv": {
    kind: "movements",
    stored: [
      ["csv:m-0001", "gained", "1200.00", "c1"],
      ["csv:m-0002", "gained", "2400.00", "c2"],
      ["csv:m-0003", "gained", "50000.00", "c3"],
      ["csv:m-0004", "expanded", "10000.00", "c3"],
      ["csv:m-0005", "lost", "2400.00", "c2"],
      ["csv:m-0006", "referred", "0.00", "c4"],
    ],
  },
  "responses.csv": {
    kind: "responses",
    stored: [
      ["csv:r-0001", "nps", "10", "c1"],
      ["csv:r-0002", "nps", "6", null],
      ["csv:r-0003", "csat", "4", "c3"],
      ["csv:r-0004", "ces", "6", "c3"],
    ],
  },
  "hubspot-deals.csv": {
    kind: "movements",
    preset: "hubspot",
    options: { dateOrder: "mdy" },
    stored: [
      ["csv:hubspot-deal:41001", "gained", "12000.00", "7001"],
      ["csv:hubspot-deal:41002", "gained", "6000.00", "7003"],
      ["csv:hubspot-deal:41003", "expanded", "2500.00", "7001"],
      ["csv:hubspot-deal:41005", "lost", "6000.00", "7003"],
    ],
  },
  "salesforce-opportunities.csv": {
    kind: "movements",
    preset: "salesforce",
    options: { dateOrder: "mdy" },
    stored: [
      ["csv:salesforce-opportunity:0065g00000XyZaB", "gained", "24000.00", "0015g00000AbCdE"],
      ["csv:salesforce-opportunity:0065g00000Sg001", "gained", "9500.00", "0015g00000FgHiJ"],
      ["csv:salesforce-opportunity:0065g00000Up001", "expanded", "3000.00", "0015g00000AbCdE"],
      ["csv:salesforce-opportunity:0065g00000Qw123", "lost", "9500.00", "0015g00000FgHiJ"],
    ],
  },
  "chartmogul-activities.csv": {
    kind: "movements",
    preset: "chartmogul",
    options: { segment: "SMB" },
    stored: [
      ["csv:chartmogul-activity:f1a49735-21c7-4e3f-9ddc-67927aaadcf4", "gained", "720.00", "cus_0001"],
      ["csv:chartmogul-activity:0b6f2a51-6c8e-4d0e-9a3b-1f2e3d4c5b6a", "gained", "1440.00", "cus_0002"],
      ["csv:chartmogul-activity:5d7e8f90-1a2b-4c3d-8e9f-0a1b2c3d4e5f", "expanded", "240.00", "cus_0001"],
      ["csv:chartmogul-activity:6e8f9a01-2b3c-4d4e-9f0a-1b2c3d4e5f60", "contracted", "360.00", "cus_0002"],
      ["csv:chartmogul-activity:7f9a0b12-3c4d-4e5f-8a1b-2c3d4e5f6071", "lost", "1080.00", "cus_0002"],
      ["csv:chartmogul-activity:8a0b1c23-4d5e-4f60-9b2c-3d4e5f607182", "reactivated", "1080.00", "cus_0002"],
    ],
  },
  "delighted-responses.csv": {
    kind: "responses",
    preset: "delighted",
    stored: [
      ["csv:delighted:2001", "nps", "9", "7001"],
      ["csv:delighted:2002", "nps", "3", null],
      ["csv:delighted:2003", "csat", "4", "7003"],
    ],
  },
};

describe("examples/", () => {
  it("has a case below for every file, and a file for every case", () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(EXAMPLES).sort());
  });
});

describe.each(testDatabases())("examples/ imported on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;

  beforeEach(async () => {
    db = await open();
    workspaceId = (
      await resolveWorkspace(db.prisma, { reportingCurrency: "EUR", defaultLocale: "en", timezone: "UTC" })
    ).id;
  });
  afterEach(() => db.close());

  async function load(file: string, example: Example) {
    const path = join(dir, file);
    const preset = example.preset
      ? createPresetRun(example.preset, { timeZone: "Europe/Madrid", ...example.options })
      : undefined;
    await preset?.prepare(path);
    const report = await importCsv(db, example.kind, path, {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "Europe/Madrid",
      skipInvalid: false,
      dryRun: false,
      recordSource: preset?.wrap,
    });
    return preset ? preset.relabel(report) : report;
  }

  async function stored(kind: ImportKind) {
    if (kind === "movements")
      return (
        await db.prisma.customerMovement.findMany({
          include: { customer: true },
          orderBy: { occurredAt: "asc" },
        })
      ).map((m) => [m.idempotencyKey, m.type, m.value.toFixed(2), m.customer.externalId]);
    return (
      await db.prisma.surveyResponse.findMany({
        include: { customer: true },
        orderBy: { respondedAt: "asc" },
      })
    ).map((r) => [r.idempotencyKey, r.kind, String(r.score), r.customer?.externalId ?? null]);
  }

  it.each(Object.entries(EXAMPLES))("imports %s, and again adds nothing", async (file, example) => {
    const report = await load(file, example);
    expect(report.errors).toEqual([]);
    expect(report).toMatchObject({ outcome: "imported", inserted: example.stored.length, rejected: 0 });
    expect(await stored(example.kind)).toEqual(example.stored);

    const again = await load(file, example);
    expect(again).toMatchObject({ inserted: 0, duplicates: example.stored.length });
    expect(await stored(example.kind)).toEqual(example.stored);
  });
});
