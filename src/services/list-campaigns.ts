import { listCampaigns as campaignsOf } from "../data/campaigns.js";
import type { DbClient } from "../data/client.js";
import type { CampaignRecord } from "../domain/campaigns.js";

/** A workspace's campaigns, by name, paused ones too: the `/cx campaigns` list. */
export function listCampaigns(db: DbClient, workspaceId: string): Promise<CampaignRecord[]> {
  return campaignsOf(db, workspaceId);
}
