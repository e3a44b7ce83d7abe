import { WorkspaceChoiceError } from "../domain/errors.js";
import { DEFAULT_REASONS } from "../domain/taxonomy.js";
import type { PrismaClient, Workspace } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";

export interface WorkspaceDefaults {
  reportingCurrency: string;
  defaultLocale: "en" | "es";
  timezone: string;
}

/**
 * The workspace a command-line run works on: the given Slack team, or the only workspace there
 * is, or a new local one (seeded with the default taxonomy) when the database is empty.
 */
export async function resolveWorkspace(
  db: DbClient,
  defaults: WorkspaceDefaults,
  slackTeamId?: string,
): Promise<Workspace> {
  if (slackTeamId) {
    const found = await db.workspace.findUnique({ where: { slackTeamId } });
    if (!found) throw new WorkspaceChoiceError(`No workspace for Slack team ${slackTeamId}.`);
    return found;
  }
  const all = await db.workspace.findMany({ take: 2, orderBy: { createdAt: "asc" } });
  if (all.length > 1) {
    throw new WorkspaceChoiceError(
      "This database holds several workspaces: choose one with --workspace TEAM_ID.",
    );
  }
  return all[0] ?? createWorkspace(db, { name: "Local workspace", slackTeamId: null, ...defaults });
}

/** What a digest needs of its workspace: the currency and the zone to count days in. */
export async function findWorkspaceSettings(
  db: DbClient,
  id: string,
): Promise<{ reportingCurrency: string; timezone: string }> {
  return db.workspace.findUniqueOrThrow({
    where: { id },
    select: { reportingCurrency: true, timezone: true },
  });
}

export async function countWorkspaces(db: DbClient): Promise<number> {
  return db.workspace.count();
}

export async function createWorkspace(
  db: DbClient,
  input: WorkspaceDefaults & { name: string; slackTeamId: string | null },
): Promise<Workspace> {
  const workspace = await db.workspace.create({ data: input });
  await seedDefaultTaxonomy(db, workspace.id);
  return workspace;
}

/** Seeds the default reasons; existing codes are left as the admins edited them. */
export async function seedDefaultTaxonomy(db: DbClient, workspaceId: string): Promise<number> {
  const { count } = await db.reasonCode.createMany({
    data: DEFAULT_REASONS.map((r, i) => ({ ...r, workspaceId, sortOrder: i })),
    skipDuplicates: true,
  });
  return count;
}

/**
 * The workspace of a Slack team. The first team to arrive adopts the local workspace the CLI
 * filled before Slack was connected, so imported history is not stranded; later teams get
 * their own workspace, seeded with the default taxonomy. `adoptLocal: false` (the OAuth
 * install, open to any workspace) never hands that history to whoever installs first.
 */
export async function workspaceForTeam(
  db: PrismaClient,
  teamId: string,
  defaults: WorkspaceDefaults & { name?: string; adoptLocal?: boolean },
): Promise<Workspace> {
  const found = await db.workspace.findUnique({ where: { slackTeamId: teamId } });
  if (found) return found;
  const create = () =>
    db.$transaction(async (tx) => {
      const again = await tx.workspace.findUnique({ where: { slackTeamId: teamId } });
      if (again) return again;
      const { name, adoptLocal = true, ...rest } = defaults;
      const all = adoptLocal ? await tx.workspace.findMany({ take: 2 }) : [];
      const local = all.length === 1 && all[0]?.slackTeamId === null ? all[0] : undefined;
      if (local) return tx.workspace.update({ where: { id: local.id }, data: { slackTeamId: teamId } });
      return createWorkspace(tx, { ...rest, name: name ?? teamId, slackTeamId: teamId });
    });
  try {
    return await create();
  } catch (error) {
    // Two first requests from one team raced; the other one created it.
    const winner = await db.workspace.findUnique({ where: { slackTeamId: teamId } });
    if (winner) return winner;
    throw error;
  }
}
