import { createHash } from "node:crypto";
import { listOccurrences } from "./occurrences.js";

// Moments of truth: which surveys a campaign owes at a given instant. Each due send has a key
// that names it for ever (the campaign, who or what it is about, which moment), and the survey
// id is derived from that key, so every replica and every restart computes the same id and the
// database stores each survey once. Pure: facts and `now` in, due sends out.

const DAY_MS = 24 * 60 * 60 * 1000;

/** How late a check-in or relationship ask may still go out (the app was down, or just created). */
export const DEFAULT_CAMPAIGN_LOOKBACK_MS = 7 * DAY_MS;
/** A recurring pulse older than this is skipped: last week's question asked today misleads. */
export const RECURRING_LOOKBACK_MS = DAY_MS;

export type CampaignTrigger = "after_gained" | "relationship" | "recurring";

export interface CampaignSpec {
  id: string;
  trigger: CampaignTrigger;
  /** after_gained: days after the gain (30, 60, 90). */
  offsetsDays: number[];
  /** relationship: days between two asks of the same contact. */
  everyDays: number | null;
  /** recurring: cron expression in `timezone`. */
  schedule: string | null;
  timezone: string | null;
  createdAt: Date;
}

/** A customer gained or reactivated at `gainedAt` (the movement's time). */
export interface GainFact {
  customerId: string;
  gainedAt: Date;
}

/** A person at a customer the app may ask, linked at `linkedAt`. */
export interface ContactFact {
  customerId: string;
  slackUserId: string;
  linkedAt: Date;
}

export type DueSend =
  | { key: string; trigger: "after_gained"; dueAt: Date; customerId: string; offsetDays: number }
  | { key: string; trigger: "relationship"; dueAt: Date; customerId: string; slackUserId: string }
  | { key: string; trigger: "recurring"; dueAt: Date };

export interface CampaignFacts {
  /** after_gained: gains (and reactivations) of customers that are still customers. */
  gains?: GainFact[];
  /** relationship: every contact of the workspace. */
  contacts?: ContactFact[];
}

/** Due sends, oldest first. Throws on a recurring campaign with an invalid schedule. */
export function dueSends(
  campaign: CampaignSpec,
  facts: CampaignFacts,
  now: Date,
  lookbackMs: number = DEFAULT_CAMPAIGN_LOOKBACK_MS,
): DueSend[] {
  const out: DueSend[] =
    campaign.trigger === "after_gained"
      ? afterGained(campaign, facts.gains ?? [], now, lookbackMs)
      : campaign.trigger === "relationship"
        ? relationship(campaign, facts.contacts ?? [], now, lookbackMs)
        : recurring(campaign, now);
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || a.key.localeCompare(b.key));
}

/** Is `dueAt` in (now − lookback, now]? */
const inWindow = (dueAt: number, now: Date, lookbackMs: number) =>
  dueAt <= now.getTime() && dueAt > now.getTime() - lookbackMs;

function afterGained(c: CampaignSpec, gains: GainFact[], now: Date, lookbackMs: number): DueSend[] {
  const out: DueSend[] = [];
  const offsets = [...new Set(c.offsetsDays)].filter((d) => Number.isInteger(d) && d > 0);
  for (const gain of gains) {
    for (const offsetDays of offsets) {
      const dueAt = gain.gainedAt.getTime() + offsetDays * DAY_MS;
      if (!inWindow(dueAt, now, lookbackMs)) continue;
      out.push({
        // The gain's instant tells a reactivation's check-ins from the first gain's.
        key: `after_gained:${gain.customerId}:${gain.gainedAt.toISOString()}:${offsetDays}`,
        trigger: "after_gained",
        dueAt: new Date(dueAt),
        customerId: gain.customerId,
        offsetDays,
      });
    }
  }
  return out;
}

/**
 * Each contact is asked every `everyDays` days on a slot of their own: the grid starts when the
 * campaign or the link started (whichever is later) plus an offset derived from who they are, so
 * a new campaign does not ask everybody on its first day but spreads them over the period.
 */
function relationship(c: CampaignSpec, contacts: ContactFact[], now: Date, lookbackMs: number): DueSend[] {
  const every = c.everyDays;
  if (!every || every <= 0) return [];
  const period = every * DAY_MS;
  const out: DueSend[] = [];
  for (const contact of contacts) {
    const anchor =
      Math.max(c.createdAt.getTime(), contact.linkedAt.getTime()) +
      stagger(`${c.id}:${contact.customerId}:${contact.slackUserId}`, period);
    if (now.getTime() < anchor) continue;
    const slot = Math.floor((now.getTime() - anchor) / period);
    const dueAt = anchor + slot * period;
    if (!inWindow(dueAt, now, lookbackMs)) continue;
    out.push({
      key: `relationship:${contact.customerId}:${contact.slackUserId}:${slot}`,
      trigger: "relationship",
      dueAt: new Date(dueAt),
      customerId: contact.customerId,
      slackUserId: contact.slackUserId,
    });
  }
  return out;
}

/** A stable offset in [0, period), whole minutes, from a hash of `seed`. */
export function stagger(seed: string, period: number): number {
  const minutes = Math.floor(period / 60_000);
  if (minutes <= 0) return 0;
  const n = createHash("sha256").update(seed).digest().readUInt32BE(0);
  return (n % minutes) * 60_000;
}

/** Only the latest occurrence since the campaign was created is owed; older ones are superseded. */
function recurring(c: CampaignSpec, now: Date): DueSend[] {
  if (!c.schedule || !c.timezone) return [];
  const from = new Date(Math.max(c.createdAt.getTime(), now.getTime() - RECURRING_LOOKBACK_MS));
  const latest = listOccurrences({ schedule: c.schedule, timezone: c.timezone }, from, now).at(-1);
  if (!latest) return [];
  return [{ key: `recurring:${latest.toISOString()}`, trigger: "recurring", dueAt: latest }];
}

/** The survey id of a due send: a UUID (version 8) from the campaign and the send's key. */
export function campaignSurveyId(campaignId: string, key: string): string {
  const b = createHash("sha256").update(`rtg-campaign:${campaignId}:${key}`).digest().subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The gains an after_gained campaign can owe a check-in for now; null when it has no offsets. */
export function gainWindow(
  offsetsDays: number[],
  now: Date,
  lookbackMs: number,
): { from: Date; to: Date } | null {
  const offsets = offsetsDays.filter((d) => Number.isInteger(d) && d > 0);
  if (offsets.length === 0) return null;
  return {
    from: new Date(now.getTime() - Math.max(...offsets) * DAY_MS - lookbackMs),
    to: new Date(now.getTime() - Math.min(...offsets) * DAY_MS),
  };
}
