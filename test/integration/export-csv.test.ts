import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "csv-parse/sync";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { createWorkspace } from "../../src/data/workspaces.js";
import { type ExportKind, exportCsvChunks } from "../../src/services/export-csv.js";
import { importCsv } from "../../src/services/import-csv.js";
import { testDatabases } from "../helpers/db.js";

// The admin export: the importer's columns, RFC 4180 quoting, neutralised formulas, pages by id,
// and the round trip: an export imported into an empty workspace lands the same ledger.

const fixture = (name: string) => join(import.meta.dirname, "../fixtures", name);
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rtg-export-"));
});

const MOVEMENTS_HEADER = "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note";
const TRICKY_MOVEMENTS = [
  MOVEMENTS_HEADER,
  'x1,2026-02-01T10:00:00Z,-neg,"+Plus, Inc.",SMB,gained,300,EUR,referral,"=HYPERLINK(""http://evil.example"",""click"")"',
  'x2,2026-02-02T10:00:00Z,@home,Ñandú Ltd.,SMB,gained,400.5,EUR,,"Niño dijo: ""hola""\nsegunda línea"',
  "x3,2026-02-03T10:00:00Z,-neg,,SMB,lost,300,EUR,price,+1 for the competitor",
].join("\n");

describe.each(testDatabases())("CSV export on $name", ({ open }) => {
  let db: Database;
  let source: string;
  let target: string;
  const defaults = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };
  const load = (workspaceId: string, kind: "movements" | "responses", file: string) =>
    importCsv(db, kind, file, {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    });
  const exportText = async (workspaceId: string, kind: ExportKind, extra: object = {}) => {
    let text = "";
    for await (const chunk of exportCsvChunks(db.prisma, { kind, filter: { workspaceId }, ...extra }))
      text += chunk.text;
    return text;
  };
  const ledgerOf = async (workspaceId: string) =>
    (
      await db.prisma.customerMovement.findMany({
        where: { workspaceId },
        orderBy: { id: "asc" },
        include: { customer: true, segment: true, reasonCode: true },
      })
    ).map((m) => ({
      customer: m.customer.externalId,
      name: m.customer.name,
      segment: m.segment.name,
      type: m.type,
      at: m.occurredAt.toISOString(),
      value: m.value.toFixed(2),
      currency: m.currency,
      reason: m.reasonCode?.code ?? null,
      note: m.note,
      after: [m.statusAfter, m.valueAfter.toFixed(2)],
      customerNow: [m.customer.status, m.customer.currentValue.toFixed(2), m.customer.openingActive],
    }));

  beforeEach(async () => {
    db = await open();
    source = (await createWorkspace(db.prisma, { ...defaults, name: "Source", slackTeamId: "TSRC" })).id;
    target = (await createWorkspace(db.prisma, { ...defaults, name: "Target", slackTeamId: "TDST" })).id;
  });
  afterEach(() => db.close());

  it("gives a header-only CSV for an empty workspace", async () => {
    expect(await exportText(source, "ledger")).toBe(`${MOVEMENTS_HEADER},source\r\n`);
    expect(await exportText(source, "responses")).toBe(
      "id,responded_at,kind,score,customer_id,segment,touchpoint,comment,respondent,source\r\n",
    );
  });

  it("round-trips the ledger into an empty workspace, and again into the same one as duplicates", async () => {
    expect((await load(source, "movements", fixture("movements.csv"))).committed).toBe(true);
    const tricky = join(dir, "tricky.csv");
    await writeFile(tricky, TRICKY_MOVEMENTS);
    expect((await load(source, "movements", tricky)).committed).toBe(true);
    // One from Slack: its key is kept whole, so it stays unique wherever it is imported.
    const c1 = await db.prisma.customer.findFirstOrThrow({
      where: { workspaceId: source, externalId: "c1" },
    });
    const last = await db.prisma.customerMovement.findFirstOrThrow({ where: { customerId: c1.id } });
    await db.prisma.customerMovement.update({
      where: { id: last.id },
      data: { idempotencyKey: "slack:view-123", source: "slack", recordedBy: "UREC" },
    });

    const text = await exportText(source, "ledger");
    const file = join(dir, "ledger.csv");
    await writeFile(file, text);
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(await db.prisma.customerMovement.count({ where: { workspaceId: source } }));
    expect(rows.find((r) => r.id === "slack:view-123")).toMatchObject({ customer_id: "c1", source: "slack" });
    expect(rows.find((r) => r.id === "m2")).toMatchObject({
      customer_name: "Beta, S.L.",
      occurred_at: "2026-01-15T08:00:00.000Z",
      value: "2000.00",
      source: "csv",
    });
    // Spreadsheets would run these: each starts with an apostrophe, and quoting survives.
    expect(text).toContain(
      `x1,2026-02-01T10:00:00.000Z,'-neg,"'+Plus, Inc.",SMB,gained,300.00,EUR,referral,"'=HYPERLINK(""http://evil.example"",""click"")",csv\r\n`,
    );
    expect(text).toContain(`"Niño dijo: ""hola""\nsegunda línea"`);
    expect(text).toContain(",'+1 for the competitor,csv\r\n");
    expect(text).not.toMatch(/(^|,)[=+\-@]/m);

    const report = await load(target, "movements", file);
    expect(report).toMatchObject({ outcome: "imported", inserted: rows.length, rejected: 0 });
    expect(await ledgerOf(target)).toEqual(await ledgerOf(source));
    expect((await ledgerOf(target)).find((m) => m.customer === "-neg")?.note).toBe(
      '=HYPERLINK("http://evil.example","click")',
    );

    // Importing the same export again adds nothing: CSV rows got their own id back, and the Slack
    // row's whole key became its id.
    const again = await importCsv(db, "movements", file, {
      workspaceId: target,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    });
    expect(again).toMatchObject({ inserted: 0, duplicates: rows.length, rejected: 0 });
  });

  it("exports answers with the respondent of non-anonymous ones only, and they import back", async () => {
    expect((await load(source, "movements", fixture("movements.csv"))).committed).toBe(true);
    expect((await load(source, "responses", fixture("responses.csv"))).committed).toBe(true);
    const smb = await db.prisma.segment.findFirstOrThrow({ where: { workspaceId: source, key: "smb" } });
    const base = { workspaceId: source, kind: "nps" as const, segmentId: smb.id, contentHash: "h" };
    await db.prisma.surveyResponse.create({
      data: {
        ...base,
        score: 2,
        comment: "@channel -> call me",
        respondentSlackId: "UNAMED",
        respondedAt: new Date("2026-03-05T10:00:00Z"),
        source: "slack",
        idempotencyKey: "slack:named",
      },
    });
    await db.prisma.surveyResponse.create({
      data: {
        ...base,
        score: 8,
        comment: "secreto",
        respondentSlackId: null,
        respondedAt: new Date("2026-03-05T11:00:00Z"),
        source: "slack",
        idempotencyKey: "slack:anon",
      },
    });
    const text = await exportText(source, "responses");
    const rows = parse(text, { columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(await db.prisma.surveyResponse.count({ where: { workspaceId: source } }));
    expect(rows.find((r) => r.id === "slack:named")).toMatchObject({
      respondent: "UNAMED",
      comment: "'@channel -> call me",
      segment: "SMB",
    });
    expect(rows.find((r) => r.id === "slack:anon")).toMatchObject({ respondent: "", comment: "secreto" });
    expect(rows.find((r) => r.id === "r4")).toMatchObject({
      comment: 'Nadie responde, "nunca"',
      customer_id: "c2",
    });
    expect(rows.filter((r) => r.respondent !== "").map((r) => r.id)).toEqual(["slack:named"]);

    const ledger = join(dir, "ledger2.csv");
    const answers = join(dir, "answers.csv");
    await writeFile(ledger, await exportText(source, "ledger"));
    await writeFile(answers, text);
    expect((await load(target, "movements", ledger)).committed).toBe(true);
    expect(await load(target, "responses", answers)).toMatchObject({ inserted: rows.length, rejected: 0 });
    const answersOf = async (workspaceId: string) =>
      (
        await db.prisma.surveyResponse.findMany({
          where: { workspaceId },
          include: { customer: true, segment: true },
        })
      )
        .map((r) => [
          r.kind,
          r.score,
          r.comment,
          r.customer?.externalId,
          r.segment?.name,
          r.touchpoint,
          r.respondedAt.toISOString(),
        ])
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    expect(await answersOf(target)).toEqual(await answersOf(source));
    // The importer never stores an identity: the respondent column is not read back.
    expect(
      await db.prisma.surveyResponse.count({
        where: { workspaceId: target, respondentSlackId: { not: null } },
      }),
    ).toBe(0);
  });

  it("pages by id without losing or repeating a row, and filters by segment and dates", async () => {
    expect((await load(source, "movements", fixture("movements.csv"))).committed).toBe(true);
    const whole = await exportText(source, "ledger");
    expect(await exportText(source, "ledger", { pageSize: 3 })).toBe(whole);
    const lines = whole.trimEnd().split("\r\n").slice(1);
    const enterprise = await db.prisma.segment.findFirstOrThrow({
      where: { workspaceId: source, key: "enterprise" },
    });
    const filtered = await (async () => {
      let t = "";
      for await (const c of exportCsvChunks(db.prisma, {
        kind: "ledger",
        filter: {
          workspaceId: source,
          segmentId: enterprise.id,
          from: new Date("2026-01-01T00:00:00Z"),
          to: new Date("2026-03-01T00:00:00Z"),
        },
        pageSize: 2,
      }))
        t += c.text;
      return t.trimEnd().split("\r\n").slice(1);
    })();
    expect(filtered.length).toBeGreaterThan(0);
    expect(filtered).toEqual(
      lines.filter(
        (l) =>
          l.includes(",Enterprise,") &&
          (l.split(",")[1] ?? "") >= "2026-01" &&
          (l.split(",")[1] ?? "") < "2026-03",
      ),
    );
    // Another workspace's rows never leak in.
    expect(await exportText(target, "ledger")).toBe(`${MOVEMENTS_HEADER},source\r\n`);
    expect((await readFile(fixture("movements.csv"), "utf8")).split("\n")[0]).toBe(MOVEMENTS_HEADER);
  });
});
