import type { App } from "@slack/bolt";
import type { Feature, SlackDeps } from "../../kit/deps.js";
import { onHomeTabOpened } from "../../kit/listen.js";
import { publishHome } from "./publish.js";

// App Home: a personal dashboard, published each time the person opens the Home tab. A retried
// event (x-slack-retry-num) publishes the same page again, which is harmless.

function register(app: App, deps: SlackDeps): void {
  onHomeTabOpened(app, deps, ({ client, ctx }) => publishHome(deps, client, ctx));
}

export const homeFeature: Feature = { name: "home", register };
