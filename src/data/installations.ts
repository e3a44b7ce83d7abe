import type { Installation, InstallationQuery, InstallationStore } from "@slack/bolt";
import { z } from "zod";
import type { PrismaClient } from "../generated/prisma/client.js";
import type { TokenCipher } from "./token-cipher.js";
import { type WorkspaceDefaults, workspaceForTeam } from "./workspaces.js";

// Bolt's installation store over the slack_installation table. The whole Installation object
// (bot token, installer's user token, scopes) is one AES-256-GCM payload (token-cipher.ts); only
// what is needed to find a row stays in clear: the install key, the workspace, team, enterprise,
// bot and installer user ids. Deleting an installation keeps the workspace and its ledger, so a
// re-install finds its history.

export class InstallationNotFoundError extends Error {
  readonly code = "INSTALLATION_NOT_FOUND";
}

/** "E:<enterprise>" for an org-wide install, else "T:<team>". */
export function installKeyFor(query: {
  teamId?: string;
  enterpriseId?: string;
  isEnterpriseInstall?: boolean;
}): string {
  if (query.isEnterpriseInstall && query.enterpriseId) return `E:${query.enterpriseId}`;
  if (query.teamId) return `T:${query.teamId}`;
  throw new InstallationNotFoundError(
    "an installation query needs a team id (or an enterprise id for an org install)",
  );
}

// What a decrypted payload must hold before Bolt is handed its tokens.
const ZStoredInstallation = z.looseObject({
  team: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  enterprise: z.object({ id: z.string().min(1), name: z.string().optional() }).optional(),
  bot: z
    .looseObject({
      token: z.string().startsWith("xoxb-", "bot token must start with xoxb-"),
      userId: z.string(),
      id: z.string(),
      scopes: z.array(z.string()),
    })
    .optional(),
  user: z.looseObject({ id: z.string(), token: z.string().optional() }),
  isEnterpriseInstall: z.boolean().optional(),
});

export interface InstallationStoreDeps {
  db: PrismaClient;
  cipher: TokenCipher;
  /** Settings of a workspace created by its first install. */
  workspaceDefaults: WorkspaceDefaults;
  /** Told which workspace an installation was stored for (to drop cached lookups). */
  onChange?: (workspaceId: string) => void;
}

export interface PrismaInstallationStore extends Required<InstallationStore> {
  /** The installation of one of our workspaces, or null when it has none (uninstalled, never installed). */
  fetchForWorkspace(workspaceId: string): Promise<Installation | null>;
}

export function createInstallationStore(deps: InstallationStoreDeps): PrismaInstallationStore {
  const { db, cipher } = deps;

  // A row written with a previous key is written again with the current one once it is read, so
  // a rotated-out key can be dropped after every workspace has been seen.
  const rotate = async (row: { installKey: string; keyId: string; encrypted: string }, json: string) => {
    const sealed = cipher.seal(json, row.installKey);
    await db.slackInstallation.updateMany({
      where: { installKey: row.installKey, keyId: row.keyId, encrypted: row.encrypted },
      data: { keyId: sealed.keyId, encrypted: sealed.encrypted },
    });
  };

  const decrypt = async (row: {
    installKey: string;
    keyId: string;
    encrypted: string;
  }): Promise<Installation> => {
    const json = cipher.open({ keyId: row.keyId, encrypted: row.encrypted }, row.installKey);
    const parsed = ZStoredInstallation.safeParse(JSON.parse(json));
    if (!parsed.success) {
      throw new Error(
        `installation ${row.installKey} decrypted to an unexpected shape: ${parsed.error.message}`,
      );
    }
    if (row.keyId !== cipher.keyId) await rotate(row, json);
    return parsed.data as unknown as Installation;
  };

  return {
    async storeInstallation(installation) {
      const enterpriseId = installation.enterprise?.id ?? null;
      const teamId = installation.team?.id ?? null;
      const isEnterpriseInstall = Boolean(installation.isEnterpriseInstall);
      const installKey = installKeyFor({
        teamId: teamId ?? undefined,
        enterpriseId: enterpriseId ?? undefined,
        isEnterpriseInstall,
      });
      // An org-wide install has no team: its workspace is keyed by the enterprise id.
      const workspace = await workspaceForTeam(db, teamId ?? (enterpriseId as string), {
        ...deps.workspaceDefaults,
        name: installation.team?.name ?? installation.enterprise?.name,
        // Anyone may install: data imported before Slack was connected stays in its local
        // workspace (import it again with --workspace TEAM_ID) rather than going to the first installer.
        adoptLocal: false,
      });
      const sealed = cipher.seal(JSON.stringify(installation), installKey);
      const fields = {
        workspaceId: workspace.id,
        teamId,
        enterpriseId,
        isEnterpriseInstall,
        botUserId: installation.bot?.userId ?? null,
        installerUserId: installation.user.id ?? null,
        keyId: sealed.keyId,
        encrypted: sealed.encrypted,
      };
      // A re-install (new scopes, another installer) replaces the row in place.
      await db.slackInstallation.upsert({
        where: { installKey },
        create: { installKey, ...fields },
        update: fields,
      });
      deps.onChange?.(workspace.id);
    },

    async fetchInstallation(query: InstallationQuery<boolean>) {
      const installKey = installKeyFor(query);
      const row = await db.slackInstallation.findUnique({ where: { installKey } });
      if (!row) throw new InstallationNotFoundError(`no installation for ${installKey}`);
      return decrypt(row);
    },

    async deleteInstallation(query: InstallationQuery<boolean>) {
      const installKey = installKeyFor(query);
      const deleted = await db.slackInstallation.findUnique({
        where: { installKey },
        select: { workspaceId: true },
      });
      await db.slackInstallation.deleteMany({ where: { installKey } });
      if (deleted) deps.onChange?.(deleted.workspaceId);
    },

    async fetchForWorkspace(workspaceId) {
      const row = await db.slackInstallation.findFirst({
        where: { workspaceId },
        orderBy: { updatedAt: "desc" },
      });
      return row ? decrypt(row) : null;
    },
  };
}
