import { readFile } from "node:fs/promises";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { CsvHeaderError } from "../../src/import/csv-errors.js";
import { dealMovement, planDeals, stageMeaning } from "../../src/import/presets/crm-deals.js";
import { PRESETS, type PresetOptions } from "../../src/import/presets/index.js";
import type { MappedRow } from "../../src/import/presets/preset-types.js";
import { parseAmount, parseExportTime, parseSurveyTime } from "../../src/import/presets/preset-values.js";
import { gainedReasonFromText, lostReasonFromText } from "../../src/import/presets/reason-keywords.js";
import { reportFooter } from "../../src/import/presets/salesforce.js";
import { normaliseSalesforceId, salesforceId18 } from "../../src/import/presets/salesforce-id.js";

// Each preset is a pure mapping from a vendor's export to the canonical columns; these tests run
// the fixtures (modelled on the real exports) through the mappings without a database.

async function mapFixture(
  preset: keyof typeof PRESETS,
  file: string,
  options: Partial<PresetOptions> = {},
): Promise<MappedRow[]> {
  const text = await readFile(new URL(`../fixtures/presets/${file}`, import.meta.url), "utf8");
  const [header = [], ...rows] = parse(text, { bom: true }) as string[][];
  const mapping = PRESETS[preset].header(header, { timeZone: "Europe/Madrid", ...options });
  return rows.map((r) => mapping.map(r));
}

const values = (row: MappedRow | undefined) => (row?.status === "mapped" ? row.values : row);

