import { WebClient, type WebClientOptions } from "@slack/web-api";
import type { PrismaInstallationStore } from "../services/open-installation-store.js";

// The scheduler's way to Slack: a WebClient per workspace. With one bot token (SLACK_BOT_TOKEN)
// every workspace is served by the app's own client, as before. With the OAuth install each
// workspace gets a client with the bot token of its installation, or none when the app was
// uninstalled there: its digests and campaigns are then skipped, with one log line until it is
// installed again.

export interface WorkspaceClients {
  /** The client for a workspace, or null when the app has no installation there. */
  forWorkspace(workspaceId: string): Promise<WebClient | null>;
}

export function singleTokenClients(client: WebClient): WorkspaceClients {
  return { forWorkspace: async () => client };
}

export function installationClients(opts: {
  store: PrismaInstallationStore;
  clientOptions: WebClientOptions;
  log: (line: string) => void;
}): WorkspaceClients {
  // One client per token keeps each client's rate-limit queue; a re-install's new token gets a new one.
  const byToken = new Map<string, WebClient>();
  const reported = new Set<string>();
  return {
    async forWorkspace(workspaceId) {
      const token = (await opts.store.fetchForWorkspace(workspaceId))?.bot?.token;
      if (!token) {
        if (!reported.has(workspaceId)) {
          reported.add(workspaceId);
          opts.log(
            `slack: workspace ${workspaceId} has no installation (uninstalled?): its digests and campaigns are skipped until the app is installed again`,
          );
        }
        return null;
      }
      reported.delete(workspaceId);
      let client = byToken.get(token);
      if (!client) {
        client = new WebClient(token, opts.clientOptions);
        byToken.set(token, client);
      }
      return client;
    },
  };
}
