import type { App } from "@slack/bolt";
import type { PrismaInstallationStore } from "../../services/open-installation-store.js";

// Slack tells the app when it was removed from a workspace (app_uninstalled) or its bot token was
// revoked (tokens_revoked): the installation, and with it the token, is deleted at once; the
// workspace's ledger, surveys and notes stay, so installing again picks up where it left off.
// Bolt delivers both events without authorizing them (there is no token left to authorize with).
// With one bot token (no installation store) there is nothing to delete; the events are logged.

export function registerUninstallListeners(app: App, store: PrismaInstallationStore | undefined): void {
  const remove = async (
    why: string,
    context: { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean },
  ) => {
    if (!store) {
      app.logger.warn(
        `Slack reports ${why} for team ${context.teamId ?? "?"}; SLACK_BOT_TOKEN no longer works there.`,
      );
      return;
    }
    await store.deleteInstallation({
      teamId: context.teamId,
      enterpriseId: context.enterpriseId,
      isEnterpriseInstall: Boolean(context.isEnterpriseInstall),
    });
    app.logger.info(
      `Deleted the installation of ${context.teamId ?? context.enterpriseId} (${why}); its data is kept.`,
    );
  };

  app.event("app_uninstalled", async ({ context }) => {
    await remove("app_uninstalled", context);
  });

  app.event("tokens_revoked", async ({ event, context }) => {
    // Only a revoked bot token ends the installation; the installer's own token is not used.
    if ((event.tokens.bot ?? []).length > 0) await remove("tokens_revoked", context);
  });
}
