import { describe, expect, it } from "vitest";
import type { ScheduledMeeting } from "../../src/domain/meetings.js";
import { MAX_LISTED, meetingModal, meetingsList } from "../../src/slack/features/meetings/blocks.js";
import {
  parseMeetingForm,
  readMeetingMetadata,
  segmentValue,
} from "../../src/slack/features/meetings/form.js";
import { MEETING_BLOCK as B, MEETING_INPUT as I } from "../../src/slack/features/meetings/ids.js";
import {
  durationInWords,
  meetingLine,
  parseLeadTime,
  scheduleInWords,
  upcomingDigests,
} from "../../src/slack/features/meetings/words.js";
import { field, stateValues } from "../helpers/slack-requests.js";

const SEGMENT = "7d0e7a52-7a55-4c1e-9a4e-0d6f3e0b8c11";

function form(o: {
  name?: string | null;
  channel?: string | null;
  day?: string | null;
  time?: string | null;
  cron?: string | null;
  timezone?: string | null;
  lead?: string | null;
  segments?: string[];
  locale?: string | null;
  period?: string | null;
}) {
  const pick = <T>(v: T | undefined, d: T) => (v === undefined ? d : v);
  return stateValues({
    [B.name]: { [I.name]: field.text(pick(o.name, "Leadership weekly")) },
    [B.channel]: { [I.channel]: field.conversation(pick(o.channel, "C0LEAD")) },
    [B.day]: { [I.day]: field.select(pick(o.day, "mon")) },
    [B.time]: { [I.time]: field.time(pick(o.time, "09:00")) },
    [B.cron]: { [I.cron]: field.text(pick(o.cron, null)) },
    [B.timezone]: { [I.timezone]: field.text(pick(o.timezone, "Europe/Madrid")) },
    [B.lead]: { [I.lead]: field.text(pick(o.lead, "1 h")) },
    [B.segments]: { [I.segments]: field.multiSelect(o.segments ?? []) },
    [B.locale]: { [I.locale]: field.radio(pick(o.locale, "es")) },
    [B.period]: { [I.period]: field.select(pick(o.period, "previous")) },
  });
}

describe("parsing the meeting modal", () => {
  it("turns a weekly day and time into cron in the meeting's zone", () => {
    const result = parseMeetingForm(form({ segments: [segmentValue(SEGMENT)], period: "14" }), "en");
    expect(result).toEqual({
      ok: true,
      settings: {
        name: "Leadership weekly",
        channelId: "C0LEAD",
        schedule: "0 9 * * 1",
        timezone: "Europe/Madrid",
        leadMinutes: 60,
        segmentIds: [SEGMENT],
        locale: "es",
        periodDays: 14,
      },
    });
  });

  it("prefers a typed cron expression over the day and time, and normalises it", () => {
    const result = parseMeetingForm(
      form({ cron: "  30 8   * * 1#1 ", lead: "90 min", period: "previous" }),
      "en",
    );
    expect(result.ok && result.settings).toMatchObject({
      schedule: "30 8 * * 1#1",
      leadMinutes: 90,
      periodDays: null,
    });
  });

  it("reports every problem on its own input, in the person's language", () => {
    const result = parseMeetingForm(
      form({ name: "  ", channel: "DABC", cron: "0 9 * *", timezone: "Mars/Olympus", lead: "soon" }),
      "es",
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[B.name]).toBe("Ponle un nombre a la reunión.");
    expect(result.errors[B.channel]).toBe("Elige un canal, no un mensaje directo.");
    expect(result.errors[B.cron]).toContain("tiene 4");
    expect(result.errors[B.timezone]).toContain("Zona horaria desconocida «Mars/Olympus»");
    expect(result.errors[B.lead]).toContain("«soon» no es una duración");
  });

  it("refuses a lead time longer than the gap between two meetings", () => {
    const result = parseMeetingForm(form({ cron: "0 9 * * *", lead: "1 d" }), "en");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[B.lead]).toContain("would post the digest before the previous meeting");
    expect(Object.keys(result.errors)).toEqual([B.lead]);
  });

  it("needs a day and a time when there is no cron expression", () => {
    const result = parseMeetingForm(form({ day: null, time: null }), "en");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors[B.day]).toContain("Pick a day");
    expect(result.errors[B.time]).toContain("Pick a time");
  });

  it("says a tampered payload was not understood instead of storing it", () => {
    const values = form({});
    (values[B.segments] as Record<string, unknown>)[I.segments] = {
      type: "multi_static_select",
      selected_options: [{ value: "customer:x" }],
    };
    const result = parseMeetingForm(values, "en");
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors[B.segments]).toContain("not understood");
    expect(parseMeetingForm({ [B.name]: "oops" }, "en").ok).toBe(false);
  });

  it("reads only metadata it wrote", () => {
    const good = { v: 1, meetingId: null, responseUrl: null, replace: false };
    expect(readMeetingMetadata(JSON.stringify(good))).toEqual(good);
    expect(readMeetingMetadata("{")).toBeNull();
    expect(readMeetingMetadata(JSON.stringify({ ...good, meetingId: "not-a-uuid" }))).toBeNull();
  });
});

