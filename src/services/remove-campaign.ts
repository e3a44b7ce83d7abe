import { removeCampaign as deleteCampaign } from "../data/campaigns.js";
import type { PrismaClient } from "../data/client.js";
import type { CampaignRecord } from "../domain/campaigns.js";

/** Removes a campaign; the surveys it sent stay (their answers count), no longer linked to it. */
export function removeCampaign(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; campaignId: string },
): Promise<{ status: "removed"; campaign: CampaignRecord } | { status: "not_found" }> {
  return deleteCampaign(db, req);
}
