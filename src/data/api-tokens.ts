import type { ApiToken, Workspace } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";
import { sameName, startsWithText } from "./text-match.js";

// API tokens: only the SHA-256 of a secret is ever stored or looked up.

export type ApiTokenRow = ApiToken;

export async function insertApiToken(
  db: DbClient,
  input: { workspaceId: string; name: string; prefix: string; secretHash: string; createdBy: string },
): Promise<ApiTokenRow> {
  return db.apiToken.create({ data: input });
}

/** Tokens of a workspace, active first, newest first. */
export async function listApiTokens(db: DbClient, workspaceId: string): Promise<ApiTokenRow[]> {
  const rows = await db.apiToken.findMany({ where: { workspaceId }, orderBy: { createdAt: "desc" } });
  return [...rows.filter((t) => !t.revokedAt), ...rows.filter((t) => t.revokedAt)];
}

export async function findActiveApiTokensByName(
  db: DbClient,
  workspaceId: string,
  name: string,
): Promise<ApiTokenRow[]> {
  return db.apiToken.findMany({
    where: { workspaceId, revokedAt: null, name: sameName(name) },
  });
}

export async function findActiveApiTokensByPrefix(
  db: DbClient,
  workspaceId: string,
  prefix: string,
): Promise<ApiTokenRow[]> {
  return db.apiToken.findMany({ where: { workspaceId, revokedAt: null, prefix: startsWithText(prefix) } });
}

/** The token with this secret hash, with its workspace (the API writes there, in its currency). */
export async function findApiTokenByHash(
  db: DbClient,
  secretHash: string,
): Promise<(ApiTokenRow & { workspace: Workspace }) | null> {
  return db.apiToken.findUnique({ where: { secretHash }, include: { workspace: true } });
}

export async function markApiTokenRevoked(
  db: DbClient,
  workspaceId: string,
  id: string,
  at: Date,
): Promise<void> {
  await db.apiToken.updateMany({ where: { id, workspaceId, revokedAt: null }, data: { revokedAt: at } });
}

export async function markApiTokenUsed(db: DbClient, id: string, at: Date): Promise<void> {
  await db.apiToken.update({ where: { id }, data: { lastUsedAt: at } });
}
