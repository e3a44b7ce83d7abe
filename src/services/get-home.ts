import type { DbClient } from "../data/client.js";
import { listOwnedCustomers, type OwnedCustomer } from "../data/customers.js";
import { listPendingSurveys, type PendingSurvey } from "../data/pending-surveys.js";
import { listNotesByAuthor, listOpenNotes, type NoteSummary } from "../data/voice-notes.js";
import type { SegmentStats } from "../domain/customer-math.js";
import type { Money } from "../domain/money.js";
import { type Action, can, type Role } from "../domain/permissions.js";
import type { Retention } from "../domain/retention.js";
import type { Interval } from "../domain/score-noise.js";
import { getStats } from "./get-stats.js";

// The App Home as data: what one person sees on their dashboard. Rendering is elsewhere.

const DAY_MS = 24 * 60 * 60 * 1000;
export const HOME_PERIOD_DAYS = 28;
export const PENDING_SURVEY_DAYS = 14;
const MAX_SEGMENTS = 12;
/** Accounts listed for their owner; the rest are counted ("and N more"). */
export const MAX_OWNED_ACCOUNTS = 10;

export type { OwnedCustomer };

export interface HomeNumbers {
  name: string;
  gained: { count: number; value: Money };
  lost: { count: number; value: Money };
  reactivated: { count: number; value: Money };
  netCustomers: number;
  netValue: Money;
  previousNetCustomers: number;
  previousNetValue: Money;
  nps: { score: number | null; n: number; ci: Interval | null; tooFew: boolean };
  retention: Retention;
  quickRatio: number | null;
}

export interface HomeModel {
  userId: string;
  period: { from: Date; to: Date; days: number };
  currency: string;
  timeZone: string;
  company: HomeNumbers;
  /** Per segment, for those who may see segment stats; null for everyone else. */
  segments: HomeNumbers[] | null;
  /** How many segments were left out to keep the page readable. */
  moreSegments: number;
  /** The customers this person owns (their alerts come to them), with the latest answer and open alerts. */
  accounts: OwnedCustomer[];
  /** How many more they own than are listed. */
  moreAccounts: number;
  myNotes: NoteSummary[];
  pendingSurveys: PendingSurvey[];
  /** Notes waiting for triage, for those who may triage; null for everyone else. */
  openNotes: NoteSummary[] | null;
  allowed: Record<Action, boolean>;
}

function numbers(s: SegmentStats, minAnswers: number, name = s.segment): HomeNumbers {
  return {
    name,
    gained: s.gained,
    lost: s.lost,
    reactivated: s.reactivated,
    netCustomers: s.net.customers,
    netValue: s.net.value,
    previousNetCustomers: s.previous.net.customers,
    previousNetValue: s.previous.net.value,
    nps: { score: s.nps.score, n: s.nps.n, ci: s.nps.ci, tooFew: s.nps.n > 0 && s.nps.n < minAnswers },
    retention: s.retention,
    quickRatio: s.quickRatio,
  };
}

const ACTIONS: Action[] = [
  "voice.submit",
  "survey.answer",
  "survey.send",
  "ledger.write",
  "stats.view",
  "digest.view",
  "note.triage",
  "alert.handle",
  "admin.configure",
];

export async function getHome(
  db: DbClient,
  input: {
    workspaceId: string;
    currency: string;
    timeZone: string;
    userId: string;
    role: Role;
    minAnswers?: number;
  },
  now: Date,
): Promise<HomeModel> {
  const allowed = Object.fromEntries(ACTIONS.map((a) => [a, can(input.role, a)])) as Record<Action, boolean>;
  const from = new Date(now.getTime() - HOME_PERIOD_DAYS * DAY_MS);
  const report = await getStats(db, {
    workspaceId: input.workspaceId,
    currency: input.currency,
    from,
    to: now,
    minAnswers: input.minAnswers,
  });
  const myNotes = await listNotesByAuthor(db, input.workspaceId, input.userId, 5);
  const pendingSurveys = await listPendingSurveys(
    db,
    input.workspaceId,
    input.userId,
    new Date(now.getTime() - PENDING_SURVEY_DAYS * DAY_MS),
    5,
  );
  const owned = await listOwnedCustomers(db, input.workspaceId, input.userId, MAX_OWNED_ACCOUNTS);
  const openNotes = allowed["note.triage"] ? await listOpenNotes(db, input.workspaceId, 8) : null;
  const segments = allowed["stats.view"] ? report.segments.map((s) => numbers(s, report.minAnswers)) : null;
  return {
    userId: input.userId,
    period: { from, to: now, days: HOME_PERIOD_DAYS },
    currency: input.currency,
    timeZone: input.timeZone,
    company: numbers(report.total, report.minAnswers),
    segments: segments?.slice(0, MAX_SEGMENTS) ?? null,
    moreSegments: Math.max(0, (segments?.length ?? 0) - MAX_SEGMENTS),
    accounts: owned.customers,
    moreAccounts: owned.total - owned.customers.length,
    myNotes,
    pendingSurveys,
    openNotes,
    allowed,
  };
}
