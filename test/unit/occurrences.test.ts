import { describe, expect, it } from "vitest";
import {
  cronToWeekly,
  dueAt,
  dueOccurrences,
  listOccurrences,
  nextOccurrence,
  previousOccurrence,
  scheduleProblemText,
  validateLeadMinutes,
  validateSchedule,
  validateTimeZone,
  weeklyToCron,
} from "../../src/domain/occurrences.js";

const madrid = (schedule: string) => ({ schedule, timezone: "Europe/Madrid" });

/** Wall-clock "YYYY-MM-DD HH:MM weekday" of an instant in a zone, via Intl (independent of cron-parser). */
function local(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      weekday: "short",
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.weekday}`;
}

describe("meeting occurrences across daylight-saving changes", () => {
  it("a weekly 09:00 Madrid meeting stays 09:00 local across the March change", () => {
    const weekly = madrid(weeklyToCron({ day: "mon", time: "09:00" }));
    const list = listOccurrences(weekly, new Date("2026-03-16T00:00:00Z"), new Date("2026-04-07T00:00:00Z"));
    expect(list.map((d) => d.toISOString())).toEqual([
      "2026-03-16T08:00:00.000Z", // CET (UTC+1)
      "2026-03-23T08:00:00.000Z",
      "2026-03-30T07:00:00.000Z", // CEST (UTC+2) after 29 March
      "2026-04-06T07:00:00.000Z",
    ]);
    expect(list.map((d) => local(d, "Europe/Madrid"))).toEqual([
      "2026-03-16 09:00 Mon",
      "2026-03-23 09:00 Mon",
      "2026-03-30 09:00 Mon",
      "2026-04-06 09:00 Mon",
    ]);
  });

  it("a weekly 09:00 Madrid meeting stays 09:00 local across the October change", () => {
    const list = listOccurrences(
      madrid("0 9 * * 1"),
      new Date("2026-10-19T00:00:00Z"),
      new Date("2026-11-03T00:00:00Z"),
    );
    expect(list.map((d) => d.toISOString())).toEqual([
      "2026-10-19T07:00:00.000Z", // CEST
      "2026-10-26T08:00:00.000Z", // CET after 25 October
      "2026-11-02T08:00:00.000Z",
    ]);
    expect(list.every((d) => local(d, "Europe/Madrid").endsWith("09:00 Mon"))).toBe(true);
  });

  it("the digest is due the lead time before the meeting, in real minutes", () => {
    const [monday] = listOccurrences(
      madrid("0 9 * * 1"),
      new Date("2026-03-30T00:00:00Z"),
      new Date("2026-03-31T00:00:00Z"),
    );
    expect(monday && local(dueAt(monday, 90), "Europe/Madrid")).toBe("2026-03-30 07:30 Mon");
  });

  it("a daily 02:30 meeting happens once on the spring-forward day, at 03:30 (02:30 does not exist)", () => {
    const list = listOccurrences(
      madrid("30 2 * * *"),
      new Date("2026-03-27T12:00:00Z"),
      new Date("2026-03-31T12:00:00Z"),
    );
    expect(list.map((d) => local(d, "Europe/Madrid"))).toEqual([
      "2026-03-28 02:30 Sat",
      "2026-03-29 03:30 Sun",
      "2026-03-30 02:30 Mon",
      "2026-03-31 02:30 Tue",
    ]);
  });

  it("a daily 02:30 meeting happens once on the fall-back day, although 02:30 happens twice", () => {
    const list = listOccurrences(
      madrid("30 2 * * *"),
      new Date("2026-10-24T12:00:00Z"),
      new Date("2026-10-26T12:00:00Z"),
    );
    expect(list.map((d) => d.toISOString())).toEqual([
      "2026-10-25T00:30:00.000Z",
      "2026-10-26T01:30:00.000Z",
    ]);
  });

  it("lists a window with both ends included", () => {
    const at = new Date("2026-03-23T08:00:00Z");
    expect(listOccurrences(madrid("0 9 * * 1"), at, at)).toEqual([at]);
  });

  it("gives the next and previous meeting", () => {
    const at = new Date("2026-03-30T07:00:00Z");
    expect(previousOccurrence(madrid("0 9 * * 1"), at).toISOString()).toBe("2026-03-23T08:00:00.000Z");
    expect(nextOccurrence(madrid("0 9 * * 1"), at).toISOString()).toBe("2026-04-06T07:00:00.000Z");
  });
});

describe("due occurrences", () => {
  const meeting = { ...madrid("0 9 * * 1"), leadMinutes: 60, createdAt: new Date("2026-01-01T00:00:00Z") };

  it("an occurrence is due from its lead time on, and stays listed after the meeting started", () => {
    const occurrence = "2026-03-23T08:00:00.000Z";
    const at = (iso: string) =>
      dueOccurrences(meeting, new Date(iso)).map((d) => d.occurrenceAt.toISOString());
    expect(at("2026-03-23T06:59:59Z")).not.toContain(occurrence);
    expect(at("2026-03-23T07:00:00Z")).toContain(occurrence);
    expect(at("2026-03-23T09:00:00Z")).toContain(occurrence);
  });

  it("looks back at most 14 days, and not before the meeting existed", () => {
    const now = new Date("2026-03-24T00:00:00Z");
    expect(dueOccurrences(meeting, now).map((d) => d.occurrenceAt.toISOString())).toEqual([
      "2026-03-16T08:00:00.000Z",
      "2026-03-23T08:00:00.000Z",
    ]);
    const created = { ...meeting, createdAt: new Date("2026-03-20T00:00:00Z") };
    expect(dueOccurrences(created, now).map((d) => d.occurrenceAt.toISOString())).toEqual([
      "2026-03-23T08:00:00.000Z",
    ]);
  });
});

describe("weekly day and time", () => {
  it("turns a weekly day and time into cron and back", () => {
    expect(weeklyToCron({ day: "mon", time: "09:00" })).toBe("0 9 * * 1");
    expect(weeklyToCron({ day: "sun", time: "7:05" })).toBe("5 7 * * 0");
    expect(cronToWeekly("0 9 * * 1")).toEqual({ day: "mon", time: "09:00" });
    expect(cronToWeekly("5 7 * * 7")).toEqual({ day: "sun", time: "07:05" });
    expect(cronToWeekly("30 8 * * FRI")).toEqual({ day: "fri", time: "08:30" });
  });

  it("says a schedule is not plain weekly when it is not", () => {
    expect(cronToWeekly("0 9 * * 1,3")).toBeNull();
    expect(cronToWeekly("0 9 * * 1#1")).toBeNull();
    expect(cronToWeekly("0 9 1 * *")).toBeNull();
    expect(cronToWeekly("0 9 * * *")).toBeNull();
    expect(cronToWeekly("not cron")).toBeNull();
  });

  it("refuses a malformed time", () => {
    expect(() => weeklyToCron({ day: "mon", time: "24:00" })).toThrow(/HH:MM/);
  });
});

describe("validation for the admin form", () => {
  it("accepts and normalizes a valid schedule", () => {
    expect(validateSchedule("  0  9 * *   1 ")).toEqual({ ok: true, value: "0 9 * * 1" });
    expect(validateSchedule("0 9 * * 1#1").ok).toBe(true);
    expect(validateSchedule("0 9 1 * *").ok).toBe(true);
  });

  it.each([
    ["", "empty"],
    ["0 9 * *", "field_count"],
    ["0 0 9 * * 1", "field_count"],
    ["H 9 * * 1", "random_field"],
    ["0 9 1-7 * 1", "day_of_month_and_week"],
    ["61 9 * * 1", "invalid"],
    ["0 9 * * funday", "invalid"],
    ["0 9 30 2 *", "invalid"],
    ["*/15 * * * *", "too_frequent"],
  ])("refuses %j (%s) with a message in English and Spanish", (cron, code) => {
    const result = validateSchedule(cron);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problem.code).toBe(code);
    expect(scheduleProblemText(result.problem, "en")).toMatch(/\w/);
    expect(scheduleProblemText(result.problem, "es")).not.toBe(scheduleProblemText(result.problem, "en"));
  });

  it("explains what to write", () => {
    const result = validateSchedule("0 9 * *");
    expect(!result.ok && scheduleProblemText(result.problem, "en")).toContain("5 fields");
    const both = validateSchedule("0 9 1-7 * 1");
    expect(!both.ok && scheduleProblemText(both.problem, "es")).toContain("1#1");
  });

  it("accepts IANA time zones and refuses others", () => {
    expect(validateTimeZone("Europe/Madrid")).toEqual({ ok: true, value: "Europe/Madrid" });
    expect(validateTimeZone(" America/New_York ")).toEqual({ ok: true, value: "America/New_York" });
    const bad = validateTimeZone("Mars/Olympus");
    expect(bad.ok).toBe(false);
    expect(!bad.ok && scheduleProblemText(bad.problem, "en")).toContain("Mars/Olympus");
    expect(validateTimeZone("+01:00").ok).toBe(false);
    expect(validateTimeZone("").ok).toBe(false);
  });

  it("keeps the lead time shorter than the gap between meetings", () => {
    expect(validateLeadMinutes(60, "0 9 * * 1")).toEqual({ ok: true, value: 60 });
    expect(validateLeadMinutes(0, "0 9 * * *")).toEqual({ ok: true, value: 0 });
    expect(validateLeadMinutes(1440, "0 9 * * *")).toMatchObject({
      ok: false,
      problem: { code: "lead_exceeds_gap", gapMinutes: 1440 },
    });
    expect(validateLeadMinutes(-5, "0 9 * * 1")).toMatchObject({
      ok: false,
      problem: { code: "lead_out_of_range" },
    });
    expect(validateLeadMinutes(1.5, "0 9 * * 1")).toMatchObject({
      ok: false,
      problem: { code: "lead_not_whole" },
    });
  });
});
