import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { renderDigestText } from "../../src/render/digest-text.js";
import { buildMeetingDigest } from "../../src/services/build-meeting-digest.js";
import { digestMessages } from "../../src/slack/features/digest/blocks.js";
import { testDatabases } from "../helpers/db.js";

// "What people said" in the digest: the period's themes (services/find-themes.ts) per segment of
// the meeting, over hand-written voice notes whose themes are known:
//   Enterprise, this period: "the export keeps failing" ×6 (2 the period before: +4),
//     "support is slow" ×5 (none before: +5), one anonymous note saying both;
//   SMB, this period: four notes only (below the five a theme needs): no section for SMB;
//   Public Sector: not in the meeting, so never shown even with themes of its own.

const TO = new Date("2026-03-29T00:00:00Z");

describe.each(testDatabases())("the digest's “What people said” on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;
  const seg: Record<string, string> = {};
  let key = 0;
  const note = (segment: string, text: string, at: string, anonymous = false) =>
    db.prisma.voiceNote.create({
      data: {
        workspaceId,
        source: "employee",
        text,
        segmentId: seg[segment] ?? null,
        anonymous,
        authorSlackId: anonymous ? null : "UAUTHOR",
        idempotencyKey: `said:${key++}`,
        createdAt: new Date(at),
      },
    });
  const meeting = (segmentIds: string[]) => ({
    id: "00000000-0000-4000-8000-000000000001",
    name: "Leadership",
    segmentIds,
    timezone: "UTC",
    periodDays: 28,
  });
  const digest = (locale: "en" | "es", segmentIds: string[], anonymityMin = 5) =>
    buildMeetingDigest(db, {
      workspaceId,
      meeting: meeting(segmentIds),
      to: TO,
      previousOccurrenceAt: null,
      locale,
      anonymityMin,
    });

  beforeEach(async () => {
    db = await open();
    workspaceId = (
      await resolveWorkspace(db.prisma, { reportingCurrency: "EUR", defaultLocale: "en", timezone: "UTC" })
    ).id;
    for (const [k, name] of [
      ["enterprise", "Enterprise"],
      ["smb", "SMB"],
      ["public", "Public Sector"],
    ] as const)
      seg[k] = (await db.prisma.segment.create({ data: { workspaceId, key: k, name } })).id;
  });
  afterEach(() => db.close());

  const seed = async () => {
    for (let i = 1; i <= 6; i++)
      await note("enterprise", `The export keeps failing (${i})`, `2026-03-0${i}T10:00:00Z`);
    for (let i = 1; i <= 5; i++) await note("enterprise", `Support is slow again`, `2026-03-1${i}T10:00:00Z`);
    for (let i = 1; i <= 2; i++)
      await note("enterprise", `The export keeps failing`, `2026-02-1${i}T10:00:00Z`);
    for (let i = 1; i <= 4; i++) await note("smb", `Onboarding was confusing`, `2026-03-2${i}T10:00:00Z`);
    for (let i = 1; i <= 6; i++) await note("public", `Invoices arrive late`, `2026-03-0${i}T12:00:00Z`);
  };

  it("shows each segment's themes with mentions and change, and one quote", async () => {
    await seed();
    const model = await digest("en", [seg.enterprise ?? "", seg.smb ?? ""]);
    expect(model.said).toHaveLength(1);
    const [enterprise] = model.said;
    expect(enterprise?.name).toBe("Enterprise");
    expect(enterprise?.themes).toEqual([
      { label: "export keeps failing", mentions: 6, change: 4 },
      { label: "support is slow", mentions: 5, change: 5 },
    ]);
    expect(enterprise?.quote).toMatch(/^The export keeps failing \(\d\)$/);

    const text = renderDigestText(model);
    expect(text).toContain("What people said:");
    expect(text).toContain(
      "    • export keeps failing — 6 mentions (+4)\n    • support is slow — 5 mentions (+5)\n    “The export keeps failing",
    );
    expect(text).not.toContain("Invoices");
    expect(text).not.toContain("UAUTHOR");
    const blocks = JSON.stringify(digestMessages(model).blocks);
    expect(blocks).toContain("*What people said*");
    expect(blocks).toContain("• export keeps failing — 6 mentions (+4)");
    expect(blocks).not.toContain("UAUTHOR");
  });

  it("speaks Spanish in a Spanish meeting", async () => {
    await seed();
    const model = await digest("es", [seg.enterprise ?? ""]);
    const text = renderDigestText(model);
    expect(text).toContain("Lo que dijo la gente:");
    expect(text).toMatch(/— 6 menciones \(\+4\)/);
    expect(JSON.stringify(digestMessages(model).blocks)).toContain("*Lo que dijo la gente*");
  });

  it("never quotes an anonymous note from a group smaller than the anonymity minimum", async () => {
    for (let i = 1; i <= 5; i++)
      await note("enterprise", `Secret: the export keeps failing ${i}`, `2026-03-0${i}T10:00:00Z`, true);
    const model = await digest("en", [seg.enterprise ?? ""], 10);
    expect(model.said[0]?.themes[0]?.mentions).toBe(5);
    expect(model.said[0]?.quote).toBeNull();
    // (The older "Voices" section has its own rule, MIN_GROUP; this one quotes nothing.)
    const said = renderDigestText(model).split("What people said:")[1] ?? "";
    expect(said).toContain("export keeps failing — 5 mentions (+5)");
    expect(said).not.toContain("“");
  });

  it("leaves the section out of an empty period, with no undefined or NaN", async () => {
    const model = await digest("en", []);
    expect(model.said).toEqual([]);
    const text = renderDigestText(model);
    const blocks = JSON.stringify(digestMessages(model));
    for (const shown of [text, blocks]) {
      expect(shown).not.toContain("What people said");
      expect(shown).not.toMatch(/undefined|NaN/);
    }
  });
});