describe("meetings in words", () => {
  it("says a weekly schedule as people do, and any other as cron", () => {
    expect(scheduleInWords({ schedule: "0 9 * * 1", timezone: "Europe/Madrid" }, "en")).toBe(
      "Mondays 09:00 Europe/Madrid",
    );
    expect(scheduleInWords({ schedule: "30 8 * * 5", timezone: "Europe/Madrid" }, "es")).toBe(
      "Los viernes 08:30 Europe/Madrid",
    );
    expect(scheduleInWords({ schedule: "0 9 * * 1#1", timezone: "UTC" }, "en")).toBe(
      "cron `0 9 * * 1#1` (UTC)",
    );
  });

  it("writes and reads lead times", () => {
    expect(durationInWords(90, "en")).toBe("1 h 30 min");
    expect(durationInWords(45, "en")).toBe("45 min");
    expect(durationInWords(120, "en")).toBe("2 h");
    expect(durationInWords(2880, "es")).toBe("2 días");
    expect(durationInWords(0, "en")).toBe("0 min");
    for (const [text, minutes] of [
      ["60", 60],
      ["90 min", 90],
      ["2 h", 120],
      ["1h30", 90],
      ["1 h 30 min", 90],
      ["1,5 horas", 90],
      ["1 día", 1440],
      ["1d", 1440],
      ["2 hours", 120],
    ] as const) {
      expect(parseLeadTime(text), text).toBe(minutes);
    }
    for (const text of ["", "soon", "30 min 1 h", "1 fortnight", "h", "30 1h"]) {
      expect(parseLeadTime(text), text).toBeNull();
    }
  });

  it("lists the next digests in the meeting's zone, skipping one already due", () => {
    const meeting = { schedule: "0 9 * * 1", timezone: "Europe/Madrid", leadMinutes: 60 };
    // Monday 30 March 2026, 08:30 in Madrid: that day's digest (08:00) is already out.
    const now = new Date("2026-03-30T06:30:00Z");
    expect(upcomingDigests(meeting, now).map((u) => u.digestAt.toISOString())).toEqual([
      "2026-04-06T06:00:00.000Z",
      "2026-04-13T06:00:00.000Z",
      "2026-04-20T06:00:00.000Z",
    ]);
  });

  it("summarises a meeting for the list", () => {
    const meeting: ScheduledMeeting = {
      id: "m1",
      workspaceId: "w",
      name: "Board",
      channelId: "C1",
      schedule: "0 9 * * 1",
      timezone: "Europe/Madrid",
      leadMinutes: 90,
      segmentIds: [SEGMENT],
      locale: "es",
      periodDays: 7,
      paused: false,
      createdAt: new Date("2026-01-01T00:00:00Z"),
    };
    const line = meetingLine(meeting, new Map([[SEGMENT, "SMB"]]), new Date("2026-03-28T12:00:00Z"), "en");
    expect(line.summary).toBe(
      "Mondays 09:00 Europe/Madrid · digest 1 h 30 min before · SMB · Spanish · covers the last 7 days · active",
    );
    expect(line.nextDigest).toBe("Mon 30 Mar, 07:30");
    expect(line.nextMeetings).toEqual(["Mon 30 Mar, 09:00", "Mon 6 Apr, 09:00", "Mon 13 Apr, 09:00"]);
    const paused = meetingLine(
      { ...meeting, paused: true },
      new Map(),
      new Date("2026-03-28T12:00:00Z"),
      "es",
    );
    expect(paused.nextDigest).toBeNull();
    expect(paused.summary).toContain("Los lunes 09:00 Europe/Madrid · resumen 1 h 30 min antes · ?");
    expect(paused.summary).toContain("⏸️ en pausa");
  });
});

describe("the meetings Block Kit", () => {
  const line = (i: number) => ({
    id: `m${i}`,
    name: `Meeting <${i}>`,
    channelId: "C1",
    paused: i % 2 === 0,
    summary: "Mondays 09:00 UTC",
    nextDigest: "Mon 30 Mar, 08:00",
    nextMeetings: ["Mon 30 Mar, 09:00"],
  });

  it("keeps a long list within Slack's 50 blocks and says how many are left out", () => {
    const many = Array.from({ length: MAX_LISTED + 4 }, (_, i) => line(i));
    const { blocks, text } = meetingsList({ locale: "en", meetings: many, canManage: true, notice: "Done." });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks)).toContain("…and 4 more.");
    // People type names: they are escaped, never a mention or a link.
    expect(JSON.stringify(blocks)).toContain("Meeting &lt;1&gt;");
    expect(text).toContain("Done.");
  });

  it("offers an edited meeting's values back, keeping a non-weekly schedule as cron", () => {
    const view = meetingModal({
      locale: "en",
      editing: true,
      segments: [{ id: SEGMENT, name: "SMB" }],
      metadata: { v: 1, meetingId: null, responseUrl: null, replace: false },
      values: {
        name: "Board",
        channelId: "C1",
        schedule: "0 9 1 * *",
        timezone: "Europe/Madrid",
        leadMinutes: 120,
        segmentIds: [SEGMENT],
        locale: "es",
        periodDays: 30,
      },
    });
    const block = (id: string) =>
      view.blocks.find((b) => "block_id" in b && b.block_id === id) as unknown as {
        element: Record<string, unknown>;
      };
    expect(block(B.cron).element.initial_value).toBe("0 9 1 * *");
    expect(block(B.day).element.initial_option).toBeUndefined();
    expect(block(B.lead).element.initial_value).toBe("2 h");
    expect(block(B.segments).element.initial_options).toEqual([
      { value: segmentValue(SEGMENT), text: { type: "plain_text", text: "SMB", emoji: true } },
    ]);
    expect((block(B.period).element.initial_option as { value: string }).value).toBe("30");
    expect((block(B.locale).element.initial_option as { value: string }).value).toBe("es");
  });
});
