import type { WebClient } from "@slack/web-api";
import { getHome } from "../../../services/get-home.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { homeView } from "./blocks.js";

/** Renders and publishes the person's App Home. Publishing replaces the page: safe to repeat. */
export async function publishHome(deps: SlackDeps, client: WebClient, ctx: RequestContext): Promise<void> {
  const model = await getHome(
    deps.db.prisma,
    {
      workspaceId: ctx.workspace.id,
      currency: ctx.workspace.reportingCurrency,
      timeZone: ctx.workspace.timezone,
      userId: ctx.userId,
      role: ctx.role,
      minAnswers: deps.config.minScoreAnswers,
    },
    deps.clock(),
  );
  await client.views.publish({ user_id: ctx.userId, view: homeView(model, ctx.locale) });
}
