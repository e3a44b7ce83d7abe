import { createApiToken, listTokens, revokeApiToken, TokenError } from "../../../services/api-tokens.js";
import type { Feature, Subcommand } from "../../kit/deps.js";
import { deniedText } from "../../kit/request-context.js";
import { tokensTexts } from "./texts.js";

// `/cx tokens [create <name> | revoke <name or prefix>]`: admins manage the HTTP API's tokens.
// Every answer is ephemeral, so a new secret is seen by the admin who asked and nobody else.

const MANAGE = "admin.configure" as const;

const tokensCommand: Subcommand = async ({ args, ack, ctx, deps }) => {
  if (!ctx.can(MANAGE)) {
    await ack({ response_type: "ephemeral", text: deniedText(ctx, MANAGE) });
    return;
  }
  const t = tokensTexts[ctx.locale];
  const [action = "list", ...rest] = args;
  const target = rest.join(" ").trim();
  const reply = (text: string) => ack({ response_type: "ephemeral", text });
  try {
    switch (action.toLowerCase()) {
      case "list": {
        const tokens = await listTokens(deps.db.prisma, ctx.workspace.id);
        await reply(tokens.length ? [t.header, ...tokens.map(t.line), "", t.usage].join("\n") : t.none);
        return;
      }
      case "create":
      case "crear": {
        if (!target) return void (await reply(t.usage));
        const { token, secret } = await createApiToken(deps.db.prisma, {
          workspaceId: ctx.workspace.id,
          name: target,
          createdBy: ctx.userId,
        });
        await reply(t.created(token, secret));
        return;
      }
      case "revoke":
      case "revocar": {
        if (!target) return void (await reply(t.usage));
        const token = await revokeApiToken(
          deps.db.prisma,
          { workspaceId: ctx.workspace.id, which: target, revokedBy: ctx.userId },
          deps.clock(),
        );
        await reply(t.revoked(token));
        return;
      }
      default:
        await reply(t.usage);
    }
  } catch (error) {
    if (!(error instanceof TokenError)) throw error;
    const text = {
      bad_name: t.badName,
      name_taken: t.nameTaken(target),
      not_found: t.notFound(target),
      ambiguous: t.ambiguous(target),
    }[error.kind];
    await reply(text);
  }
};

export const tokensFeature: Feature = {
  name: "tokens",
  subcommands: { tokens: tokensCommand, token: tokensCommand },
};
