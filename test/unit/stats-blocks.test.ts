import { describe, expect, it } from "vitest";
import { buildStatsReport } from "../../src/domain/customer-math.js";
import { statsMessage } from "../../src/slack/features/stats/blocks.js";

// The /cx stats message stays within Slack's limits however many segments there are, and never
// shows a score without its n.

function report(segmentCount: number) {
  const segments = Array.from({ length: segmentCount }, (_, i) => ({
    id: `s${i}`,
    name: `Segment with a rather long name number ${i} ${"x".repeat(60)}`,
  }));
  return buildStatsReport({
    from: new Date("2026-03-01T00:00:00Z"),
    to: new Date("2026-03-29T00:00:00Z"),
    currency: "EUR",
    segments,
    reasons: [],
    flows: segments.map((s) => ({
      segmentId: s.id,
      window: "current" as const,
      type: "gained" as const,
      reasonCodeId: null,
      count: 3,
      value: "1000.00",
    })),
    scores: [],
    base: [],
  });
}

describe("the /cx stats message", () => {
  it("keeps within Slack's block and text limits with hundreds of segments", () => {
    for (const locale of ["en", "es"] as const) {
      const m = statsMessage({ report: report(400), segment: null, locale, timeZone: "UTC" });
      expect(m.blocks.length).toBeLessThanOrEqual(50);
      for (const block of m.blocks) {
        const b = block as { type: string; text?: { text: string }; fields?: Array<{ text: string }> };
        if (b.type === "section" && b.text) expect(b.text.text.length).toBeLessThanOrEqual(3000);
        if (b.type === "header" && b.text) expect(b.text.text.length).toBeLessThanOrEqual(150);
        for (const f of b.fields ?? []) expect(f.text.length).toBeLessThanOrEqual(2000);
      }
      expect(JSON.stringify(m.blocks)).toMatch(/…(and \d+ more|y \d+ más)/);
    }
  });

  it("says there were no answers instead of showing a score without n", () => {
    const m = statsMessage({ report: report(1), segment: null, locale: "en", timeZone: "UTC" });
    const text = JSON.stringify(m.blocks);
    expect(text).toContain("NPS — no answers (n=0)");
    expect(text).toContain("CSAT — no answers (n=0)");
    expect(text).toContain("CES — no answers (n=0)");
    expect(text).not.toContain("n < 30");
  });

  it("shows each score's 95% interval and whether it moved beyond noise, in both languages", () => {
    const row = (window: "current" | "previous", score: number, count: number) => ({
      segmentId: "s1",
      window,
      kind: "nps" as const,
      score,
      count,
    });
    const r = buildStatsReport({
      from: new Date("2026-03-01T00:00:00Z"),
      to: new Date("2026-03-29T00:00:00Z"),
      currency: "EUR",
      segments: [{ id: "s1", name: "SMB" }],
      reasons: [],
      flows: [],
      // Now 5 promoters, 4 passives, 1 detractor (NPS 40); before 4, 5, 1 (NPS 30).
      scores: [
        row("current", 10, 5),
        row("current", 8, 4),
        row("current", 3, 1),
        row("previous", 10, 4),
        row("previous", 8, 5),
        row("previous", 3, 1),
      ],
      base: [],
    });
    const en = JSON.stringify(
      statsMessage({ report: r, segment: null, locale: "en", timeZone: "UTC" }).blocks,
    );
    // Adjusted Wald by hand for P 5, D 1 of 10: −7.0 to 68.5 (docs/metrics.md).
    expect(en).toContain(
      "NPS *40* (n=10 · ⚠️ small sample) · 95% −7.0–68.5 · Δ +10.0 vs previous (no clear change)",
    );
    expect(en).toContain("*Quick ratio*\\nno losses");
    expect(en).toContain("none: no customers at the start");
    const es = JSON.stringify(
      statsMessage({ report: r, segment: null, locale: "es", timeZone: "UTC" }).blocks,
    );
    expect(es).toContain("95 % −7,0–68,5");
    expect(es).toContain("(sin cambio claro)");
    expect(es).toContain("sin pérdidas");
  });
});
