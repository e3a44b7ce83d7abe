import { describe, expect, it } from "vitest";
import {
  type CampaignSpec,
  campaignSurveyId,
  DEFAULT_CAMPAIGN_LOOKBACK_MS,
  dueSends,
  gainWindow,
  stagger,
} from "../../src/domain/campaign-triggers.js";

const DAY = 24 * 60 * 60 * 1000;
const at = (iso: string) => new Date(iso);
const plus = (d: Date, ms: number) => new Date(d.getTime() + ms);

const base: CampaignSpec = {
  id: "11111111-1111-4111-8111-111111111111",
  trigger: "after_gained",
  offsetsDays: [30, 60, 90],
  everyDays: null,
  schedule: null,
  timezone: null,
  createdAt: at("2026-01-01T00:00:00Z"),
};

describe("after_gained check-ins (30/60/90)", () => {
  const gainedAt = at("2026-02-01T10:00:00Z");
  const gains = [{ customerId: "acme", gainedAt }];

  it("is due exactly 30 days after the gain, not a minute before", () => {
    const due30 = plus(gainedAt, 30 * DAY);
    expect(dueSends(base, { gains }, plus(due30, -60_000))).toEqual([]);
    const due = dueSends(base, { gains }, due30);
    expect(due).toHaveLength(1);
    expect(due[0]).toMatchObject({
      trigger: "after_gained",
      customerId: "acme",
      offsetDays: 30,
      dueAt: due30,
    });
  });

  it("owes 60 and 90 at their own days, each with its own key", () => {
    const k = (days: number) =>
      dueSends(base, { gains }, plus(gainedAt, days * DAY)).map((d) =>
        d.trigger === "after_gained" ? d.offsetDays : 0,
      );
    expect(k(60)).toEqual([60]);
    expect(k(90)).toEqual([90]);
    const keys = [30, 60, 90].map((d) => dueSends(base, { gains }, plus(gainedAt, d * DAY))[0]?.key);
    expect(new Set(keys).size).toBe(3);
  });

  it("stays due through the lookback (the app was down) and not after", () => {
    const due30 = plus(gainedAt, 30 * DAY);
    expect(dueSends(base, { gains }, plus(due30, DEFAULT_CAMPAIGN_LOOKBACK_MS - 60_000))).toHaveLength(1);
    expect(dueSends(base, { gains }, plus(due30, DEFAULT_CAMPAIGN_LOOKBACK_MS))).toEqual([]);
  });

  it("a new campaign does not blast history: a customer gained a year ago owes nothing", () => {
    const old = [{ customerId: "old", gainedAt: at("2025-01-01T00:00:00Z") }];
    expect(dueSends(base, { gains: old }, at("2026-03-01T00:00:00Z"))).toEqual([]);
  });

  it("a reactivation owes its own check-ins (the gain's instant is in the key)", () => {
    const again = [
      { customerId: "acme", gainedAt },
      { customerId: "acme", gainedAt: plus(gainedAt, 200 * DAY) },
    ];
    const first = dueSends(base, { gains: again }, plus(gainedAt, 30 * DAY));
    const second = dueSends(base, { gains: again }, plus(gainedAt, 230 * DAY));
    expect(first).toHaveLength(1);
    expect(second).toHaveLength(1);
    expect(first[0]?.key).not.toBe(second[0]?.key);
  });

  it("the gain window covers exactly the gains that can be due", () => {
    const now = at("2026-06-01T00:00:00Z");
    const w = gainWindow([30, 60, 90], now, 7 * DAY);
    expect(w).toEqual({ from: plus(now, -97 * DAY), to: plus(now, -30 * DAY) });
    expect(gainWindow([], now, 7 * DAY)).toBeNull();
  });
});

