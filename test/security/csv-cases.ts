import { randomUUID } from "node:crypto";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { expect } from "vitest";
import type { Database } from "../../src/data/database.js";
import type { ImportKind, ImportReport } from "../../src/import/import-report.js";
import { createPresetRun } from "../../src/import/presets/index.js";
import { importCsv } from "../../src/services/import-csv.js";
import { ACCEPTED_AS_TEXT, type Added, type BadCase, INJECTIONS, NUL } from "./kit.js";

// Bad CSV files through the import service (the function `npm run cli -- import` calls): file
// level (header, encoding, quoting, binary), every column's bad values, injection strings in
// the columns that hold free text (stored verbatim), invalid UTF-8, numbers and dates, replays.

export interface CsvEnv {
  db: Database;
  workspaceId: string;
  /** A directory for the files the cases write. */
  dir: string;
  now: Date;
}

const MOVEMENT_HEADER = "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note";
const RESPONSE_HEADER = "id,responded_at,kind,score,customer_id,segment,touchpoint,comment";

let serial = 0;
const unique = (prefix: string) => `${prefix}-${++serial}`;

const movement = (over: Record<string, string> = {}): Record<string, string> => ({
  id: unique("csv-m"),
  occurred_at: "2026-03-02",
  customer_id: unique("cust"),
  customer_name: "Acme",
  segment: "SMB",
  type: "gained",
  value: "1200.50",
  currency: "",
  reason: "referral",
  note: "",
  ...over,
});

const response = (over: Record<string, string> = {}): Record<string, string> => ({
  id: unique("csv-r"),
  responded_at: "2026-03-02",
  kind: "nps",
  score: "9",
  customer_id: "",
  segment: "SMB",
  touchpoint: "",
  comment: "Fine",
  ...over,
});

const quote = (v: string) => `"${v.replace(/"/g, '""')}"`;

function csv(kind: ImportKind, rows: Array<Record<string, string>>): string {
  const header = kind === "movements" ? MOVEMENT_HEADER : RESPONSE_HEADER;
  const columns = header.split(",");
  return `${header}\n${rows.map((r) => columns.map((c) => quote(r[c] ?? "")).join(",")).join("\n")}\n`;
}

async function importFile(
  env: CsvEnv,
  kind: ImportKind,
  content: string | Buffer,
  opts: { skipInvalid?: boolean; preset?: "hubspot" | "salesforce" | "delighted"; path?: string } = {},
): Promise<ImportReport> {
  const file = opts.path ?? join(env.dir, `${randomUUID()}.csv`);
  if (!opts.path) await writeFile(file, content);
  const preset = opts.preset ? createPresetRun(opts.preset, { timeZone: "UTC" }) : undefined;
  await preset?.prepare(file);
  return importCsv(env.db, kind, file, {
    workspaceId: env.workspaceId,
    reportingCurrency: "EUR",
    timeZone: "UTC",
    skipInvalid: opts.skipInvalid ?? false,
    dryRun: false,
    now: env.now,
    recordSource: preset?.wrap,
  });
}

/** The file was refused as a whole, naming the line, the column and what is wrong. */
function expectRowError(report: ImportReport, column: string, message: string, line = 2): void {
  expect(report.outcome, JSON.stringify(report.errors)).toBe("rejected");
  expect(report.committed).toBe(false);
  expect(report.errors).toEqual(
    expect.arrayContaining([{ line, column, message: expect.stringContaining(message) }]),
  );
}

async function expectFileError(run: Promise<unknown>, message: string | RegExp): Promise<void> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, "the import should have been refused").toBeInstanceOf(Error);
  expect((error as Error).message).toMatch(message);
}

const rowCase = (
  category: string,
  kind: ImportKind,
  column: string,
  label: string,
  value: string,
  message: string,
): BadCase<CsvEnv> => ({
  entry: "CSV import",
  category,
  name: `${kind} ${column} = ${label} → rejected, line 2 ${column}: "${message}"`,
  run: async (env) => {
    const row = kind === "movements" ? movement({ [column]: value }) : response({ [column]: value });
    expectRowError(await importFile(env, kind, csv(kind, [row])), column, message);
    return undefined;
  },
});

