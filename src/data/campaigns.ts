import type { GainFact } from "../domain/campaign-triggers.js";
import type { CampaignRecord, CampaignSettings } from "../domain/campaigns.js";
import type { Locale } from "../domain/locale.js";
import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import { recordAuditEvent } from "./audit.js";
import type { DbClient } from "./client.js";
import { isUniqueViolation } from "./errors.js";
import { sameName } from "./text-match.js";

// Survey campaigns: what the scheduler reads (active campaigns and the facts their triggers
// need), and admins managing them (below).

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

// ---------------------------------------------------------------------------------------------
// Admins managing survey campaigns (`/cx campaigns`). Every change and its audit event are
// written in one transaction. Campaign names are unique per workspace regardless of case.
// (Customer contacts, `/cx contacts`: customer-contacts.ts.)

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

export async function listCampaigns(db: DbClient, workspaceId: string): Promise<CampaignRecord[]> {
  return db.surveyCampaign.findMany({
    where: { workspaceId },
    select: campaignSelect,
    orderBy: [{ name: "asc" }, { id: "asc" }],
  });
}

export type CreateCampaignResult =
  | { status: "saved"; campaign: CampaignRecord }
  | { status: "duplicate_name"; name: string };

/** `now` is the app's clock: the triggers never look before a campaign's createdAt. */
export async function createCampaign(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; settings: CampaignSettings; now: Date },
): Promise<CreateCampaignResult> {
  const { audience, ...rest } = req.settings;
  try {
    return await db.$transaction(async (tx) => {
      const taken = await tx.surveyCampaign.findFirst({
        where: { workspaceId: req.workspaceId, name: sameName(rest.name) },
        select: { name: true },
      });
      if (taken) return { status: "duplicate_name" as const, name: taken.name };
      const campaign = await tx.surveyCampaign.create({
        data: {
          workspaceId: req.workspaceId,
          ...rest,
          ...(audience === null ? {} : { audience }),
          createdBy: req.actor,
          createdAt: req.now,
        },
        select: campaignSelect,
      });
      await recordAuditEvent(tx, {
        workspaceId: req.workspaceId,
        actor: req.actor,
        action: "campaign.added",
        subjectType: "survey_campaign",
        subjectId: campaign.id,
        data: { ...rest, audience: audience ?? null },
      });
      return { status: "saved" as const, campaign };
    }, TX);
  } catch (error) {
    // Two admins adding the same name at once: the unique index decides.
    if (isUniqueViolation(error)) return { status: "duplicate_name", name: rest.name };
    throw error;
  }
}

export type ChangeCampaignResult =
  | { status: "changed" | "unchanged"; campaign: CampaignRecord }
  | { status: "not_found" };

export async function setCampaignPaused(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; campaignId: string; paused: boolean },
): Promise<ChangeCampaignResult> {
  return db.$transaction(async (tx) => {
    const before = await tx.surveyCampaign.findFirst({
      where: { id: req.campaignId, workspaceId: req.workspaceId },
      select: campaignSelect,
    });
    if (!before) return { status: "not_found" as const };
    if (before.paused === req.paused) return { status: "unchanged" as const, campaign: before };
    const campaign = await tx.surveyCampaign.update({
      where: { id: before.id },
      data: { paused: req.paused },
      select: campaignSelect,
    });
    await recordAuditEvent(tx, {
      workspaceId: req.workspaceId,
      actor: req.actor,
      action: req.paused ? "campaign.paused" : "campaign.resumed",
      subjectType: "survey_campaign",
      subjectId: campaign.id,
      data: { name: campaign.name },
    });
    return { status: "changed" as const, campaign };
  }, TX);
}

/** Removes a campaign; the surveys it sent stay (their answers count), no longer linked to it. */
export async function removeCampaign(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; campaignId: string },
): Promise<{ status: "removed"; campaign: CampaignRecord } | { status: "not_found" }> {
  return db.$transaction(async (tx) => {
    const before = await tx.surveyCampaign.findFirst({
      where: { id: req.campaignId, workspaceId: req.workspaceId },
      select: campaignSelect,
    });
    if (!before) return { status: "not_found" as const };
    await tx.surveyCampaign.delete({ where: { id: before.id } });
    await recordAuditEvent(tx, {
      workspaceId: req.workspaceId,
      actor: req.actor,
      action: "campaign.removed",
      subjectType: "survey_campaign",
      subjectId: before.id,
      data: JSON.parse(JSON.stringify(before)) as Prisma.InputJsonValue,
    });
    return { status: "removed" as const, campaign: before };
  }, TX);
}