describe("relationship NPS every N days per contact", () => {
  const spec: CampaignSpec = { ...base, trigger: "relationship", everyDays: 90 };
  const contact = { customerId: "acme", slackUserId: "U1", linkedAt: at("2025-06-01T00:00:00Z") };
  const anchor = plus(spec.createdAt, stagger(`${spec.id}:acme:U1`, 90 * DAY));

  it("asks each contact on a slot of its own, then again every N days", () => {
    expect(dueSends(spec, { contacts: [contact] }, plus(anchor, -60_000))).toEqual([]);
    const first = dueSends(spec, { contacts: [contact] }, anchor);
    expect(first).toMatchObject([{ trigger: "relationship", slackUserId: "U1", dueAt: anchor }]);
    // Within the period the same send is owed (same key): creating it twice is a duplicate.
    expect(dueSends(spec, { contacts: [contact] }, plus(anchor, 3 * DAY))[0]?.key).toBe(first[0]?.key);
    // After the lookback nothing until the next slot, which has a new key.
    expect(dueSends(spec, { contacts: [contact] }, plus(anchor, 30 * DAY))).toEqual([]);
    const next = dueSends(spec, { contacts: [contact] }, plus(anchor, 90 * DAY));
    expect(next[0]?.dueAt).toEqual(plus(anchor, 90 * DAY));
    expect(next[0]?.key).not.toBe(first[0]?.key);
  });

  it("spreads contacts over the period instead of asking everybody on day one", () => {
    const contacts = Array.from({ length: 50 }, (_, i) => ({ ...contact, slackUserId: `U${i}` }));
    const firstDay = dueSends(spec, { contacts }, plus(spec.createdAt, DAY));
    expect(firstDay.length).toBeLessThan(10);
    const offsets = contacts.map((c) => stagger(`${spec.id}:acme:${c.slackUserId}`, 90 * DAY));
    expect(Math.max(...offsets)).toBeGreaterThan(45 * DAY);
    expect(Math.min(...offsets)).toBeGreaterThanOrEqual(0);
  });

  it("a contact linked later starts from the link, not from the campaign", () => {
    const late = { ...contact, slackUserId: "U9", linkedAt: at("2026-05-01T00:00:00Z") };
    const lateAnchor = plus(late.linkedAt, stagger(`${spec.id}:acme:U9`, 90 * DAY));
    expect(dueSends(spec, { contacts: [late] }, plus(lateAnchor, -60_000))).toEqual([]);
    expect(dueSends(spec, { contacts: [late] }, lateAnchor)).toHaveLength(1);
  });
});

describe("recurring campaigns on a cron schedule", () => {
  const spec: CampaignSpec = {
    ...base,
    trigger: "recurring",
    schedule: "0 10 * * 1",
    timezone: "Europe/Madrid",
    createdAt: at("2026-03-01T00:00:00Z"),
  };

  it("is due at 10:00 Madrid on both sides of the DST change (09:00Z then 08:00Z)", () => {
    // 29 March 2026: Madrid moves from UTC+1 to UTC+2.
    expect(dueSends(spec, {}, at("2026-03-23T09:00:00Z"))).toMatchObject([
      { trigger: "recurring", dueAt: at("2026-03-23T09:00:00Z") },
    ]);
    // A minute before, last week's occurrence is over a day old: nothing is owed.
    expect(dueSends(spec, {}, at("2026-03-23T08:59:00Z"))).toEqual([]);
    expect(dueSends(spec, {}, at("2026-03-30T08:00:00Z"))).toMatchObject([
      { dueAt: at("2026-03-30T08:00:00Z") },
    ]);
  });

  it("owes only the latest occurrence, and none older than a day", () => {
    expect(dueSends(spec, {}, at("2026-03-23T20:00:00Z"))).toHaveLength(1);
    expect(dueSends(spec, {}, at("2026-03-25T20:00:00Z"))).toEqual([]);
  });

  it("owes nothing from before the campaign existed", () => {
    expect(
      dueSends({ ...spec, createdAt: at("2026-03-23T09:30:00Z") }, {}, at("2026-03-23T10:00:00Z")),
    ).toEqual([]);
  });
});

describe("survey ids", () => {
  it("are deterministic UUIDs per campaign and key", () => {
    const a = campaignSurveyId(base.id, "after_gained:acme:2026-02-01T10:00:00.000Z:30");
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(campaignSurveyId(base.id, "after_gained:acme:2026-02-01T10:00:00.000Z:30")).toBe(a);
    expect(campaignSurveyId(base.id, "after_gained:acme:2026-02-01T10:00:00.000Z:60")).not.toBe(a);
    expect(
      campaignSurveyId(
        "22222222-2222-4222-8222-222222222222",
        "after_gained:acme:2026-02-01T10:00:00.000Z:30",
      ),
    ).not.toBe(a);
  });
});
