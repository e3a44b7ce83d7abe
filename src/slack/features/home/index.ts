import type { App } from "@slack/bolt";
import type { Feature, SlackDeps } from "../../kit/deps.js";
import { requestContext } from "../../kit/request-context.js";
import { publishHome } from "./publish.js";

// App Home: a personal dashboard, published each time the person opens the Home tab. A retried
// event (x-slack-retry-num) publishes the same page again, which is harmless.

function register(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, body, context, client }) => {
    if (event.tab !== "home") return;
    const teamId = context.teamId ?? body.team_id;
    const ctx = await requestContext(deps, client, teamId, event.user);
    await publishHome(deps, client, ctx);
  });
}

export const homeFeature: Feature = { name: "home", register };
