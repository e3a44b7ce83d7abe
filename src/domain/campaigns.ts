import { z } from "zod";
import type { CampaignTrigger } from "./campaign-triggers.js";
import type { SurveyKind } from "./scores.js";

// A survey campaign as stored (what the campaign scheduler reads and the admin list shows) and
// what an admin sets on one. Plain shapes shared by the data layer, the services and the Slack
// screens.

/** A JSON value, as a jsonb column stores it. */
export type JsonValue = string | number | boolean | JsonValue[] | { [key: string]: JsonValue | null };

export interface CampaignRecord {
  id: string;
  workspaceId: string;
  name: string;
  kind: SurveyKind;
  trigger: CampaignTrigger;
  offsetsDays: number[];
  everyDays: number | null;
  schedule: string | null;
  timezone: string | null;
  /** { channels, users, usergroup, mode } for recurring campaigns; parsed by the caller. */
  audience: unknown;
  touchpoint: string;
  question: string | null;
  anonymous: boolean;
  paused: boolean;
  createdBy: string;
  createdAt: Date;
}

/** What an admin sets on a campaign (already validated). */
export interface CampaignSettings {
  name: string;
  kind: CampaignRecord["kind"];
  trigger: CampaignRecord["trigger"];
  offsetsDays: number[];
  everyDays: number | null;
  schedule: string | null;
  timezone: string | null;
  audience: JsonValue | null;
  touchpoint: string;
  question: string | null;
  anonymous: boolean;
}

/** Who a recurring campaign asks: channels, people or a user group, in a channel or by DM. */
export const ZCampaignAudience = z.object({
  channels: z.array(z.string().regex(/^[CG][A-Z0-9]{2,}$/)).max(20),
  users: z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/)).max(100),
  usergroup: z
    .string()
    .regex(/^S[A-Z0-9]{2,}$/)
    .nullable(),
  mode: z.enum(["channel", "dm"]),
});
export type CampaignAudience = z.infer<typeof ZCampaignAudience>;
