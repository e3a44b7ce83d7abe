import { type CreateCampaignResult, createCampaign } from "../data/campaigns.js";
import type { PrismaClient } from "../data/client.js";
import type { CampaignSettings } from "../domain/campaigns.js";

/**
 * Adds a campaign with its audit event; "duplicate_name" when the workspace has one of that name
 * (any case). `now` is the app's clock: the triggers never look before a campaign's createdAt.
 * The caller has checked the person is an admin.
 */
export function addCampaign(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; settings: CampaignSettings; now: Date },
): Promise<CreateCampaignResult> {
  return createCampaign(db, req);
}