function acceptedAsText(kind: ImportKind, column: string, label: string, text: string): BadCase<CsvEnv> {
  return {
    entry: "CSV import",
    category: ACCEPTED_AS_TEXT,
    name: `${kind} ${column} = ${label} is stored verbatim`,
    run: async (env) => {
      const value = `${text} ${unique("#")}`;
      const row = kind === "movements" ? movement({ [column]: value }) : response({ [column]: value });
      const report = await importFile(env, kind, csv(kind, [row]));
      expect(report.outcome, JSON.stringify(report.errors)).toBe("imported");
      expect(report.inserted).toBe(1);
      const key = `csv:${row.id}`;
      const added: Added = {};
      if (kind === "movements") {
        const m = await env.db.prisma.customerMovement.findFirstOrThrow({
          where: { workspaceId: env.workspaceId, idempotencyKey: key },
          include: { customer: true, segment: true },
        });
        const got: Record<string, string | null> = {
          customer_id: m.customer.externalId,
          customer_name: m.customer.name,
          segment: m.segment.name,
          note: m.note,
        };
        expect(got[column]).toBe(value);
        Object.assign(added, { customer_movement: 1, customer: 1 });
      } else {
        const r = await env.db.prisma.surveyResponse.findFirstOrThrow({
          where: { workspaceId: env.workspaceId, idempotencyKey: key },
          include: { segment: true },
        });
        expect({ segment: r.segment?.name, comment: r.comment }[column]).toBe(value);
        added.survey_response = 1;
      }
      if (column === "segment") added.segment = 1;
      return added;
    },
  };
}

/** A row whose `column` holds `text` with one byte replaced by the given invalid bytes. */
function invalidBytesCase(kind: ImportKind, column: string, label: string, bytes: number[]): BadCase<CsvEnv> {
  return {
    entry: "CSV import",
    category: "invalid UTF-8",
    name: `${kind} ${column} with ${label} → rejected, line 2 ${column}: "is not valid UTF-8"`,
    run: async (env) => {
      const row =
        kind === "movements" ? movement({ [column]: "caf MARK" }) : response({ [column]: "caf MARK" });
      const text = Buffer.from(csv(kind, [row]), "utf8");
      const at = text.indexOf("MARK");
      const body = Buffer.concat([text.subarray(0, at), Buffer.from(bytes), text.subarray(at + 4)]);
      expectRowError(await importFile(env, kind, body), column, "is not valid UTF-8");
      return undefined;
    },
  };
}

const fileCase = (category: string, name: string, run: (env: CsvEnv) => Promise<void>): BadCase<CsvEnv> => ({
  entry: "CSV import",
  category,
  name,
  run: async (env) => {
    await run(env);
    return undefined;
  },
});

