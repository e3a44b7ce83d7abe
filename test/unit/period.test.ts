import { describe, expect, it } from "vitest";
import {
  defaultPeriod,
  looksLikePeriod,
  parsePeriod,
  parseStatsArgs,
  subtractLocalMonths,
} from "../../src/domain/period.js";

const now = new Date("2026-03-30T10:15:00Z");
const iso = (d: Date) => d.toISOString();

function ok(text: string, at = now, tz = "UTC") {
  const r = parsePeriod(text, at, tz);
  if (!r.ok) throw new Error(`expected ${text} to parse, got ${r.error}`);
  return r.period;
}

describe("parsePeriod", () => {
  it("reads days and weeks as local calendar days ending now", () => {
    expect(iso(ok("7d").from)).toBe("2026-03-23T10:15:00.000Z");
    expect(ok("7d").to).toEqual(now);
    expect(iso(ok("4w").from)).toBe("2026-03-02T10:15:00.000Z");
    expect(iso(ok("1W").from)).toBe("2026-03-23T10:15:00.000Z");
  });

  it("keeps a week 7 local days across a DST change", () => {
    // Madrid moved to summer time on 2026-03-29: a week back is 7 × 24 h minus one hour.
    const p = ok("1w", now, "Europe/Madrid");
    expect(iso(p.from)).toBe("2026-03-23T11:15:00.000Z");
  });

  it("reads months as calendar months, clamping the day", () => {
    expect(iso(ok("1m").from)).toBe("2026-02-28T10:15:00.000Z");
    expect(iso(ok("3m").from)).toBe("2025-12-30T10:15:00.000Z");
    expect(iso(subtractLocalMonths(new Date("2026-05-31T08:00:00Z"), 3, "UTC"))).toBe(
      "2026-02-28T08:00:00.000Z",
    );
    expect(iso(subtractLocalMonths(new Date("2024-03-31T08:00:00Z"), 1, "UTC"))).toBe(
      "2024-02-29T08:00:00.000Z",
    );
    expect(iso(ok("12m").from)).toBe("2025-03-30T10:15:00.000Z");
  });

  it("reads a range as [start of first day, start of end day) in the time zone", () => {
    const p = ok("2026-03-01..2026-03-29");
    expect(iso(p.from)).toBe("2026-03-01T00:00:00.000Z");
    expect(iso(p.to)).toBe("2026-03-29T00:00:00.000Z");
    const madrid = ok("2026-03-01..2026-03-29", now, "Europe/Madrid");
    expect(iso(madrid.from)).toBe("2026-02-28T23:00:00.000Z");
    expect(iso(madrid.to)).toBe("2026-03-28T23:00:00.000Z");
  });

  it("says what is wrong with a bad period", () => {
    const error = (text: string) => {
      const r = parsePeriod(text, now, "UTC");
      return r.ok ? "ok" : r.error;
    };
    expect(error("last week")).toBe("format");
    expect(error("7")).toBe("format");
    expect(error("7y")).toBe("format");
    expect(error("-7d")).toBe("format");
    expect(error("2026-03-01")).toBe("format");
    expect(error("2026-02-30..2026-03-29")).toBe("invalid_date");
    expect(error("2026-03-29..2026-03-01")).toBe("empty");
    expect(error("2026-03-01..2026-03-01")).toBe("empty");
    expect(error("0d")).toBe("empty");
    expect(error("9999d")).toBe("too_long");
    expect(error("2000-01-01..2026-01-01")).toBe("too_long");
    expect(error("2027-01-01..2027-02-01")).toBe("not_started");
  });

  it("defaults to the last four weeks", () => {
    const p = defaultPeriod(now, "UTC");
    expect(iso(p.from)).toBe("2026-03-02T10:15:00.000Z");
    expect(p.to).toEqual(now);
    expect(p.spec).toEqual({ kind: "relative", amount: 4, unit: "w" });
  });

  it("knows what looks like an attempt at a period", () => {
    expect(looksLikePeriod("4weeks")).toBe(true);
    expect(looksLikePeriod("2026-03-01..")).toBe(true);
    expect(looksLikePeriod("smb")).toBe(false);
  });
});

describe("parseStatsArgs", () => {
  const parse = (text: string) => parseStatsArgs(text.split(/\s+/).filter(Boolean), now, "UTC");

  it("takes no words as every segment over the default period", () => {
    const r = parse("");
    expect(r).toMatchObject({ ok: true, segment: undefined });
    if (r.ok) expect(r.period.spec).toEqual({ kind: "relative", amount: 4, unit: "w" });
  });

  it("finds the period after or before a segment of several words", () => {
    expect(parse("mid market 7d")).toMatchObject({ ok: true, segment: "mid market" });
    expect(parse("7d mid market")).toMatchObject({ ok: true, segment: "mid market" });
    const spaced = parse("mid market 2026-03-01 .. 2026-03-29");
    expect(spaced).toMatchObject({ ok: true, segment: "mid market" });
    if (spaced.ok) expect(iso(spaced.period.to)).toBe("2026-03-29T00:00:00.000Z");
    expect(parse("3m")).toMatchObject({ ok: true, segment: undefined });
  });

  it("takes words without a period as the segment", () => {
    const r = parse("Enterprise accounts");
    expect(r).toMatchObject({ ok: true, segment: "Enterprise accounts" });
  });

  it("reports a bad period instead of guessing it is part of the segment", () => {
    expect(parse("smb 4weeks")).toEqual({ ok: false, error: "format", text: "4weeks", segment: "smb" });
    expect(parse("smb 2026-02-30..2026-03-29")).toMatchObject({
      ok: false,
      error: "invalid_date",
      segment: "smb",
    });
    expect(parse("smb 2026-03-29 .. 2026-03-01")).toMatchObject({
      ok: false,
      error: "empty",
      text: "2026-03-29 .. 2026-03-01",
      segment: "smb",
    });
  });
});
