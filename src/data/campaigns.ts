import type { GainFact } from "../domain/campaign-triggers.js";
import type { CampaignRecord } from "../domain/campaigns.js";
import type { Locale } from "../domain/locale.js";
import type { DbClient } from "./client.js";

// What the campaign scheduler reads: active campaigns and the facts their triggers need.

export const campaignSelect = {
  id: true,
  workspaceId: true,
  name: true,
  kind: true,
  trigger: true,
  offsetsDays: true,
  everyDays: true,
  schedule: true,
  timezone: true,
  audience: true,
  touchpoint: true,
  question: true,
  anonymous: true,
  paused: true,
  createdBy: true,
  createdAt: true,
} as const;

/** Campaigns that may send, of every workspace, with the workspace's default language. */
export async function listActiveCampaigns(
  db: DbClient,
): Promise<Array<CampaignRecord & { defaultLocale: Locale }>> {
  const rows = await db.surveyCampaign.findMany({
    where: { paused: false },
    select: { ...campaignSelect, workspace: { select: { defaultLocale: true } } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
  return rows.map(({ workspace, ...c }) => ({ ...c, defaultLocale: workspace.defaultLocale }));
}

/**
 * Gains and reactivations in [from, to] of customers that are customers now: a customer lost
 * since is not asked how the first months went.
 */
export async function gainsBetween(
  db: DbClient,
  workspaceId: string,
  from: Date,
  to: Date,
): Promise<GainFact[]> {
  const rows = await db.customerMovement.findMany({
    where: {
      workspaceId,
      type: { in: ["gained", "reactivated"] },
      occurredAt: { gte: from, lte: to },
      customer: { status: "active" },
    },
    select: { customerId: true, occurredAt: true },
    orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
  });
  return rows.map((r) => ({ customerId: r.customerId, gainedAt: r.occurredAt }));
}

/** Which of these survey ids exist already (sent by this or another instance). */
export async function existingSurveyIds(db: DbClient, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.survey.findMany({ where: { id: { in: ids } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}
