import { manageApiTokens, type TokenVerb } from "../../../services/manage-api-tokens.js";
import type { Feature } from "../../kit/deps.js";
import { subcommand } from "../../kit/listen.js";
import { tokensAnswer } from "./blocks.js";
import { tokensTexts } from "./texts.js";

// `/cx tokens [create <name> | revoke <name or prefix>]`: admins manage the HTTP API's tokens.
// Every answer is ephemeral, so a new secret is seen by the admin who asked and nobody else.

const VERBS = new Map<string, TokenVerb>([
  ["list", "list"],
  ["create", "create"],
  ["crear", "create"],
  ["revoke", "revoke"],
  ["revocar", "revoke"],
]);

const tokens = subcommand({ allow: "admin.configure" }, async ({ args, ctx, deps, reply }) => {
  const [word = "list", ...rest] = args;
  const verb = VERBS.get(word.toLowerCase());
  const name = rest.join(" ").trim();
  if (!verb || (verb !== "list" && !name)) return void (await reply(tokensTexts[ctx.locale].usage));
  const request = { workspaceId: ctx.workspace.id, userId: ctx.userId, verb, name };
  const result = await manageApiTokens(deps.db.prisma, request, deps.clock());
  await reply(tokensAnswer(result, name, ctx.locale));
});

export const tokensFeature: Feature = { name: "tokens", subcommands: { tokens, token: tokens } };
