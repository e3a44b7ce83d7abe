import type { DbClient } from "../data/client.js";
import { listFollowUpsForDigest } from "../data/follow-ups.js";
import { type FollowUpsSection, followUpsSection } from "../domain/follow-ups.js";

/** The follow-ups section of a digest whose previous meeting (or period start) was `since`. */
export async function loadFollowUps(
  db: DbClient,
  workspaceId: string,
  meetingId: string | null,
  since: Date,
  now: Date,
): Promise<FollowUpsSection> {
  return followUpsSection(await listFollowUpsForDigest(db, workspaceId, meetingId, since), since, now);
}
