import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import type { DigestModel } from "../../src/domain/digest.js";
import { renderDigestText } from "../../src/render/digest-text.js";
import { buildDigest } from "../../src/services/build-digest.js";
import { importCsv } from "../../src/services/import-csv.js";
import { digestMessages } from "../../src/slack/features/digest/blocks.js";
import { testDatabases } from "../helpers/db.js";

// The digest over the hand-computed fixture (see customer-math.test.ts), plus a detractor
// answer from an active Enterprise customer and a few voice notes.

const fixture = (name: string) => join(import.meta.dirname, "../fixtures", name);

describe.each(testDatabases())("the leadership digest on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;
  const digest = (locale: "en" | "es" = "en", segmentIds: string[] = []) =>
    buildDigest(db.prisma, {
      workspaceId,
      currency: "EUR",
      segmentIds,
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-29T00:00:00Z"),
      title: "Comité de dirección",
      locale,
      timeZone: "Europe/Madrid",
      demo: false,
    });

  beforeEach(async () => {
    db = await open();
    workspaceId = (
      await resolveWorkspace(db.prisma, { reportingCurrency: "EUR", defaultLocale: "en", timezone: "UTC" })
    ).id;
    const opts = {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    await importCsv(db, "movements", fixture("movements.csv"), opts);
    await importCsv(db, "responses", fixture("responses.csv"), opts);
    const extra = join(await mkdtemp(join(tmpdir(), "rtg-digest-")), "extra.csv");
    await writeFile(
      extra,
      "id,responded_at,kind,score,customer_id,segment,touchpoint,comment\nx1,2026-03-20T10:00:00Z,nps,2,c3,,renewal,\n",
    );
    await importCsv(db, "responses", extra, opts);
    const segment = await db.prisma.segment.findFirstOrThrow({ where: { workspaceId, key: "enterprise" } });
    const note = (i: number, stage: "product" | "billing", anonymous = false) =>
      db.prisma.voiceNote.create({
        data: {
          workspaceId,
          source: "employee",
          text: `Note ${i}: the export keeps failing`,
          stage,
          sentiment: "negative",
          segmentId: segment.id,
          anonymous,
          authorSlackId: anonymous ? null : "UAUTHOR",
          idempotencyKey: `t:${i}`,
          createdAt: new Date(`2026-03-1${i}T10:00:00Z`),
        },
      });
    await Promise.all([note(1, "product"), note(2, "product", true), note(3, "product"), note(4, "billing")]);
  });
  afterEach(() => db.close());

  it("answers the question with the total and each segment", async () => {
    const model = await digest();
    expect(model.verdict).toBe("grew");
    expect(model.total.net).toEqual({ customers: 1, value: "15400.00" });
    const smb = model.segments.find((s) => s.name === "SMB");
    expect(smb).toMatchObject({ verdict: "grew", net: { customers: 1, value: "400.00" } });
    expect(model.segments.find((s) => s.name === "Enterprise")?.verdict).toBe("grew");
  });

  it("says what lost customers had said before leaving", async () => {
    const model = await digest();
    // c2 answered NPS 3 the day before its loss; c4 and c6 never answered.
    expect(model.sayVersusDo).toEqual({ lost: 3, detractors: 1, passives: 0, promoters: 0, never: 2 });
  });

  it("finds the value at risk: active customers whose latest answer was a detractor", async () => {
    const model = await digest();
    expect(model.valueAtRisk.count).toBe(1);
    expect(model.valueAtRisk.value).toBe("55000.00"); // c3: 50 000 + 10 000 − 5 000
    expect(model.valueAtRisk.segments).toEqual([
      { segmentId: expect.any(String), name: "Enterprise", count: 1, value: "55000.00" },
    ]);
  });

  it("shows score trends over eight periods, the last one being this period", async () => {
    const model = await digest();
    expect(model.scores.nps.trend).toHaveLength(8);
    expect(model.scores.nps.trend.at(-1)?.n).toBe(model.scores.nps.n);
    expect(model.scores.nps.trend.at(-2)?.n).toBe(2); // r12, r13 in February
    expect(model.scores.nps.smallSample).toBe(true);
  });

  it("breaks out voice themes only for groups of three or more, quoting no author", async () => {
    const model = await digest();
    expect(model.themes.n).toBe(4);
    expect(model.themes.byStage).toEqual([{ stage: "product", count: 3 }]);
    expect(model.themes.other).toBe(1);
    expect(JSON.stringify(model)).not.toContain("UAUTHOR");
  });

  it("names the biggest moves each way, with segment, reason, note and a why button each", async () => {
    // In [1 Mar, 29 Mar): gains m12 Eta 40 000, m9 Northwind +10 000, m6 Epsilon 3 000, then
    // m11 800 and m15 100; losses m10 Zeta Corp 30 000, m13 Northwind −5 000, m7 Beta 2 000,
    // then m8 1 500. m14 (29 Mar, 00:00) is outside the period.
    const model = await digest();
    const brief = (m: DigestModel["moves"]["gains"][number]) => [m.customer, m.segment, m.type, m.value];
    expect(model.moves.gains.map(brief)).toEqual([
      ["Eta", "Enterprise", "gained", "40000.00"],
      ["Northwind", "Enterprise", "expanded", "10000.00"],
      ["Epsilon", "SMB", "gained", "3000.00"],
    ]);
    expect(model.moves.losses.map(brief)).toEqual([
      ["Zeta Corp", "Enterprise", "lost", "30000.00"],
      ["Northwind", "Enterprise", "contracted", "5000.00"],
      ["Beta, S.L.", "SMB", "lost", "2000.00"],
    ]);
    expect(model.moves.gains[1]?.reason).toBeNull();
    expect(model.moves.losses[2]?.note).toBe("Tickets sin respuesta durante semanas");
    const reasons = await db.prisma.reasonCode.findMany({ where: { workspaceId, code: "competitor" } });
    expect(model.moves.losses[0]?.reason).toEqual({ en: reasons[0]?.labelEn, es: reasons[0]?.labelEs });

    const text = renderDigestText(model);
    expect(text).toContain(
      [
        "Biggest moves:",
        "  Largest gains:",
        "    • Eta (Enterprise) +EUR 40,000 · new · Outbound sales",
        "    • Northwind (Enterprise) +EUR 10,000 · expansion",
        "    • Epsilon (SMB) +EUR 3,000 · new · Referral",
        "  Largest losses:",
        `    • Zeta Corp (Enterprise) −EUR 30,000 · churned · ${reasons[0]?.labelEn}`,
        "    • Northwind (Enterprise) −EUR 5,000 · contraction · Budget cut",
        "    • Beta, S.L. (SMB) −EUR 2,000 · churned · Poor service — “Tickets sin respuesta durante semanas”",
      ].join("\n"),
    );

    const m = digestMessages(model);
    const moveBlocks = m.blocks.filter((b) =>
      JSON.stringify(b).includes('"action_id":"digest_why:move:'),
    ) as Array<{ text: { text: string }; accessory: { action_id: string; value: string } }>;
    expect(moveBlocks).toHaveLength(6);
    const ids = m.blocks.flatMap((b) => {
      const id = (b as { accessory?: { action_id?: string } }).accessory?.action_id;
      return id ? [id] : [];
    });
    // Each "why" button has its own action id (a segment's and a move's may explain the same one).
    const whyIds = ids.filter((id) => id.startsWith("digest_why:"));
    expect(whyIds).toHaveLength(6 + 1 + model.segments.length);
    expect(new Set(whyIds).size).toBe(whyIds.length);
    const enterprise = model.segments.find((s) => s.name === "Enterprise");
    expect(JSON.parse(moveBlocks[0]?.accessory.value ?? "{}")).toEqual({
      s: enterprise?.segmentId,
      f: model.period.from,
      t: model.period.to,
    });

    const es = await digest("es");
    const textEs = renderDigestText(es);
    expect(textEs).toContain("Mayores movimientos:\n  Mayores ganancias:");
    expect(textEs).toContain("Mayores pérdidas:");
    expect(textEs).toContain("· abandono ·");
  });

  it("leaves out both new sections for an empty period, with no undefined or NaN", async () => {
    const model = await buildDigest(db.prisma, {
      workspaceId,
      currency: "EUR",
      segmentIds: [],
      from: new Date("2025-01-01T00:00:00Z"),
      to: new Date("2025-01-29T00:00:00Z"),
      title: "Empty",
      locale: "en",
      timeZone: "UTC",
      demo: false,
    });
    expect(model.moves).toEqual({ gains: [], losses: [] });
    expect(model.said).toEqual([]);
    for (const shown of [renderDigestText(model), JSON.stringify(digestMessages(model))]) {
      expect(shown).not.toContain("Biggest moves");
      expect(shown).not.toContain("What people said");
      expect(shown).not.toMatch(/undefined|NaN/);
    }
  });

  it("limits the scope to the meeting's segments", async () => {
    const enterprise = await db.prisma.segment.findFirstOrThrow({
      where: { workspaceId, key: "enterprise" },
    });
    const model = await digest("en", [enterprise.id]);
    expect(model.segments.map((s) => s.name)).toEqual(["Enterprise"]);
    expect(model.total.net).toEqual({ customers: 0, value: "15000.00" });
    expect(model.sayVersusDo.lost).toBe(1);
  });

  it("renders within Slack's limits, with a useful notification text, in English and Spanish", async () => {
    const check = (model: DigestModel) => {
      const m = digestMessages(model);
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      for (const reply of m.thread) expect(reply.blocks.length).toBeLessThanOrEqual(50);
      const header = m.blocks[0] as { text: { text: string } };
      expect(header.text.text.length).toBeLessThanOrEqual(150);
      for (const b of [...m.blocks, ...m.thread.flatMap((r) => r.blocks)] as Array<{
        text?: { text: string };
      }>) {
        expect((b.text?.text ?? "").length).toBeLessThanOrEqual(3000);
      }
      return m;
    };
    const en = check(await digest("en"));
    expect(en.text).toContain("Yes — we grew");
    expect(JSON.stringify(en.blocks)).toContain("Why did this change?");
    // Every score shows its n; below the minimum of 10 answers it is not read as a score.
    expect(JSON.stringify(en.blocks)).toContain("*NPS* too few answers (n = 7)");
    const es = check(await digest("es"));
    expect(es.text).toContain("Sí — hemos crecido");
    expect(renderDigestText(await digest("es"))).toContain("Lo que dicen frente a lo que hacen");
    expect(JSON.stringify(es.blocks)).toContain("*NPS* muy pocas respuestas (n = 7)");
  });

  it("shows every movement, with sums that add up to the net, and retention, in both languages", async () => {
    const en = JSON.stringify(digestMessages(await digest("en")).blocks);
    // SMB by hand (test/fixtures/movements.csv): 2 + 1 − 2 = +1; 3100 + 800 + 0 − 0 − 3500 = +400;
    // cohort 8000 → 4500 (NRR = GRR 56.3), 1 of 3 (33.3); (3100 + 800) / 3500 = 1.11.
    expect(en).toContain("customers: gained 2 + reactivated 1 − lost 2 = net +1 (before: 0)");
    expect(en).toContain(
      "annual value: new EUR 3,100 + reactivation EUR 800 + expansion EUR 0 − contraction EUR 0 − churned EUR 3,500 = net +EUR 400",
    );
    expect(en).toContain("NRR 56.3% · GRR 56.3% · logo retention 33.3% · quick ratio 1.11");
    // Enterprise: 40000 + 0 + 10000 − 5000 − 30000 = +15000; 55000/80000 = 68.8, 50000/80000 = 62.5.
    expect(en).toContain(
      "annual value: new EUR 40,000 + reactivation EUR 0 + expansion EUR 10,000 − contraction EUR 5,000 − churned EUR 30,000 = net +EUR 15,000",
    );
    expect(en).toContain("NRR 68.8% · GRR 62.5% · logo retention 50.0% · quick ratio 1.43");
    // Total: 59500/88000 = 67.6, 54500/88000 = 61.9, 2 of 5 = 40.0; 53900/38500 = 1.40.
    expect(en).toContain("customers: gained 3 + reactivated 1 − lost 3 = net +1 (before: 0)");
    expect(en).toContain("NRR 67.6% · GRR 61.9% · logo retention 40.0% · quick ratio 1.40");
    const es = renderDigestText(await digest("es"));
    expect(es).toContain("clientes: ganados 2 + reactivados 1 − perdidos 2 = neto +1 (antes: 0)");
    expect(es).toContain("NRR 56,3 % · GRR 56,3 % · retención de clientes 33,3 % · quick ratio 1,11");
    expect(`${en}${es}`).not.toMatch(/NaN|Infinity|undefined/);
  });

  it("says none for retention with an empty cohort and no losses, never NaN", async () => {
    const model = await buildDigest(db.prisma, {
      workspaceId,
      currency: "EUR",
      segmentIds: [],
      from: new Date("2025-01-01T00:00:00Z"),
      to: new Date("2025-01-08T00:00:00Z"),
      title: "Before the ledger",
      locale: "en",
      timeZone: "UTC",
      demo: false,
    });
    const smb = model.segments.find((s) => s.name === "SMB");
    expect(smb?.retention).toEqual({ nrr: null, grr: null, logo: null });
    expect(smb?.quickRatio).toBeNull();
    const text = JSON.stringify(digestMessages(model));
    expect(text).toContain("NRR none (no customers at the start)");
    expect(text).toContain("quick ratio no losses");
    expect(text).not.toMatch(/NaN|Infinity|undefined/);
  });
});
