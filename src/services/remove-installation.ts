import type { PrismaInstallationStore } from "./open-installation-store.js";

// The app was removed from a workspace, or its bot token revoked: the installation, and with it
// the token, is deleted at once; the workspace's ledger, surveys and notes stay, so installing
// again picks up where it left off.

export interface InstallationKey {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall: boolean;
}

/** Deletes the installation; false when there is no store (one bot token: nothing to delete). */
export async function removeInstallation(
  store: PrismaInstallationStore | undefined,
  key: InstallationKey,
): Promise<boolean> {
  if (!store) return false;
  await store.deleteInstallation({
    teamId: key.teamId,
    enterpriseId: key.enterpriseId,
    isEnterpriseInstall: key.isEnterpriseInstall,
  });
  return true;
}
