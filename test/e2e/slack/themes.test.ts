import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { openPglite } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";

// `/cx themes` end to end: signed slash commands to the real Bolt app, comments seeded in PGlite.

const NOW = new Date("2026-03-30T12:00:00Z");
const MANAGER = "UMGR";
const SPANISH = "UESP";

describe("/cx themes", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness(await openPglite(), {
      env: { ROLE_MANAGERS: `${MANAGER},${SPANISH}`, ANONYMITY_MIN: "5" },
      clock: () => NOW,
    });
    h.fake.setUser(SPANISH, { locale: "es-ES" });
    const ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    const seg = await h.db.prisma.segment.create({ data: { workspaceId: ws.id, key: "smb", name: "SMB" } });
    const at = (day: number) => new Date(Date.UTC(2026, 2, day, 10));
    const notes = [
      "El soporte es muy lento",
      "Soporte lento, tardan días",
      "soporte lento otra vez",
      "Soporte lento cuando hay incidencias",
      "No es caro, pero el soporte es lento",
      "No es caro",
    ];
    await h.db.prisma.voiceNote.createMany({
      data: notes.map((text, i) => ({
        workspaceId: ws.id,
        source: "customer" as const,
        text,
        segmentId: seg.id,
        anonymous: true,
        idempotencyKey: `n${i}`,
        createdAt: at(10 + i),
      })),
    });
    await h.db.prisma.surveyResponse.createMany({
      data: [3, 4, 5, 6, 7].map((score, i) => ({
        workspaceId: ws.id,
        kind: "nps" as const,
        score,
        comment: "support is slow",
        segmentId: seg.id,
        respondentSlackId: "UCUST",
        respondedAt: at(20 + i),
        source: "api" as const,
        idempotencyKey: `r${i}`,
        contentHash: `h${i}`,
      })),
    });
    // Loss notes: the ledger's own words.
    const customer = await h.db.prisma.customer.create({
      data: { workspaceId: ws.id, externalId: "c1", name: "Acme", segmentId: seg.id },
    });
    const losses = [
      "Pricing too expensive",
      "expensive pricing",
      "pricing is expensive",
      "Too expensive pricing",
      "Expensive pricing again",
    ];
    await h.db.prisma.customerMovement.createMany({
      data: losses.map((note, i) => ({
        workspaceId: ws.id,
        customerId: customer.id,
        segmentId: seg.id,
        type: i % 2 ? ("lost" as const) : ("gained" as const),
        occurredAt: at(5 + i),
        value: 100,
        currency: "EUR",
        note,
        source: "api" as const,
        idempotencyKey: `m${i}`,
        contentHash: `mh${i}`,
        recordedBy: "URECORDER",
        statusAfter: i % 2 ? ("lost" as const) : ("active" as const),
        valueAfter: i % 2 ? 0 : 100,
      })),
    });
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  const themes = async (text: string, user = MANAGER) => {
    const res = await h.slack.command({ command: "/cx", text: `themes ${text}`.trim(), user_id: user });
    expect(res.status).toBe(200);
    return res.json as { response_type: string; text: string; blocks?: unknown[] };
  };

  it("shows a segment's themes privately: mentions, change, scores and an anonymity-safe quote", async () => {
    const reply = await themes("smb 2026-03-01..2026-03-29");
    expect(reply.response_type).toBe("ephemeral");
    const shown = JSON.stringify(reply.blocks);
    // Five Spanish notes about slow support (one of them also says it is not expensive).
    expect(shown).toContain("*soporte lento* — 5 mentioned it (+5 vs the period before)");
    // "No es caro" twice: never the theme "caro", and too few for a theme of its own.
    expect(shown).not.toMatch(/\*caro\*|\*no caro\*/);
    // Anonymous notes, six of them: at the minimum of 5, quoted, without a name.
    expect(shown).toContain("> _El soporte es muy lento_");
    expect(shown).not.toContain("UCUST");
    // The loss notes make a theme of their own, quoted without who recorded them.
    expect(shown).toMatch(/\*expensive pricing\* — 5 mentioned it \(\+5 vs the period before\)/);
    expect(shown).not.toContain("URECORDER");
    // Five NPS answers with the same comment: their average score, with its n.
    expect(shown).toContain("*support is slow* — 5 mentioned it (+5 vs the period before)");
    expect(shown).toContain("average score of those who mentioned it: NPS 5 (n=5)");
    expect(reply.blocks?.length).toBeLessThanOrEqual(50);
  });

  it("withholds anonymous quotes below the anonymity minimum, and answers in Spanish", async () => {
    await h.stop();
    h = await startSlackHarness(h.db, {
      env: { ROLE_MANAGERS: `${MANAGER},${SPANISH}`, ANONYMITY_MIN: "7" },
      clock: () => NOW,
    });
    h.fake.setUser(SPANISH, { locale: "es-ES" });
    const reply = await themes("smb 2026-03-01..2026-03-29", SPANISH);
    const shown = JSON.stringify(reply.blocks);
    expect(shown).toContain("*soporte lento* — lo mencionaron 5 (+5 frente al periodo anterior)");
    // Six anonymous notes, below a minimum of 7: the Spanish theme has no quote at all.
    expect(shown).toMatch(/\*soporte lento\* — lo mencionaron 5 \(\+5 frente al periodo anterior\)\\n•/);
    const quotes = [...shown.matchAll(/> _([^\\]*)_/g)].map((m) => m[1]);
    expect(quotes.length).toBeGreaterThan(0);
    expect(quotes.filter((q) => /soporte|lento|caro/i.test(q ?? ""))).toEqual([]);
    // Named texts are still quoted, without the name.
    expect(shown).toContain("> _support is slow_");
  });

  it("refuses people below manager and names unknown segments", async () => {
    const refused = await themes("smb", "USOMEONE");
    expect(JSON.stringify(refused)).toContain("needs the manager role");
    expect(JSON.stringify(refused)).not.toContain("soporte lento");
    const unknown = await themes("nowhere");
    expect(unknown.text).toContain('I don\'t know the segment "nowhere"');
  });
});
