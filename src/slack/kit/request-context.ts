import type { WebClient } from "@slack/web-api";
import { type Action, can, leastRoleFor } from "../../domain/permissions.js";
import { commonTexts } from "./common-texts.js";
import type { RequestContext, SlackDeps } from "./deps.js";

export async function requestContext(
  deps: SlackDeps,
  client: WebClient,
  teamId: string,
  userId: string,
): Promise<RequestContext> {
  const [workspace, person, role] = await Promise.all([
    deps.workspaceForTeam(teamId),
    deps.directory.person(client, userId),
    deps.directory.role(client, userId),
  ]);
  return {
    workspace,
    userId,
    teamId,
    role,
    locale: person.locale,
    can: (action: Action) => can(role, action),
  };
}

/** The private "you may not do that" text, naming the least role that may. */
export function deniedText(ctx: RequestContext, action: Action): string {
  const t = commonTexts[ctx.locale];
  return t.notAllowed(t.actions[action], t.roleNames[leastRoleFor(action)]);
}
