import { type ChangeCampaignResult, setCampaignPaused } from "../data/campaigns.js";
import type { PrismaClient } from "../data/client.js";

/**
 * Pauses a campaign (`paused: true`) or resumes it, with its audit event; "unchanged" when it
 * already was. The caller has checked the person is an admin.
 */
export function pauseCampaign(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; campaignId: string; paused: boolean },
): Promise<ChangeCampaignResult> {
  return setCampaignPaused(db, req);
}