export function csvCases(): Array<BadCase<CsvEnv>> {
  const cases: Array<BadCase<CsvEnv>> = [];
  // Injection strings in free text: stored as they are.
  for (const column of ["customer_id", "customer_name", "segment", "note"])
    for (const [label, text] of Object.entries(INJECTIONS))
      cases.push(acceptedAsText("movements", column, label, text));
  for (const [label, text] of Object.entries(INJECTIONS))
    cases.push(acceptedAsText("responses", "comment", label, text));
  // ... and refused where a column has a closed set of values.
  const constrained: Array<[ImportKind, string, string]> = [
    ["movements", "type", "must be one of gained, lost"],
    ["movements", "reason", "must be a reason code such as price or referral"],
    ["movements", "currency", "must be a three-letter currency code"],
    ["responses", "kind", "must be nps, csat or ces"],
  ];
  for (const [kind, column, message] of constrained)
    for (const [label, text] of Object.entries(INJECTIONS))
      cases.push(rowCase("injection strings", kind, column, label, text, message));
  for (const [kind, column] of [
    ["movements", "note"],
    ["movements", "customer_name"],
    ["movements", "customer_id"],
    ["responses", "comment"],
    ["responses", "touchpoint"],
  ] as const) {
    cases.push(rowCase("injection strings", kind, column, "a NUL byte", NUL, "contains a NUL character"));
  }
  // Invalid UTF-8.
  for (const [kind, column] of [
    ["movements", "note"],
    ["movements", "customer_name"],
    ["movements", "segment"],
    ["responses", "comment"],
  ] as const) {
    cases.push(invalidBytesCase(kind, column, "the byte 0xFF", [0xff]));
  }
  cases.push(invalidBytesCase("movements", "note", "an overlong '/' (C0 AF)", [0xc0, 0xaf]));
  cases.push(invalidBytesCase("movements", "customer_name", "Latin-1 'í' (0xED)", [0xed, 0x61]));
  cases.push(invalidBytesCase("responses", "segment", "a truncated sequence (E2 82)", [0xe2, 0x82]));
  // Wrong types and missing values.
  const typed: Array<[ImportKind, string, string, string, string]> = [
    ["movements", "value", "text", "twelve hundred", "is not a non-negative amount"],
    ["movements", "occurred_at", "a word", "yesterday", "is not an ISO 8601 time"],
    ["movements", "type", "a synonym", "won", "must be one of gained, lost"],
    ["movements", "currency", "four letters", "EURO", "must be a three-letter currency code"],
    ["responses", "score", "a word", "ten", "must be a whole number"],
    ["responses", "kind", "a typo", "npx", "must be nps, csat or ces"],
    ["responses", "responded_at", "US date", "03/02/2026", "is not an ISO 8601 time"],
  ];
  for (const [kind, column, label, value, message] of typed)
    cases.push(rowCase("wrong types", kind, column, label, value, message));
  const missing: Array<[ImportKind, string, string]> = [
    ["movements", "occurred_at", "is required: an ISO 8601 time"],
    ["movements", "customer_id", "is required (the customer's id"],
    ["movements", "segment", "is required (for example SMB)"],
    ["movements", "type", "must be one of gained, lost"],
    ["movements", "value", "is required for a gained movement"],
    ["responses", "score", "is required"],
    ["responses", "kind", "must be nps, csat or ces"],
  ];
  for (const [kind, column, message] of missing)
    cases.push(rowCase("missing fields", kind, column, "blank", "", message));
  // Numbers and dates.
  const amount = "is not a non-negative amount with at most two decimals";
  const numbers: Array<[ImportKind, string, string, string]> = [
    ["movements", "value", "-5", amount],
    ["movements", "value", "NaN", amount],
    ["movements", "value", "Infinity", amount],
    ["movements", "value", "1e21", amount],
    ["movements", "value", "123456789012345", amount],
    ["movements", "value", "1,200.50", amount],
    ["movements", "value", "12.345", amount],
    ["responses", "score", "-1", "must be a whole number"],
    ["responses", "score", "9.5", "must be a whole number"],
    ["responses", "score", "11", "is out of range for NPS (0–10)"],
  ];
  for (const [kind, column, value, message] of numbers)
    cases.push(rowCase("huge numbers / NaN / negative", kind, column, value, value, message));
  const future = "is in the future";
  const dates: Array<[ImportKind, string, string, string]> = [
    ["movements", "occurred_at", "9999-12-31", future],
    ["movements", "occurred_at", "2999-01-01T00:00:00Z", future],
    ["responses", "responded_at", "2100-01-01", future],
    ["movements", "occurred_at", "2026-02-30", "is not an ISO 8601 time"],
    ["movements", "occurred_at", "+275760-09-13T00:00:00Z", "is not an ISO 8601 time"],
  ];
  for (const [kind, column, value, message] of dates)
    cases.push(rowCase("far-future / impossible dates", kind, column, value, value, message));
  // Size.
  cases.push(
    rowCase(
      "oversized body",
      "movements",
      "note",
      "2001 characters",
      "n".repeat(2001),
      "is longer than 2000",
    ),
  );
  cases.push(
    rowCase(
      "oversized body",
      "movements",
      "customer_id",
      "a 1 MB value",
      "c".repeat(1 << 20),
      "is longer than 200",
    ),
  );
  // File level.
  cases.push(
    fileCase("malformed file", 'an empty file → "The file is empty"', async (env) => {
      await expectFileError(importFile(env, "movements", ""), /The file is empty: it needs a header line/);
    }),
    fileCase("malformed file", 'a header missing columns → "The header is missing"', async (env) => {
      await expectFileError(
        importFile(env, "movements", "id,occurred_at,customer_id\nx,2026-03-02,c\n"),
        /The header is missing customer_name, segment, type, value, currency, reason, note/,
      );
    }),
    fileCase(
      "duplicate keys",
      'a header naming a column twice → "names the column type twice"',
      async (env) => {
        await expectFileError(
          importFile(env, "movements", `${MOVEMENT_HEADER},type\n`),
          /The header names the column type twice/,
        );
      },
    ),
    fileCase("malformed file", 'binary data (a PNG) → "The header is missing"', async (env) => {
      const png = Buffer.from("89504e470d0a1a0a0000000d4948445200000001000000010806000000", "hex");
      await expectFileError(importFile(env, "movements", png), /The header is missing/);
    }),
    fileCase("malformed file", 'an unclosed quote → "Quote Not Closed"', async (env) => {
      const body = `${MOVEMENT_HEADER}\n"x,2026-03-02,c1,Acme,SMB,gained,10,,referral,\n`;
      await expectFileError(importFile(env, "movements", body), /Quote Not Closed/);
    }),
    fileCase("path traversal", 'a directory as the file → "is not a file"', async (env) => {
      await expectFileError(
        importFile(env, "movements", "", { path: env.dir }),
        /is not a file: give the path of a CSV file/,
      );
    }),
    fileCase(
      "path traversal",
      '../../../../etc/passwd as the file → "The header is missing"',
      async (env) => {
        await expectFileError(
          importFile(env, "movements", "", { path: join(env.dir, "../../../../../../../../etc/passwd") }),
          /The header is missing/,
        );
      },
    ),
    fileCase(
      "malformed file",
      'a row with 11 fields → line 2 "has 11 fields, the header has 10"',
      async (env) => {
        const body = `${MOVEMENT_HEADER}\nx,2026-03-02,c1,Acme,SMB,gained,10,,referral,,extra\n`;
        expectRowError(await importFile(env, "movements", body), "row", "has 11 fields, the header has 10");
      },
    ),
    fileCase("malformed file", 'a UTF-16 file without its BOM → "Invalid Opening Quote"', async (env) => {
      const body = Buffer.from(csv("movements", [movement()]), "utf16le");
      await expectFileError(importFile(env, "movements", body), /Invalid Opening Quote/);
    }),
    fileCase(
      "malformed file",
      'a responses file imported as movements → "The header is missing"',
      async (env) => {
        await expectFileError(
          importFile(env, "movements", csv("responses", [response()])),
          /The header is missing/,
        );
      },
    ),
    fileCase(
      "wrong types",
      "one bad row among good ones rejects the whole file, naming line 3",
      async (env) => {
        const report = await importFile(
          env,
          "movements",
          csv("movements", [movement(), movement({ value: "-1" }), movement()]),
        );
        expectRowError(report, "value", amount, 3);
        expect(report.inserted).toBe(2);
      },
    ),
    fileCase(
      "duplicate keys",
      'one id twice with other content → rejected "different content"',
      async (env) => {
        const id = unique("twice");
        const body = csv("movements", [movement({ id }), movement({ id, value: "99" })]);
        const report = await importFile(env, "movements", body);
        expect(report.outcome).toBe("rejected");
        expect(JSON.stringify(report.errors)).toContain("different content");
      },
    ),
    fileCase(
      "malformed file",
      "a HubSpot preset on a file without its columns → names the missing columns",
      async (env) => {
        await expectFileError(
          importFile(env, "movements", csv("movements", [movement()]), { preset: "hubspot" }),
          /Deal Stage|Close Date|HubSpot/i,
        );
      },
    ),
  );
  // Replays: the same file twice stores its rows once.
  cases.push({
    entry: "CSV import",
    category: "replayed request",
    name: "the same file imported twice: the second time 0 imported, all duplicates",
    run: async (env) => {
      const body = csv("movements", [movement(), movement()]);
      expect((await importFile(env, "movements", body)).inserted).toBe(2);
      const again = await importFile(env, "movements", body);
      expect(again).toMatchObject({ outcome: "imported", inserted: 0, duplicates: 2 });
      return { customer_movement: 2, customer: 2 };
    },
  });
  return cases;
}
