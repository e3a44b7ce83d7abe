import type { AnyMiddlewareArgs, Context } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { type Action, can, leastRoleFor } from "../../domain/permissions.js";
import { commonTexts } from "./common-texts.js";
import type { RequestContext, SlackDeps } from "./deps.js";

// Who is asking, in which workspace, language and role: worked out once per request by one
// global middleware and read by every listener from Bolt's `context`. Lazily, on first read, so
// requests that need nobody (a survey click's fast path, an uninstall event) pay nothing for it.

const KEY = "rightToGrowRequest";

/** The team and person a Slack payload comes from; null for payloads without a person. */
export function whoIsAsking(body: unknown, context: Context): { teamId: string; userId: string } | null {
  const b = body as {
    team_id?: string;
    user_id?: string;
    team?: { id?: string } | null;
    user?: { id?: string; team_id?: string } | string;
    view?: { team_id?: string };
    event?: { user?: string | { id?: string } };
  };
  if (b.event) {
    const user = typeof b.event.user === "string" ? b.event.user : b.event.user?.id;
    return user ? { teamId: context.teamId ?? b.team_id ?? "", userId: user } : null;
  }
  if (b.user_id) return { teamId: b.team_id ?? context.teamId ?? "", userId: b.user_id };
  const user = typeof b.user === "object" ? b.user : undefined;
  if (!user?.id) return null;
  return {
    teamId: b.team?.id ?? user.team_id ?? b.view?.team_id ?? context.teamId ?? "",
    userId: user.id,
  };
}

/** Global middleware: puts the request's context on Bolt's `context`, resolved at most once. */
export function requestContextMiddleware(deps: SlackDeps) {
  return async (
    args: AnyMiddlewareArgs & { context: Context; client: WebClient; next: () => Promise<void> },
  ) => {
    const who = whoIsAsking(args.body, args.context);
    if (who) {
      let once: Promise<RequestContext> | undefined;
      args.context[KEY] = () => {
        once ??= requestContext(deps, args.client, who.teamId, who.userId);
        return once;
      };
    }
    await args.next();
  };
}

export class NoPersonError extends Error {
  readonly code = "NO_PERSON";
}

/** The request's context (workspace, person, role, locale), filled by requestContextMiddleware. */
export function contextOf(context: Context): Promise<RequestContext> {
  const get = context[KEY] as (() => Promise<RequestContext>) | undefined;
  if (!get) return Promise.reject(new NoPersonError("this Slack request names no person"));
  return get();
}

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
