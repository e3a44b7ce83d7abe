import type { PrismaClient } from "../data/client.js";
import * as workspaces from "../data/workspaces.js";
import type { Workspace } from "../domain/workspace.js";

// Which workspace a request or a run works on. Every entry point asks here: the CLI and the
// offline preview (the only one there is, or a new local one), Slack and webhooks (by team).

export type WorkspaceDefaults = workspaces.WorkspaceDefaults;

/** The given Slack team's workspace, or the only one there is, or a new local one. */
export function resolveWorkspace(
  db: PrismaClient,
  defaults: WorkspaceDefaults,
  slackTeamId?: string,
): Promise<Workspace> {
  return workspaces.resolveWorkspace(db, defaults, slackTeamId);
}

/** A Slack team's workspace, created on its first request (see data/workspaces.ts on adopting the local one). */
export function workspaceForTeam(
  db: PrismaClient,
  teamId: string,
  defaults: WorkspaceDefaults & { name?: string; adoptLocal?: boolean },
): Promise<Workspace> {
  return workspaces.workspaceForTeam(db, teamId, defaults);
}

export function countWorkspaces(db: PrismaClient): Promise<number> {
  return workspaces.countWorkspaces(db);
}
