import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPglite } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { nowSeconds } from "../../helpers/slack-requests.js";

describe("/cx help, typos and request verification", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness(await openPglite());
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  it("answers /cx help privately with the usage", async () => {
    const res = await h.slack.command({ command: "/cx", text: "help", user_id: "U1" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_type: "ephemeral" });
    expect((res.json as { text: string }).text).toContain("/cx survey nps|csat|ces");
  });

  it("answers a bare /cx with the usage too", async () => {
    const res = await h.slack.command({ command: "/cx", text: "", user_id: "U1" });
    expect((res.json as { text: string }).text).toContain("/cx won");
  });

  it("explains the metrics in plain words, in the person's language", async () => {
    h.fake.setUser("UES", { locale: "es-ES" });
    const en = await h.slack.command({ command: "/cx", text: "help metrics", user_id: "U1" });
    expect((en.json as { text: string }).text).toContain("promoters (9–10) − % detractors (0–6)");
    const es = await h.slack.command({ command: "/cx", text: "help metrics", user_id: "UES" });
    expect((es.json as { text: string }).text).toContain("Qué significan las cifras");
    const enText = (en.json as { text: string }).text;
    expect(enText).toContain(
      "*NRR* = value of the cohort at the end (0 for those lost) ÷ its value at the start",
    );
    expect(enText).toContain(
      "*Quick ratio* = (new + reactivation + expansion value) ÷ (churned + contraction value)",
    );
    expect(enText).toContain('otherwise "no clear change"');
    const esText = (es.json as { text: string }).text;
    expect(esText).toContain("*GRR* = lo mismo con cada cliente limitado a su valor inicial");
    expect(esText).toContain("«sin cambio claro»");
  });

  it("suggests the nearest subcommand for a typo, never silence", async () => {
    const res = await h.slack.command({ command: "/cx", text: "hlep", user_id: "U1" });
    const text = (res.json as { text: string }).text;
    expect(text).toContain("I don't know `/cx hlep`. Did you mean `/cx help`?");
    expect(text).toContain("/cx help metrics");
  });

  it("rejects forged and stale signatures with 401 and does nothing", async () => {
    const forged = await h.slack.command(
      { command: "/cx", text: "help", user_id: "U1" },
      { signingSecret: "not-the-secret-0123456789" },
    );
    expect(forged.status).toBe(401);
    const stale = await h.slack.command(
      { command: "/cx", text: "help", user_id: "U1" },
      { timestamp: nowSeconds() - 301 },
    );
    expect(stale.status).toBe(401);
    expect(h.fake.callsTo("users.info")).toHaveLength(0);
  });

  it("serves a health check", async () => {
    const res = await fetch(`http://127.0.0.1:${h.port}/healthz`);
    expect(res.status).toBe(200);
  });
});
