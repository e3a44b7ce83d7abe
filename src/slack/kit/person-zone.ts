import type { WebClient } from "@slack/web-api";
import { isValidTimeZone } from "../../domain/time.js";
import type { RequestContext, SlackDeps } from "./deps.js";

/** The person's Slack time zone, else the workspace's: where what they schedule most likely happens. */
export async function personTimeZone(
  deps: SlackDeps,
  client: WebClient,
  ctx: RequestContext,
): Promise<string> {
  const tz = (await deps.directory.person(client, ctx.userId)).tz;
  return tz && isValidTimeZone(tz) ? tz : ctx.workspace.timezone;
}
