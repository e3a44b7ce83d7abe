import { DEFAULT_REASONS } from "../domain/taxonomy.js";
import type { Workspace } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";

export interface WorkspaceDefaults {
  reportingCurrency: string;
  defaultLocale: "en" | "es";
  timezone: string;
}

export class WorkspaceChoiceError extends Error {
  readonly code = "WORKSPACE_CHOICE";
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
