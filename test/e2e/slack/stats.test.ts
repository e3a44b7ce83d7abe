import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { openPglite } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";

// `/cx stats` end to end over test/fixtures/*.csv. The SMB figures for [2026-03-01, 2026-03-29)
// are the hand-computed ones of test/integration/customer-math.test.ts.

const NOW = new Date("2026-03-30T12:00:00Z");
const MANAGER = "UMGR";
const SPANISH = "UESP";

interface Reply {
  response_type: string;
  text: string;
  blocks?: Array<Record<string, unknown>>;
}

/** Every text a person sees in the reply, in order. */
function visible(reply: Reply): string {
  const texts: string[] = [reply.text];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if (typeof o.text === "string") texts.push(o.text);
      for (const [k, v] of Object.entries(o)) if (k !== "text" || typeof v !== "string") walk(v);
    }
  };
  walk(reply.blocks ?? []);
  return texts.join("\n");
}

describe("/cx stats", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness(await openPglite(), {
      env: { ROLE_MANAGERS: `${MANAGER},${SPANISH}` },
      clock: () => NOW,
    });
    h.fake.setUser(SPANISH, { locale: "es-ES" });
    const ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    const opts = {
      workspaceId: ws.id,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    const fixture = (name: string) => join(import.meta.dirname, "../../fixtures", name);
    expect((await importCsv(h.db, "movements", fixture("movements.csv"), opts)).committed).toBe(true);
    expect((await importCsv(h.db, "responses", fixture("responses.csv"), opts)).committed).toBe(true);
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  const stats = async (text: string, user = MANAGER) => {
    const uploads = h.fake.callsTo("files.completeUploadExternal").length;
    const res = await h.slack.command({ command: "/cx", text: `stats ${text}`.trim(), user_id: user });
    expect(res.status).toBe(200);
    const reply = res.json as Reply;
    // Numbers come with a chart sent after the reply: wait for it, so no test ends mid-upload.
    if (JSON.stringify(reply.blocks ?? []).includes("📊")) {
      await h.fake.waitFor(
        "files.completeUploadExternal",
        () => h.fake.callsTo("files.completeUploadExternal").length > uploads,
      );
    }
    return reply;
  };

  it("shows a segment's customer math privately, behaviour first and every score with its n", async () => {
    const reply = await stats("smb 2026-03-01..2026-03-29");
    expect(reply.response_type).toBe("ephemeral");
    const text = visible(reply);
    expect(text).toContain("SMB — did we earn the right to grow?");
    expect(text).toContain("1 Mar 2026 → 29 Mar 2026 · compared with the 28 days before");
    expect(text).toContain("*Gained*\n2 · EUR 3,100");
    expect(text).toContain("*Lost*\n2 · EUR 3,500");
    expect(text).toContain("*Won back*\n1 · EUR 800");
    expect(text).toContain(
      "Net customers *+1* (previous period 0) · net value *+EUR 400* (previous +EUR 500)",
    );
    expect(text).toContain("Verdict: *grew*");
    expect(text).toContain("*Customer base*\n3 · EUR 8,000 → 4 · EUR 8,400");
    expect(text).toContain("customers 66.7% · value 43.8%");
    expect(text).toContain("• Poor service (Service) — 1 · EUR 2,000");
    expect(text).toContain("• Price (Sales) — 1 · EUR 1,500");
    expect(text).toContain("• Referral (Marketing) — 1 · EUR 3,000");
    // The sums behind the net: 2 + 1 − 2 = +1; 3100 + 800 + 0 − 0 − 3500 = +400
    expect(text).toContain(
      "= gained 2 + won back 1 − lost 2 · value = new EUR 3,100 + won back EUR 800 + expansion EUR 0 − contraction EUR 0 − lost EUR 3,500 (annual)",
    );
    // Cohort c2 2000, c4 1500, c10 4500; only c10 is left: 4500/8000, 1 of 3; (3100 + 800)/3500
    expect(text).toContain("*Retention (customers at the start)*\nNRR 56.3% · GRR 56.3% · logos 33.3%");
    expect(text).toContain("*Quick ratio*\n1.11");
    // Below the minimum of 10 answers, no score is read.
    expect(text).toContain("NPS — too few answers (n = 4)");
    expect(text).toContain("CSAT — too few answers (n = 3)");
    expect(text).toContain("CES — too few answers (n = 2)");
    expect(text).not.toContain("NPS *25*");
    expect(reply.text).toBe("SMB: gained 2 + won back 1 − lost 2 = net +1 — grew");
    expect(reply.blocks?.length).toBeLessThanOrEqual(50);
  });

  it("sends a small chart privately to the person's DM: this period against the previous", async () => {
    const reply = await stats("smb 2026-03-01..2026-03-29");
    expect(visible(reply)).toContain("A small chart follows in your DM");
    const done = await h.fake.waitFor("files.completeUploadExternal");
    expect(done.args.channel_id).toBe(`D${MANAGER}`);
    const upload = h.fake.uploads.at(-1);
    expect(upload?.filename).toBe("stats-chart.png");
    // A PNG, and a real picture rather than an empty one.
    expect(upload?.bytes.subarray(1, 4).toString()).toBe("PNG");
    expect(upload?.bytes.length).toBeGreaterThan(5000);
    expect(JSON.stringify(done.args)).toContain("SMB · 2026-03-01 → 2026-03-29");
  });

  it("accepts the period first and any case for the segment", async () => {
    const reply = await stats("2026-03-01..2026-03-29 SmB");
    expect(reply.text).toBe("SMB: gained 2 + won back 1 − lost 2 = net +1 — grew");
  });

  it("shows every segment and the total without a segment, over the last four weeks by default", async () => {
    const reply = await stats("");
    const text = visible(reply);
    expect(text).toContain("All segments — did we earn the right to grow?");
    expect(text).toContain("2 Mar 2026, 12:00 → 30 Mar 2026, 12:00");
    expect(text).toContain("*By segment*");
    expect(text).toContain("*Enterprise*:");
    expect(text).toContain("*SMB*:");
  });

  it("lists the valid segments for an unknown one", async () => {
    const reply = await stats("mid-market 4w");
    expect(reply.response_type).toBe("ephemeral");
    expect(reply.text).toContain('I don\'t know the segment "mid-market". Segments: Enterprise, SMB.');
    expect(reply.blocks).toBeUndefined();
  });

  it("explains the period formats for a bad period", async () => {
    const reply = await stats("smb 4weeks");
    expect(reply.text).toContain("I can't read `4weeks` as a period.");
    expect(reply.text).toContain("`7d`");
    expect(reply.text).toContain("`3m` (last 3 calendar months)");
    expect(reply.text).toContain("`2026-03-01..2026-03-29`");
    expect(reply.text).toContain("Segments: Enterprise, SMB.");
    const empty = await stats("smb 2026-03-29..2026-03-01");
    expect(empty.text).toContain("the end must come after the start");
  });

  it("answers in Spanish", async () => {
    const reply = await stats("smb 2026-03-01..2026-03-29", SPANISH);
    const text = visible(reply);
    expect(text).toContain("SMB — ¿nos hemos ganado el derecho a crecer?");
    expect(text).toContain("*Ganados*\n2 · 3.100 EUR");
    expect(text).toContain("*Perdidos*\n2 · 3.500 EUR");
    expect(text).toContain("Clientes netos *+1*");
    expect(text).toContain("valor neto *+400 EUR*");
    expect(text).toContain("Veredicto: *creció*");
    expect(text).toContain("NPS — muy pocas respuestas (n = 4)");
    expect(text).toContain("NRR 56,3 % · GRR 56,3 % · clientes 33,3 %");
    expect(text).toContain("clientes 66,7 % · valor 43,8 %");
    const bad = await stats("pymes", SPANISH);
    expect(bad.text).toContain('No conozco el segmento "pymes". Segmentos: Enterprise, SMB.');
  });

  it("refuses employees", async () => {
    const reply = await stats("smb", "UEMP");
    expect(reply.text).toContain("segment stats needs the manager role");
  });
});
