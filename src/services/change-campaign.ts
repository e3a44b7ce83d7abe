import type { PrismaClient } from "../data/client.js";
import type { CampaignRecord } from "../domain/campaigns.js";
import { listCampaigns } from "./list-campaigns.js";
import { pauseCampaign } from "./pause-campaign.js";
import { removeCampaign } from "./remove-campaign.js";

// An admin pauses, resumes or removes a campaign from the `/cx campaigns` list: the change (with
// its audit event), what it was, and the list as it now stands for the list to be redrawn.
// The caller has checked the person is an admin.

export type CampaignChange = "pause" | "resume" | "remove";

export type CampaignChangeOutcome =
  | { status: "gone" }
  | { status: "removed" | "paused" | "resumed" | "alreadyPaused" | "alreadyActive"; name: string };

export async function changeCampaign(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; campaignId: string; change: CampaignChange },
): Promise<{ outcome: CampaignChangeOutcome; campaigns: CampaignRecord[] }> {
  const outcome = await apply(db, req);
  return { outcome, campaigns: await listCampaigns(db, req.workspaceId) };
}

async function apply(
  db: PrismaClient,
  { change, ...req }: { workspaceId: string; actor: string; campaignId: string; change: CampaignChange },
): Promise<CampaignChangeOutcome> {
  if (change === "remove") {
    const result = await removeCampaign(db, req);
    return result.status === "removed"
      ? { status: "removed", name: result.campaign.name }
      : { status: "gone" };
  }
  const paused = change === "pause";
  const result = await pauseCampaign(db, { ...req, paused });
  if (result.status === "not_found") return { status: "gone" };
  const name = result.campaign.name;
  if (result.status === "unchanged") return { status: paused ? "alreadyPaused" : "alreadyActive", name };
  return { status: paused ? "paused" : "resumed", name };
}
