import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import type { ImportKind } from "../../src/import/import-report.js";
import { createPresetRun, type PresetName, type PresetOptions } from "../../src/import/presets/index.js";
import { importCsv } from "../../src/services/import-csv.js";
import { testDatabases } from "../helpers/db.js";

// The presets end to end: a vendor's export through the streaming importer into the ledger, on
// both databases. Re-importing adds nothing; one bad row rejects the file and writes nothing.

const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/presets/${name}`, import.meta.url));

describe.each(testDatabases())("CSV presets on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;

  async function run(
    preset: PresetName,
    kind: ImportKind,
    file: string,
    options: Partial<PresetOptions> = {},
    extra: { skipInvalid?: boolean; prepareTwice?: boolean } = {},
  ) {
    const presetRun = createPresetRun(preset, { timeZone: "Europe/Madrid", ...options });
    await presetRun.prepare(fixture(file));
    if (extra.prepareTwice) await presetRun.prepare(fixture(file));
    const report = await importCsv(db, kind, fixture(file), {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "Europe/Madrid",
      skipInvalid: extra.skipInvalid ?? false,
      dryRun: false,
      recordSource: presetRun.wrap,
    });
    return { report: presetRun.relabel(report), summary: presetRun.summary };
  }

  const ledger = async () =>
    (
      await db.prisma.customerMovement.findMany({
        include: { customer: true, segment: true, reasonCode: true },
        orderBy: { occurredAt: "asc" },
      })
    ).map((m) => ({
      key: m.idempotencyKey,
      customer: `${m.customer.externalId} ${m.customer.name}`,
      segment: m.segment.name,
      type: m.type,
      at: m.occurredAt.toISOString(),
      value: m.value.toFixed(2),
      reason: m.reasonCode?.code ?? null,
      note: m.note,
    }));

  beforeEach(async () => {
    db = await open();
    workspaceId = (
      await resolveWorkspace(db.prisma, { reportingCurrency: "EUR", defaultLocale: "es", timezone: "UTC" })
    ).id;
  });
  afterEach(() => db.close());

  it("imports HubSpot closed deals as movements with reasons, skips open ones, and adds nothing again", async () => {
    const { report, summary } = await run("hubspot", "movements", "hubspot-deals.csv");
    expect(report).toMatchObject({ outcome: "imported", inserted: 5, rejected: 0, errorCount: 0 });
    expect(summary).toMatchObject({ mapped: 5, skipped: 3, invalid: 0 });
    expect(await ledger()).toEqual([
      {
        key: "csv:hubspot-deal:9001",
        customer: "501 Acme, S.L.",
        segment: "Retail",
        type: "gained",
        at: "2026-01-12T09:30:00.000Z",
        value: "12000.00",
        reason: "referral",
        note: "Referido por un cliente · Deal: Acme — Plan Pro",
      },
      expect.objectContaining({
        key: "csv:hubspot-deal:9002",
        type: "lost",
        reason: "price",
        value: "8000.00",
      }),
      expect.objectContaining({ key: "csv:hubspot-deal:9005", type: "expanded", value: "2500.00" }),
      expect.objectContaining({
        key: "csv:hubspot-deal:9006",
        type: "lost",
        reason: "onboarding_failure",
        at: "2026-03-04T23:00:00.000Z",
      }),
      expect.objectContaining({
        key: "csv:hubspot-deal:9008",
        type: "lost",
        reason: "other",
        note: "Cambio de estrategia · Deal: Theta",
      }),
    ]);

    const again = await run("hubspot", "movements", "hubspot-deals.csv");
    expect(again.report).toMatchObject({ outcome: "imported", inserted: 0, duplicates: 5 });
    expect(await db.prisma.customerMovement.count()).toBe(5);
  });

  it("rejects a HubSpot file with a bad row as a whole, naming the source line and column", async () => {
    const { report } = await run("hubspot", "movements", "hubspot-bad.csv");
    expect(report.outcome).toBe("rejected");
    expect(report.errors).toEqual([
      { line: 3, column: "Amount", message: expect.stringContaining('"12k"') },
      { line: 4, column: "Close Date", message: expect.stringContaining('"el martes"') },
    ]);
    expect(await db.prisma.customerMovement.count()).toBe(0);
    expect(await db.prisma.customer.count()).toBe(0);

    const skipping = await run("hubspot", "movements", "hubspot-bad.csv", {}, { skipInvalid: true });
    expect(skipping.report).toMatchObject({ outcome: "imported", inserted: 1, rejected: 2 });
  });

  it("names the source column when the ledger refuses a mapped row", async () => {
    await run("hubspot", "movements", "hubspot-deals.csv");
    // The same deal ids in other segments: changed records, which the ledger refuses by id.
    const refused = await run("hubspot", "movements", "hubspot-deals.csv", { segmentColumn: "Deal Name" });
    expect(refused.report.outcome).toBe("rejected");
    expect(refused.report.errors[0]).toMatchObject({ line: 2, column: "Record ID" });
    expect(refused.report.errors[0]?.message).toContain("different content");
  });

  it("gains a customer once: a second won deal is an expansion, a win after a loss a reactivation", async () => {
    const { report } = await run(
      "hubspot",
      "movements",
      "hubspot-repeat-customers.csv",
      {},
      { prepareTwice: true },
    );
    expect(report).toMatchObject({ outcome: "imported", inserted: 7, errorCount: 0 });
    expect((await ledger()).map((m) => [m.key.replace("csv:hubspot-deal:", ""), m.type])).toEqual([
      ["9205", "gained"],
      ["9202", "gained"],
      ["9204", "lost"],
      ["9206", "lost"],
      ["9207", "reactivated"],
      ["9201", "expanded"],
      ["9203", "reactivated"],
    ]);
    const again = await run("hubspot", "movements", "hubspot-repeat-customers.csv");
    expect(again.report).toMatchObject({ inserted: 0, duplicates: 7 });
  });

  it("imports Salesforce opportunities (dates read day first) and adds nothing again", async () => {
    const { report, summary } = await run("salesforce", "movements", "salesforce-opportunities.csv", {
      dateOrder: "dmy",
    });
    expect(report).toMatchObject({ outcome: "imported", inserted: 4, rejected: 0 });
    expect(summary.skippedBy).toEqual({
      "lost new-business deal (a prospect, not a customer)": 1,
      "not closed (open stage)": 1,
    });
    expect((await ledger()).map((m) => [m.key, m.type, m.at, m.value, m.reason])).toEqual([
      [
        "csv:salesforce-opportunity:0065g00000XyZaB",
        "gained",
        "2026-01-14T23:00:00.000Z",
        "24000.00",
        "partner",
      ],
      [
        "csv:salesforce-opportunity:0065g00000Qw123",
        "lost",
        "2026-02-19T23:00:00.000Z",
        "9500.00",
        "budget_cut",
      ],
      ["csv:salesforce-opportunity:0065g00000Up001", "expanded", "2026-02-28T23:00:00.000Z", "3000.00", null],
      [
        "csv:salesforce-opportunity:0065g00000Dn001",
        "contracted",
        "2026-03-04T23:00:00.000Z",
        "1000.00",
        "price",
      ],
    ]);
    const again = await run("salesforce", "movements", "salesforce-opportunities.csv", { dateOrder: "dmy" });
    expect(again.report).toMatchObject({ inserted: 0, duplicates: 4 });
  });

  it("rejects Salesforce slashed dates without --date-order, writing nothing", async () => {
    const { report } = await run("salesforce", "movements", "salesforce-opportunities.csv");
    expect(report.outcome).toBe("rejected");
    expect(report.errors.map((e) => [e.line, e.column])).toEqual([
      [2, "Close Date"],
      [3, "Close Date"],
      [4, "Close Date"],
      [7, "Close Date"],
    ]);
    expect(await db.prisma.customerMovement.count()).toBe(0);
  });

  it("imports a HubSpot export with (Primary) associations, account date-times, company-currency amounts and a custom pipeline", async () => {
    const options = { dateOrder: "mdy" as const, wonStages: ["Contract signed"], lostStages: ["Churned"] };
    const { report, summary } = await run("hubspot", "movements", "hubspot-deals-primary.csv", options);
    expect(report).toMatchObject({ outcome: "imported", inserted: 4, rejected: 0, errorCount: 0 });
    expect(summary.skippedBy).toEqual({
      "not closed (open stage)": 1,
      "lost new-business deal (a prospect, not a customer)": 1,
    });
    expect((await ledger()).map((m) => [m.key, m.customer, m.type, m.at, m.value, m.reason])).toEqual([
      [
        "csv:hubspot-deal:31001",
        "7001 Northwind Traders",
        "gained",
        "2025-04-08T15:19:00.000Z",
        "10000.00",
        null,
      ],
      ["csv:hubspot-deal:31002", "7003 Contoso Ltd", "gained", "2025-04-09T15:19:00.000Z", "5000.00", null],
      [
        "csv:hubspot-deal:31003",
        "7001 Northwind Traders",
        "expanded",
        "2025-06-02T07:05:33.000Z",
        "2000.00",
        null,
      ],
      [
        "csv:hubspot-deal:31004",
        "7003 Contoso Ltd",
        "lost",
        "2025-12-01T08:00:00.000Z",
        "5000.00",
        "competitor",
      ],
    ]);
    // The company currency is the file's one currency: the USD deal amounts are not read.
    const currencies = await db.prisma.customerMovement.findMany({
      select: { currency: true },
      distinct: ["currency"],
    });
    expect(currencies).toEqual([{ currency: "EUR" }]);
    expect(await db.prisma.customer.count()).toBe(2);
    const again = await run("hubspot", "movements", "hubspot-deals-primary.csv", options);
    expect(again.report).toMatchObject({ inserted: 0, duplicates: 4 });
  });

  it("without --won-stage / --lost-stage, custom closing stages are open deals; a closed stage that says neither is refused", async () => {
    const { report } = await run("hubspot", "movements", "hubspot-deals-primary.csv", { dateOrder: "mdy" });
    expect(report).toMatchObject({ outcome: "imported", inserted: 2 });
    const bad = await run("hubspot", "movements", "hubspot-deals-primary-bad.csv", { dateOrder: "mdy" });
    expect(bad.report.outcome).toBe("rejected");
    expect(bad.report.errors).toEqual([
      {
        line: 3,
        column: "Associated Company IDs",
        message: expect.stringContaining("none is marked primary"),
      },
      {
        line: 4,
        column: "Deal Stage",
        message: expect.stringContaining('--won-stage "Closed - pending signature"'),
      },
      {
        line: 5,
        column: "Close Date",
        message: expect.stringContaining('"13/8/2025 17:19" is not a calendar date'),
      },
      { line: 6, column: "Close Date", message: expect.stringContaining("not a clock time") },
      { line: 7, column: "Amount", message: expect.stringContaining("could be thousands or decimals") },
      {
        line: 8,
        column: "Amount",
        message:
          '"1.500,00" was written with a decimal comma, but this file writes amounts like "1200.50" (line 2): one convention per file',
      },
      {
        line: 9,
        column: "Currency",
        message: expect.stringContaining("is USD, but this file's amounts are in EUR (line 2)"),
      },
    ]);
    expect(await db.prisma.customerMovement.count()).toBe(2);
    const skipping = await run(
      "hubspot",
      "movements",
      "hubspot-deals-primary-bad.csv",
      { dateOrder: "mdy" },
      { skipInvalid: true },
    );
    expect(skipping.report).toMatchObject({ outcome: "imported", inserted: 1, rejected: 7 });
    expect((await ledger()).find((m) => m.key === "csv:hubspot-deal:41001")).toMatchObject({
      value: "1200.50",
    });
  });

  it("stops a Salesforce report at its footer, and the 18-character export of it adds nothing and no customer", async () => {
    const { report, summary } = await run("salesforce", "movements", "salesforce-report-footer.csv", {
      dateOrder: "mdy",
    });
    expect(report).toMatchObject({ outcome: "imported", inserted: 4, rejected: 0, errorCount: 0 });
    expect(summary).toMatchObject({ mapped: 4, skipped: 1, invalid: 0, footer: 3 });
    expect((await ledger()).map((m) => [m.key, m.customer, m.type, m.at, m.value])).toEqual([
      [
        "csv:salesforce-opportunity:0065g00000Ab1Cd",
        "0015g00000NwTdA Northwind Traders",
        "gained",
        "2025-04-07T22:00:00.000Z",
        "24000.00",
      ],
      [
        "csv:salesforce-opportunity:0065g00000Ef2Gh",
        "0015g00000PqRsT Pequod Shipping",
        "gained",
        "2025-05-19T22:00:00.000Z",
        "9500.00",
      ],
      [
        "csv:salesforce-opportunity:0065g00000Ij3Kl",
        "0015g00000NwTdA Northwind Traders",
        "expanded",
        "2025-08-31T22:00:00.000Z",
        "3000.00",
      ],
      [
        "csv:salesforce-opportunity:0065g00000Mn4Op",
        "0015g00000PqRsT Pequod Shipping",
        "lost",
        "2026-01-14T23:00:00.000Z",
        "9500.00",
      ],
    ]);
    const eighteen = await run("salesforce", "movements", "salesforce-report-18.csv", { dateOrder: "mdy" });
    expect(eighteen.report).toMatchObject({ outcome: "imported", inserted: 0, duplicates: 4, errorCount: 0 });
    expect(eighteen.summary.footer).toBe(5);
    expect(await db.prisma.customerMovement.count()).toBe(4);
    expect(await db.prisma.customer.count()).toBe(2);
  });

  it("refuses a wrong Salesforce id checksum naming line and column, and a formatted report saying which export to choose", async () => {
    const { report } = await run("salesforce", "movements", "salesforce-bad-checksum.csv", {
      dateOrder: "mdy",
    });
    expect(report.outcome).toBe("rejected");
    expect(report.errors).toEqual([
      { line: 3, column: "Opportunity ID", message: expect.stringContaining("should be AAJ") },
    ]);
    expect(await db.prisma.customerMovement.count()).toBe(0);
    await expect(
      run("salesforce", "movements", "salesforce-formatted.csv", { dateOrder: "mdy" }),
    ).rejects.toThrow(/Details Only/);
    await expect(run("salesforce", "movements", "hubspot-deals.csv")).rejects.toThrow(
      /looks like a hubspot export: try --preset hubspot/,
    );
    expect(await db.prisma.customerMovement.count()).toBe(0);
  });

  it("imports Delighted answers with exact times and no identity, and adds nothing again", async () => {
    const { report, summary } = await run("delighted", "responses", "delighted-responses.csv");
    expect(report).toMatchObject({ outcome: "imported", inserted: 4, rejected: 0 });
    expect(summary).toMatchObject({ mapped: 4, skipped: 1 });
    const answers = await db.prisma.surveyResponse.findMany({
      include: { customer: true, segment: true },
      orderBy: { respondedAt: "asc" },
    });
    expect(
      answers.map((a) => [
        a.idempotencyKey,
        a.kind,
        a.score,
        a.respondedAt.toISOString(),
        a.customer?.externalId ?? null,
        a.segment?.name ?? null,
        a.touchpoint,
        a.respondentSlackId,
      ]),
    ).toEqual([
      ["csv:delighted:1001", "nps", 9, "2026-01-05T09:00:00.000Z", "501", "Retail", null, null],
      ["csv:delighted:1002", "nps", 3, "2026-01-06T09:00:00.000Z", null, "SMB", "onboarding", null],
      ["csv:delighted:1003", "csat", 4, "2026-01-06T11:46:40.000Z", "502", "Manufacturing", "support", null],
      ["csv:delighted:1005", "nps", 7, "2026-01-08T17:15:00.000Z", "501", "Retail", "billing", null],
    ]);
    expect(answers[1]?.comment).toBe('Demasiado caro, "en serio"');
    expect(answers[3]?.comment).toBe("Bien.\nPero la factura llegó tarde.");
    const stored = JSON.stringify(answers);
    expect(stored).not.toContain("example.com");
    expect(stored).not.toContain("Ana García");

    const again = await run("delighted", "responses", "delighted-responses.csv");
    expect(again.report).toMatchObject({ inserted: 0, duplicates: 4 });
    expect(await db.prisma.surveyResponse.count()).toBe(4);
  });

  it("rejects a ChartMogul file naming each bad activity's line and ChartMogul column, and stores nothing", async () => {
    const { report, summary } = await run("chartmogul", "movements", "chartmogul-bad.csv", {
      segment: "SMB",
    });
    expect(report.outcome).toBe("rejected");
    expect(summary).toMatchObject({ preset: "chartmogul", mapped: 1, invalid: 5 });
    expect(report.errors).toEqual([
      {
        line: 3,
        column: "type",
        message: expect.stringContaining('"upgrade" is not a ChartMogul activity type'),
      },
      { line: 4, column: "activity-mrr-movement", message: expect.stringContaining("is required") },
      {
        line: 5,
        column: "currency",
        message: expect.stringContaining("is USD, but this file's amounts are in EUR (line 2)"),
      },
      {
        line: 6,
        column: "activity-mrr-movement",
        message: expect.stringContaining('"60.00" is not whole cents'),
      },
      {
        line: 7,
        column: "activity-mrr-movement",
        message: expect.stringContaining("raises MRR, but a churn lowers it"),
      },
    ]);
    expect(await db.prisma.customerMovement.count()).toBe(0);
    expect(await db.prisma.customer.count()).toBe(0);

    // --skip-invalid keeps the one good activity, gained at 60.00 MRR × 12.
    const skipping = await run(
      "chartmogul",
      "movements",
      "chartmogul-bad.csv",
      { segment: "SMB" },
      { skipInvalid: true },
    );
    expect(skipping.report).toMatchObject({ outcome: "imported", inserted: 1, rejected: 5 });
    expect((await ledger()).map((m) => [m.key, m.customer, m.type, m.value, m.note])).toEqual([
      [
        "csv:chartmogul-activity:a0000000-0000-4000-8000-000000000001",
        "cus_0001 Myriapod Labs",
        "gained",
        "720.00",
        "purchased the Silver plan · Plan: silver · Subscription: sub_0001",
      ],
    ]);
  });

  it("a ChartMogul churn dated before the customer's new business is refused by the ledger, naming the line", async () => {
    const { report } = await run("chartmogul", "movements", "chartmogul-churn-first.csv", { segment: "SMB" });
    expect(report.outcome).toBe("rejected");
    expect(report.errors).toEqual([
      {
        line: 4,
        column: expect.any(String),
        message: expect.stringContaining("the customer was lost on 2025-01-10"),
      },
    ]);
    expect(await db.prisma.customerMovement.count()).toBe(0);
    expect(await db.prisma.customer.count()).toBe(0);
  });

  it("reads ChartMogul amounts in currency units only with --amount-unit major", async () => {
    const cents = await run("chartmogul", "movements", "chartmogul-bad.csv", {
      segment: "SMB",
      amountUnit: "major",
    });
    // In currency units, 6000 on line 2 is 6000.00 MRR, and 60.00 on line 6 is read.
    expect(cents.report.errors.map((e) => e.line)).toEqual([3, 4, 5, 7]);
    const skipping = await run(
      "chartmogul",
      "movements",
      "chartmogul-bad.csv",
      { segment: "SMB", amountUnit: "major" },
      { skipInvalid: true },
    );
    expect(skipping.report).toMatchObject({ inserted: 2 });
    expect((await ledger()).map((m) => [m.customer, m.value])).toEqual([
      ["cus_0001 Myriapod Labs", "72000.00"],
      ["cus_0003 Beetle Inc", "720.00"],
    ]);
  });

  it("refuses a ChartMogul file without a segment, and suggests chartmogul for its file given to another preset", async () => {
    await expect(run("chartmogul", "movements", "chartmogul-churn-first.csv")).rejects.toThrow(/--segment/);
    await expect(run("hubspot", "movements", "chartmogul-churn-first.csv")).rejects.toThrow(
      /looks like a chartmogul export: try --preset chartmogul/,
    );
  });

  it("rejects a Delighted file with a bad row as a whole", async () => {
    const { report } = await run("delighted", "responses", "delighted-bad.csv");
    expect(report.outcome).toBe("rejected");
    expect(report.errors).toEqual([
      { line: 3, column: "Score", message: "11 is out of range for NPS (0–10)" },
      { line: 4, column: "Created", message: expect.stringContaining('"ayer" is not a timestamp') },
    ]);
    expect(await db.prisma.surveyResponse.count()).toBe(0);
  });
});
