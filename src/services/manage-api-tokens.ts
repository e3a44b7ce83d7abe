import type { PrismaClient } from "../data/client.js";
import { type ApiTokenView, createApiToken, listTokens, revokeApiToken, TokenError } from "./api-tokens.js";

// An admin managing the HTTP API's tokens from chat (`/cx tokens`): list them, create one (its
// secret is returned once) or revoke one by name or prefix. A refusal (bad or taken name, no
// such token, several matches) is an answer, not an error.

export type TokenVerb = "list" | "create" | "revoke";

export interface ManageTokensRequest {
  workspaceId: string;
  /** Who asks (recorded as creator or revoker). */
  userId: string;
  verb: TokenVerb;
  /** The token's name (create), or its name or prefix (revoke); ignored by list. */
  name: string;
}

export type ManageTokensResult =
  | { kind: "list"; tokens: ApiTokenView[] }
  | { kind: "created"; token: ApiTokenView; secret: string }
  | { kind: "revoked"; token: ApiTokenView }
  | { kind: "refused"; reason: TokenError["kind"] };

export async function manageApiTokens(
  db: PrismaClient,
  req: ManageTokensRequest,
  now: Date,
): Promise<ManageTokensResult> {
  try {
    switch (req.verb) {
      case "list":
        return { kind: "list", tokens: await listTokens(db, req.workspaceId) };
      case "create": {
        const created = await createApiToken(db, {
          workspaceId: req.workspaceId,
          name: req.name,
          createdBy: req.userId,
        });
        return { kind: "created", ...created };
      }
      case "revoke": {
        const which = { workspaceId: req.workspaceId, which: req.name, revokedBy: req.userId };
        return { kind: "revoked", token: await revokeApiToken(db, which, now) };
      }
    }
  } catch (error) {
    if (error instanceof TokenError) return { kind: "refused", reason: error.kind };
    throw error;
  }
}