describe("amounts from exports", () => {
  it.each([
    ["12000", "12000.00", null, null],
    ["1200.5", "1200.50", null, "point"],
    ["1200,50", "1200.50", null, "comma"],
    ["1,200.50", "1200.50", null, "point"],
    ["1.200,50", "1200.50", null, "comma"],
    ["1,200,000", "1200000.00", null, "point"],
    ["1.200.000", "1200000.00", null, "comma"],
    ["EUR 24,000.00", "24000.00", "EUR", "point"],
    ["9500 usd", "9500.00", "USD", null],
  ])("reads %s", (text, value, currency, style) => {
    expect(parseAmount(text)).toEqual({ ok: true, value: { value, currency, style } });
  });

  it.each([
    ["12k", "is not an amount"],
    ["$1,200", "currency symbol"],
    ["-5", "negative"],
    ["10.1255", "more than two decimals"],
    ["1,200", "thousands or decimals"],
    ["1.200", "thousands or decimals"],
  ])("refuses %s", (text, message) => {
    const parsed = parseAmount(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});

describe("dates and timestamps from exports", () => {
  const tz = "Europe/Madrid";
  it("keeps dates and offsets, and reads wall-clock times in the zone", () => {
    expect(parseExportTime("2026-03-15", tz)).toEqual({ ok: true, value: "2026-03-15" });
    expect(parseExportTime("2026-03-15 14:30", tz)).toEqual({ ok: true, value: "2026-03-15T13:30:00.000Z" });
    expect(parseExportTime("2026-07-15 14:30:05", tz)).toEqual({
      ok: true,
      value: "2026-07-15T12:30:05.000Z",
    });
    expect(parseExportTime("2026-01-08 09:15:00 -0800", tz)).toEqual({
      ok: true,
      value: "2026-01-08T09:15:00-08:00",
    });
  });

  it("reads slashed dates only when told the order", () => {
    expect(parseExportTime("03/04/2026", tz, "dmy")).toEqual({ ok: true, value: "2026-04-03" });
    expect(parseExportTime("03/04/2026", tz, "mdy")).toEqual({ ok: true, value: "2026-03-04" });
    const unsure = parseExportTime("03/04/2026", tz);
    expect(unsure.ok || unsure.message).toContain("--date-order");
    const impossible = parseExportTime("31/02/2026", tz, "dmy");
    expect(impossible.ok).toBe(false);
  });

  it("reads the CRM account's date-times: with and without seconds, 12- and 24-hour, single-digit parts", () => {
    // Europe/Madrid is UTC+2 in April and June, UTC+1 in December.
    expect(parseExportTime("4/8/2025 17:19", tz, "mdy")).toEqual({
      ok: true,
      value: "2025-04-08T15:19:00.000Z",
    });
    expect(parseExportTime("4/8/2025 5:19 PM", tz, "mdy")).toEqual({
      ok: true,
      value: "2025-04-08T15:19:00.000Z",
    });
    expect(parseExportTime("8/4/2025 5:19 pm", tz, "dmy")).toEqual({
      ok: true,
      value: "2025-04-08T15:19:00.000Z",
    });
    expect(parseExportTime("6/2/2025 9:05:33", tz, "mdy")).toEqual({
      ok: true,
      value: "2025-06-02T07:05:33.000Z",
    });
    expect(parseExportTime("12/1/2025 12:00 AM", tz, "mdy")).toEqual({
      ok: true,
      value: "2025-11-30T23:00:00.000Z",
    });
    expect(parseExportTime("12/1/2025 12:30 PM", tz, "mdy")).toEqual({
      ok: true,
      value: "2025-12-01T11:30:00.000Z",
    });
    expect(parseExportTime("2025-12-01 9:00", tz)).toEqual({ ok: true, value: "2025-12-01T08:00:00.000Z" });
    expect(parseExportTime("4/8/2025", tz, "mdy")).toEqual({ ok: true, value: "2025-04-08" });
    for (const bad of [
      "4/8/2025 13:19 PM",
      "4/8/2025 0:10 AM",
      "4/8/2025 24:00",
      "4/8/2025 17:60",
      "13/8/2025 17:19",
    ]) {
      const read = parseExportTime(bad, tz, "mdy");
      expect(read.ok ? read.value : read.message).toContain(`"${bad}"`);
      expect(read.ok).toBe(false);
    }
    const unsure = parseExportTime("4/8/2025 17:19", tz);
    expect(unsure.ok || unsure.message).toContain("--date-order");
  });

  it("keeps survey timestamps to the second (Unix seconds, milliseconds, ISO)", () => {
    expect(parseSurveyTime("1767603600", tz)).toEqual({ ok: true, value: "2026-01-05T09:00:00.000Z" });
    expect(parseSurveyTime("1767603600123", tz)).toEqual({ ok: true, value: "2026-01-05T09:00:00.123Z" });
    expect(parseSurveyTime("2026-01-06T10:00:00+01:00", tz)).toEqual({
      ok: true,
      value: "2026-01-06T10:00:00+01:00",
    });
    expect(parseSurveyTime("ayer", tz).ok).toBe(false);
  });
});

describe("reason keywords", () => {
  it.each([
    ["Precio demasiado alto", "price"],
    ["Too expensive", "price"],
    ["Se fue con la competencia", "competitor"],
    ["Competitor was cheaper", "competitor"],
    ["Recorte de presupuesto", "budget_cut"],
    ["No budget this year, price was fine", "budget_cut"],
    ["Falta de funcionalidad (integración con SAP)", "product_gap"],
    ["Mala atención del soporte", "poor_service"],
    ["Nuestro valedor dejó la empresa", "champion_left"],
    ['Nunca terminaron el "onboarding"', "onboarding_failure"],
    ["Cambio de estrategia", "other"],
  ])("lost: %s → %s", (text, code) => {
    expect(lostReasonFromText(text)).toBe(code);
  });

  it.each([
    ["Partner Referral", "partner"],
    ["Employee Referral", "referral"],
    ["Referido por un cliente", "referral"],
    ["Web", "inbound_marketing"],
    ["Purchased List", "outbound"],
    ["Free trial", "expansion_from_trial"],
    ["Other", "other"],
  ])("gained: %s → %s", (text, code) => {
    expect(gainedReasonFromText(text)).toBe(code);
  });

  it("gives no reason for no text", () => {
    expect(lostReasonFromText("  ")).toBeNull();
    expect(gainedReasonFromText("")).toBeNull();
  });
});

describe("which movement a closed deal is", () => {
  it.each([
    ["Closed Won", "", { type: "gained" }],
    ["closedwon", "New Business", { type: "gained" }],
    ["Closed Won", "Existing Customer - Upgrade", { type: "expanded" }],
    ["Closed Won", "Existing Customer - Downgrade", { type: "contracted" }],
    ["Closed Won", "Renewal", { skip: expect.stringContaining("renewal") }],
    ["Closed Lost", "", { type: "lost" }],
    ["Cerrada perdida", "Renovación", { type: "lost" }],
    ["Closed Lost", "New Customer", { skip: expect.stringContaining("prospect") }],
    ["Closed Lost", "Upsell", { skip: expect.stringContaining("stays") }],
    ["Negotiation/Review", "New Customer", { skip: expect.stringContaining("not closed") }],
  ])("%s (%s)", (stage, type, expected) => {
    expect(dealMovement(stage, type)).toEqual(expected);
  });
});

describe("what a stage means", () => {
  it("reads custom pipeline stages by their won / lost words, and --won-stage / --lost-stage name the rest", () => {
    expect(stageMeaning("Closed Won & Paid")).toBe("won");
    expect(stageMeaning("closedwon")).toBe("won");
    expect(stageMeaning("Cerrado perdido - sin presupuesto")).toBe("lost");
    expect(stageMeaning("Lost to competitor")).toBe("lost");
    expect(stageMeaning("Contract signed")).toBe("open");
    expect(stageMeaning("contract  SIGNED", { won: ["Contract signed"] })).toBe("won");
    expect(stageMeaning("Churned", { lost: ["churned"] })).toBe("lost");
    expect(stageMeaning("Closed - pending signature")).toBe("unknown");
    expect(stageMeaning("Won / Lost review")).toBe("open");
    expect(() => dealMovement("Closed", "")).toThrow(/--won-stage "Closed" or --lost-stage "Closed"/);
  });
});

describe("a customer's several won deals", () => {
  it("replays each customer's deals in time order: gained once, then expanded or reactivated", () => {
    const deal = (line: number, customer: string, at: number, type: "gained" | "lost" | "expanded") => ({
      line,
      customer,
      at,
      type,
    });
    const plan = planDeals([
      deal(2, "a", 30, "gained"),
      deal(3, "a", 10, "gained"),
      deal(4, "b", 20, "lost"),
      deal(5, "b", 40, "gained"),
      deal(6, "c", 10, "expanded"),
      deal(7, "c", 20, "gained"),
      deal(8, "d", 10, "gained"),
    ]);
    expect([...plan].sort()).toEqual([
      [2, "expanded"],
      [5, "reactivated"],
      [7, "expanded"],
    ]);
  });
});

describe("HubSpot deals", () => {
  it("maps the export: ids, times, annual value, the associated company, reasons and notes", async () => {
    const rows = await mapFixture("hubspot", "hubspot-deals.csv");
    expect(rows.map((r) => r.status)).toEqual([
      "mapped",
      "mapped",
      "skipped",
      "skipped",
      "mapped",
      "mapped",
      "skipped",
      "mapped",
    ]);
    expect(values(rows[0])).toEqual({
      id: "hubspot-deal:9001",
      occurred_at: "2026-01-12T09:30:00.000Z",
      customer_id: "501",
      customer_name: "Acme, S.L.",
      segment: "Retail",
      type: "gained",
      value: "12000.00",
      currency: "EUR",
      reason: "referral",
      note: "Referido por un cliente · Deal: Acme — Plan Pro",
    });
    expect(values(rows[1])).toMatchObject({ type: "lost", reason: "price", customer_id: "502" });
    expect(values(rows[4])).toMatchObject({ type: "expanded", value: "2500.00", currency: "" });
    expect(values(rows[5])).toMatchObject({
      type: "lost",
      reason: "onboarding_failure",
      note: 'Nunca terminaron el "onboarding":\r\nno lo usaron · Deal: Zeta',
    });
    expect(values(rows[7])).toMatchObject({ reason: "other", note: "Cambio de estrategia · Deal: Theta" });
  });

  it("prefers an annual value column, and --value-column chooses one", () => {
    const header = ["Deal Stage", "Close Date", "Amount", "Annual recurring revenue", "Company", "Industry"];
    const row = ["Closed Won", "2026-01-01", "36000", "12000", "Acme", "SMB"];
    const opts = { timeZone: "UTC" };
    expect(values(PRESETS.hubspot.header(header, opts).map(row))).toMatchObject({ value: "12000.00" });
    const blankArr = ["Closed Won", "2026-01-01", "36000", "", "Acme", "SMB"];
    expect(values(PRESETS.hubspot.header(header, opts).map(blankArr))).toMatchObject({ value: "36000.00" });
    const chosen = PRESETS.hubspot.header(header, { ...opts, valueColumn: "amount" });
    expect(values(chosen.map(row))).toMatchObject({ value: "36000.00" });
  });

  it("names the source column of every problem, and uses --segment for rows without one", async () => {
    const rows = await mapFixture("hubspot", "hubspot-bad.csv");
    expect(rows[1]).toEqual({
      status: "invalid",
      errors: [{ column: "Amount", message: expect.stringContaining('"12k"') }],
    });
    expect(rows[2]).toMatchObject({ status: "invalid", errors: [{ column: "Close Date" }] });
    const h = ["Deal Stage", "Close Date", "Amount", "Company", "Industry"];
    const noSegment = ["Closed Won", "2026-01-01", "10", "Acme", ""];
    expect(PRESETS.hubspot.header(h, { timeZone: "UTC" }).map(noSegment)).toMatchObject({
      status: "invalid",
      errors: [{ column: "Industry" }],
    });
    expect(
      values(PRESETS.hubspot.header(h, { timeZone: "UTC", segment: "SMB" }).map(noSegment)),
    ).toMatchObject({ segment: "SMB" });
  });

  it("takes the (Primary) company, a lone unsuffixed one, and refuses several without a primary", () => {
    const header = [
      "Deal Stage",
      "Close Date",
      "Amount",
      "Associated Company IDs (Primary)",
      "Associated Company (Primary)",
      "Associated Company IDs",
      "Associated Company",
      "Industry",
    ];
    const m = PRESETS.hubspot.header(header, { timeZone: "UTC" });
    const row = (p: string, pn: string, ids: string, names: string) =>
      m.map(["Closed Won", "2026-01-01", "10", p, pn, ids, names, "Retail"]);
    expect(values(row("7", "Siete; S.A.", "7;8", "Siete; S.A.;Ocho"))).toMatchObject({
      customer_id: "7",
      customer_name: "Siete; S.A.",
    });
    expect(values(row("", "", "8", "Ocho"))).toMatchObject({ customer_id: "8", customer_name: "Ocho" });
    expect(row("", "", "7;8", "Siete;Ocho")).toEqual({
      status: "invalid",
      errors: [
        {
          column: "Associated Company IDs",
          message: expect.stringContaining("lists 2 associated companies (7; 8)"),
        },
      ],
    });
    expect(values(row("", "Nueve", "", ""))).toMatchObject({ customer_id: "Nueve", customer_name: "Nueve" });
  });

  it("reads Amount in company currency before Amount, in the company currency, not the deal's", () => {
    const header = [
      "Deal Stage",
      "Close Date",
      "Amount",
      "Currency",
      "Amount in company currency",
      "Company",
      "Industry",
    ];
    const m = PRESETS.hubspot.header(header, { timeZone: "UTC" });
    expect(values(m.map(["Closed Won", "2026-01-01", "1100", "USD", "1000", "Acme", "SMB"]))).toMatchObject({
      value: "1000.00",
      currency: "",
    });
    const named = PRESETS.hubspot.header([...header, "Company currency"], { timeZone: "UTC" });
    expect(
      values(named.map(["Closed Won", "2026-01-01", "1100", "USD", "1000", "Acme", "SMB", "eur"])),
    ).toMatchObject({ value: "1000.00", currency: "EUR" });
  });

  it("refuses a file that is not a deals export, saying what is missing", () => {
    expect(() => PRESETS.hubspot.header(["id", "name"], { timeZone: "UTC" })).toThrow(CsvHeaderError);
    expect(() =>
      PRESETS.hubspot.header(["Deal Stage", "Close Date", "Amount", "Company"], { timeZone: "UTC" }),
    ).toThrow(/--segment-column NAME/);
  });
});

describe("Salesforce opportunities", () => {
  it("refuses a second currency in the file, naming the column it came from and the first line", () => {
    const m = PRESETS.salesforce.header(["Stage", "Close Date", "Amount", "Account Name", "Industry"], {
      timeZone: "UTC",
    });
    expect(m.map(["Closed Won", "2026-01-01", "EUR 1,000.00", "Acme", "Retail"], 2).status).toBe("mapped");
    expect(m.map(["Closed Won", "2026-01-02", "USD 900.00", "Beta", "Retail"], 3)).toEqual({
      status: "invalid",
      errors: [
        {
          column: "Amount",
          message: expect.stringContaining("is USD, but this file's amounts are in EUR (line 2)"),
        },
      ],
    });
    expect(m.map(["Closed Won", "2026-01-03", "EUR 800.00", "Gamma", "Retail"], 4).status).toBe("mapped");
  });

  it("keeps an account name with a semicolon whole (only HubSpot lists several companies)", () => {
    const m = PRESETS.salesforce.header(["Stage", "Close Date", "Amount", "Account Name", "Industry"], {
      timeZone: "UTC",
    });
    expect(values(m.map(["Closed Won", "2026-01-01", "10", "Smith; Jones", "Retail"]))).toMatchObject({
      customer_id: "Smith; Jones",
    });
  });

  it("maps the report export: 15-character ids, coded amounts, types, lead source and loss reason", async () => {
    const rows = await mapFixture("salesforce", "salesforce-opportunities.csv", { dateOrder: "dmy" });
    expect(rows.map((r) => (r.status === "mapped" ? r.values.type : r.status))).toEqual([
      "gained",
      "lost",
      "expanded",
      "skipped",
      "skipped",
      "contracted",
    ]);
    expect(values(rows[0])).toMatchObject({
      id: "salesforce-opportunity:0065g00000XyZaB",
      occurred_at: "2026-01-15",
      customer_id: "0015g00000AbCdE",
      customer_name: "Omega, S.A.",
      segment: "Finance",
      value: "24000.00",
      currency: "EUR",
      reason: "partner",
    });
    expect(values(rows[1])).toMatchObject({
      reason: "budget_cut",
      note: "Recorte de presupuesto · Deal: Sigma renewal",
    });
    expect(values(rows[5])).toMatchObject({ type: "contracted", reason: "price" });
  });
});

describe("Salesforce ids", () => {
  // Real pairs: 00U20000001Rx6d → …EAC, an Event id as the API returned it (Salesforce developer
  // forums, thread 906F00000008jkQIAQ); 0019000000B98de → …AAB, the worked example of
  // theblogreaders.com ("difference between a 15 digit and a 18 digit Salesforce ID").
  it("computes the 18-character form of real ids", () => {
    expect(salesforceId18("00U20000001Rx6d")).toBe("00U20000001Rx6dEAC");
    expect(salesforceId18("0019000000B98de")).toBe("0019000000B98deAAB");
  });

  it("reads both forms as the 15-character id, and refuses a wrong checksum", () => {
    expect(normaliseSalesforceId("00U20000001Rx6d")).toEqual({ ok: true, value: "00U20000001Rx6d" });
    expect(normaliseSalesforceId("00U20000001Rx6dEAC")).toEqual({ ok: true, value: "00U20000001Rx6d" });
    // The suffix is case-insensitive; the 15 characters are not.
    expect(normaliseSalesforceId("00U20000001Rx6deac")).toEqual({ ok: true, value: "00U20000001Rx6d" });
    const changed = normaliseSalesforceId("00U20000001RX6dEAC");
    expect(changed.ok || changed.message).toContain("should be EAG");
    const wrong = normaliseSalesforceId("0019000000B98deAAA");
    expect(wrong.ok || wrong.message).toContain("should be AAB");
    expect(normaliseSalesforceId("12345").ok).toBe(false);
    expect(normaliseSalesforceId("0019000000B98de-AB").ok).toBe(false);
  });

  it("recognises the report footer lines", () => {
    expect(reportFooter(["Grand Totals (5 records)"])).toBe("known");
    expect(reportFooter(["Confidential Information - Do Not Distribute"])).toBe("known");
    expect(reportFooter(["Copyright (c) 2000-2025 salesforce.com, inc. All rights reserved."])).toBe("known");
    expect(reportFooter(["Generated By:  Ana García  1/20/2026 9:14 AM"])).toBe("known");
    expect(reportFooter(["Closed Opportunities"])).toBe("maybe");
    expect(reportFooter(["", "", ""])).toBe("maybe");
    expect(reportFooter(["Acme", "Closed Won"])).toBe("no");
  });
});

describe("Delighted responses", () => {
  it("maps score, comment, exact time, kind and properties, and stores nothing about the person", async () => {
    const rows = await mapFixture("delighted", "delighted-responses.csv");
    expect(rows.map((r) => r.status)).toEqual(["mapped", "mapped", "mapped", "skipped", "mapped"]);
    expect(values(rows[0])).toEqual({
      id: "delighted:1001",
      responded_at: "2026-01-05T09:00:00.000Z",
      kind: "nps",
      score: "9",
      customer_id: "501",
      segment: "Retail",
      touchpoint: "",
      comment: "¡Muy contentos! El soporte, rápido.",
    });
    expect(values(rows[2])).toMatchObject({ kind: "csat", score: "4", touchpoint: "support" });
    const everything = JSON.stringify(rows);
    expect(everything).not.toContain("@");
    expect(everything).not.toContain("Ana García");
  });

  it("uses --kind when the export has no survey type, and refuses a type that disagrees", () => {
    const header = ["Score", "Created", "Comment"];
    const m = PRESETS.delighted.header(header, { timeZone: "UTC", kind: "ces", segment: "SMB" });
    expect(values(m.map(["6", "1767603600", ""]))).toMatchObject({ kind: "ces", id: "" });
    const typed = PRESETS.delighted.header([...header, "Survey Type"], {
      timeZone: "UTC",
      kind: "csat",
      segment: "SMB",
    });
    expect(typed.map(["9", "1767603600", "", "nps"])).toMatchObject({
      status: "invalid",
      errors: [{ column: "Survey Type", message: "is nps, but --kind says csat" }],
    });
  });

  it("needs a segment for an answer without a customer", () => {
    const m = PRESETS.delighted.header(["Score", "Created"], { timeZone: "UTC" });
    expect(m.map(["9", "1767603600"])).toMatchObject({
      status: "invalid",
      errors: [{ column: "--segment" }],
    });
  });
});

describe("ChartMogul activities", () => {
  const mapRows = (header: string[], rows: string[][], options: Partial<PresetOptions> = {}) => {
    const mapping = PRESETS.chartmogul.header(header, { timeZone: "UTC", segment: "SMB", ...options });
    return rows.map((r) => mapping.map(r, 2));
  };

  it("maps each activity type to its ledger movement, MRR cents × 12 as the annual value", () => {
    const header = ["uuid", "date", "type", "activity-mrr-movement", "currency", "customer-external-id"];
    const at = "2025-02-21T09:28:10+00:00";
    const rows = mapRows(header, [
      ["u1", at, "new_biz", "6000", "EUR", "c1"],
      ["u2", at, "expansion", "1234", "EUR", "c1"],
      ["u3", at, "contraction", "-1", "EUR", "c1"],
      ["u4", at, "churn", "-7234", "EUR", "c1"],
      ["u5", at, "reactivation", "+5", "EUR", "c1"],
    ]);
    expect(rows.map((r) => (r.status === "mapped" ? [r.values.type, r.values.value] : r))).toEqual([
      ["gained", "720.00"],
      ["expanded", "148.08"],
      ["contracted", "0.12"],
      ["lost", "868.08"],
      ["reactivated", "0.60"],
    ]);
    expect(values(rows[0])).toMatchObject({
      id: "chartmogul-activity:u1",
      occurred_at: at,
      customer_id: "c1",
    });
  });

  it("reads the destinations dataset's names (MOVEMENT_TYPE, MRR_MOVEMENT, …) and falls back to the customer UUID", () => {
    const header = [
      "UUID",
      "DATE",
      "MOVEMENT_TYPE",
      "MRR_MOVEMENT",
      "CURRENCY_CODE",
      "CUSTOMER_EXTERNAL_ID",
      "CUSTOMER_UUID",
      "CUSTOMER_NAME",
    ];
    const [row] = mapRows(header, [
      ["u9", "2025-03-01T00:00:00Z", "NEW_BIZ", "100", "eur", "", "cus_x", "X Ltd"],
    ]);
    expect(values(row)).toMatchObject({
      type: "gained",
      value: "12.00",
      currency: "EUR",
      customer_id: "cus_x",
      customer_name: "X Ltd",
    });
  });

  it("in currency units with --amount-unit major; cents refuse decimals and a sign against the type", () => {
    const header = ["date", "type", "activity-mrr-movement", "customer-uuid"];
    const at = "2025-03-01";
    expect(
      values(mapRows(header, [[at, "new_biz", "1,200.50", "c"]], { amountUnit: "major" })[0]),
    ).toMatchObject({
      value: "14406.00",
    });
    const [decimals, sign] = mapRows(header, [
      [at, "new_biz", "12.5", "c"],
      [at, "contraction", "300", "c"],
    ]);
    expect(decimals).toMatchObject({
      status: "invalid",
      errors: [{ column: "activity-mrr-movement", message: expect.stringContaining("--amount-unit major") }],
    });
    expect(sign).toMatchObject({
      status: "invalid",
      errors: [{ message: expect.stringContaining("raises MRR, but a contraction lowers it") }],
    });
  });

  it("refuses a file without the activity columns, naming what it looked for", () => {
    expect(() =>
      PRESETS.chartmogul.header(["date", "type", "customer-uuid"], { timeZone: "UTC", segment: "S" }),
    ).toThrow(/no MRR movement column \(looked for "activity-mrr-movement"/);
  });
});
