// Which workspaces this process found unable to post digests exactly once: their installation
// lacks channels:history / groups:history, so the look before posting again is skipped
// (posted-lookup.ts). Digest delivery reports it; /healthz shows it (slack/health.ts).

/** What /healthz says for such a workspace (operators read it in English, as the rest of /healthz). */
export const REINSTALL_NOTE =
  "exactly-once digest posting needs a reinstall: the app lacks channels:history and groups:history";

export interface PostingStatus {
  /** Returns true the first time a workspace is reported (tell its admins then). */
  missingHistoryScopes(workspaceId: string): boolean;
  /** Warnings for /healthz, one per workspace reported. */
  warnings(): string[];
}

export function createPostingStatus(): PostingStatus {
  const missing = new Set<string>();
  return {
    missingHistoryScopes(workspaceId) {
      if (missing.has(workspaceId)) return false;
      missing.add(workspaceId);
      return true;
    },
    warnings: () => [...missing].map((id) => `workspace ${id}: ${REINSTALL_NOTE}`),
  };
}
