import type { Database } from "../data/database.js";
import { type ApiTokenView, createApiToken, listTokens, revokeApiToken } from "../services/api-tokens.js";
import type { Command } from "./args.js";

// npm run cli -- tokens create|list|revoke: API tokens of the chosen workspace.

type TokensCommand = Extract<Command, { name: "tokens" }>;

const when = (d: Date | null) => (d ? `${d.toISOString().slice(0, 16).replace("T", " ")} UTC` : "never");

export function renderTokenList(tokens: ApiTokenView[]): string {
  if (tokens.length === 0) return "No API tokens yet. Create one with: npm run cli -- tokens create NAME";
  const lines = tokens.map((t) =>
    [
      t.name.padEnd(24),
      `${t.prefix}…`.padEnd(16),
      `created ${when(t.createdAt)} by ${t.createdBy}`,
      `last used ${when(t.lastUsedAt)}`,
      t.revokedAt ? `REVOKED ${when(t.revokedAt)}` : "active",
    ].join("  "),
  );
  return lines.join("\n");
}

export async function runTokensCommand(
  command: TokensCommand,
  db: Database,
  workspaceId: string,
): Promise<number> {
  switch (command.action) {
    case "list":
      console.log(renderTokenList(await listTokens(db.prisma, workspaceId)));
      return 0;
    case "create": {
      const { token, secret } = await createApiToken(db.prisma, {
        workspaceId,
        name: command.target,
        createdBy: "cli",
      });
      console.log(
        `Created API token "${token.name}" (${token.prefix}…). The secret, shown only this once:\n`,
      );
      console.log(secret);
      console.log(
        `\nSend it as the header Authorization: Bearer <secret>. Revoke it with: npm run cli -- tokens revoke "${token.name}"`,
      );
      return 0;
    }
    case "revoke": {
      const token = await revokeApiToken(
        db.prisma,
        { workspaceId, which: command.target, revokedBy: "cli" },
        new Date(),
      );
      console.log(
        `Revoked API token "${token.name}" (${token.prefix}…): requests with it are refused from now on.`,
      );
      return 0;
    }
  }
}
