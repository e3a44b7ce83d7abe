import { createHash, randomBytes } from "node:crypto";
import { z } from "zod";
import {
  type ApiTokenRow,
  findActiveApiTokensByName,
  findActiveApiTokensByPrefix,
  findApiTokenByHash,
  insertApiToken,
  listApiTokens,
  markApiTokenRevoked,
  markApiTokenUsed,
} from "../data/api-tokens.js";
import { recordAuditEvent } from "../data/audit.js";
import type { PrismaClient } from "../data/client.js";

// Tokens for the HTTP API, created by admins (CLI or /cx tokens). The secret is shown once and
// only its SHA-256 is stored, so a database leak gives nobody a usable token. A token belongs to
// one workspace: everything written with it lands there.

export const TOKEN_PREFIX = "rtg_";
/** Characters of the secret kept in clear to tell tokens apart ("rtg_" and eight more). */
const SHOWN = TOKEN_PREFIX.length + 8;

export const ZTokenName = z
  .string()
  .trim()
  .min(1, "a token needs a name, such as hubspot-sync")
  .max(60, "a token name is at most 60 characters")
  .regex(
    /^[\p{L}\p{N}][\p{L}\p{N} ._-]*$/u,
    "a token name may hold letters, digits, spaces, dots, dashes and underscores",
  );

export class TokenError extends Error {
  readonly code = "TOKEN";
  /** What went wrong, for adapters that say it in another language. */
  constructor(
    readonly kind: "bad_name" | "name_taken" | "not_found" | "ambiguous",
    message: string,
  ) {
    super(message);
  }
}

export interface ApiTokenView {
  id: string;
  name: string;
  prefix: string;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

const view = (t: ApiTokenRow): ApiTokenView => ({
  id: t.id,
  name: t.name,
  prefix: t.prefix,
  createdBy: t.createdBy,
  createdAt: t.createdAt,
  lastUsedAt: t.lastUsedAt,
  revokedAt: t.revokedAt,
});

export const hashSecret = (secret: string): string => createHash("sha256").update(secret).digest("hex");

export async function createApiToken(
  db: PrismaClient,
  input: { workspaceId: string; name: string; createdBy: string },
): Promise<{ token: ApiTokenView; secret: string }> {
  const parsed = ZTokenName.safeParse(input.name);
  if (!parsed.success) throw new TokenError("bad_name", parsed.error.issues[0]?.message ?? "bad token name");
  const name = parsed.data;
  const secret = `${TOKEN_PREFIX}${randomBytes(24).toString("base64url")}`;
  const token = await db.$transaction(async (tx) => {
    // Names identify tokens to people (and to revoke): unique among the active ones.
    if ((await findActiveApiTokensByName(tx, input.workspaceId, name)).length > 0) {
      throw new TokenError(
        "name_taken",
        `An active token is already named "${name}": revoke it first or choose another name.`,
      );
    }
    const row = await insertApiToken(tx, {
      workspaceId: input.workspaceId,
      name,
      prefix: secret.slice(0, SHOWN),
      secretHash: hashSecret(secret),
      createdBy: input.createdBy,
    });
    await recordAuditEvent(tx, {
      workspaceId: input.workspaceId,
      actor: input.createdBy,
      action: "api_token.created",
      subjectType: "api_token",
      subjectId: row.id,
      data: { name, prefix: row.prefix },
    });
    return row;
  });
  return { token: view(token), secret };
}

export async function listTokens(db: PrismaClient, workspaceId: string): Promise<ApiTokenView[]> {
  return (await listApiTokens(db, workspaceId)).map(view);
}

/** Revokes the active token with this name (any case) or whose prefix starts with `which`. */
export async function revokeApiToken(
  db: PrismaClient,
  input: { workspaceId: string; which: string; revokedBy: string },
  now: Date,
): Promise<ApiTokenView> {
  const which = input.which.trim();
  return db.$transaction(async (tx) => {
    let found = await findActiveApiTokensByName(tx, input.workspaceId, which);
    if (found.length === 0 && which.startsWith(TOKEN_PREFIX) && which.length >= SHOWN - 4) {
      found = await findActiveApiTokensByPrefix(tx, input.workspaceId, which.slice(0, SHOWN));
    }
    const [token, other] = found;
    if (!token) throw new TokenError("not_found", `No active token is named "${which}" or starts with it.`);
    if (other) throw new TokenError("ambiguous", `"${which}" matches several tokens: give the whole prefix.`);
    await markApiTokenRevoked(tx, input.workspaceId, token.id, now);
    await recordAuditEvent(tx, {
      workspaceId: input.workspaceId,
      actor: input.revokedBy,
      action: "api_token.revoked",
      subjectType: "api_token",
      subjectId: token.id,
      data: { name: token.name, prefix: token.prefix },
    });
    return view({ ...token, revokedAt: now });
  });
}

export interface AuthenticatedToken {
  id: string;
  name: string;
  workspaceId: string;
  reportingCurrency: string;
  /** Where a date without a time is read as midnight. */
  timeZone: string;
}

/**
 * The active token a secret belongs to, or null. Last use is written at most once a minute, so
 * a busy integration does not turn every request into a write.
 */
export async function authenticateApiToken(
  db: PrismaClient,
  secret: string,
  now: Date,
): Promise<AuthenticatedToken | null> {
  if (!secret.startsWith(TOKEN_PREFIX) || secret.length > 200) return null;
  const token = await findApiTokenByHash(db, hashSecret(secret));
  if (!token || token.revokedAt) return null;
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await markApiTokenUsed(db, token.id, now);
  }
  return {
    id: token.id,
    name: token.name,
    workspaceId: token.workspaceId,
    reportingCurrency: token.workspace.reportingCurrency,
    timeZone: token.workspace.timezone,
  };
}
