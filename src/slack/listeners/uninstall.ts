import type { App } from "@slack/bolt";
import type { PrismaInstallationStore } from "../../services/open-installation-store.js";
import { removeInstallation } from "../../services/remove-installation.js";
import { onInstallationEvent } from "../kit/listen.js";

// Slack tells the app when it was removed from a workspace (app_uninstalled) or its bot token was
// revoked (tokens_revoked): the installation is deleted (services/remove-installation.ts), the
// workspace's data is kept. With one bot token (no installation store) there is nothing to
// delete; the events are logged.

export function registerUninstallListeners(app: App, store: PrismaInstallationStore | undefined): void {
  onInstallationEvent(app, async ({ why, installation }) => {
    const team = installation.teamId;
    if (!(await removeInstallation(store, installation))) {
      app.logger.warn(`Slack reports ${why} for team ${team ?? "?"}; SLACK_BOT_TOKEN no longer works there.`);
      return;
    }
    app.logger.info(
      `Deleted the installation of ${team ?? installation.enterpriseId} (${why}); its data is kept.`,
    );
  });
}
