import { changeCustomerOwner } from "../../../services/change-customer-owner.js";
import { findCustomerOwner } from "../../../services/find-customer-owner.js";
import type { Feature } from "../../kit/deps.js";
import { subcommand } from "../../kit/listen.js";
import { resolvePersonArg } from "../../kit/person-arg.js";
import { parseOwnerArgs } from "./args.js";
import { ownerAnswer } from "./blocks.js";
import { ownersTexts } from "./texts.js";

// `/cx owner <customer> [@person | none]`: who owns a customer, the person its survey alerts go
// to by DM. Managers and above; every answer is private (after a typed @handle, through the
// response URL).

const owner = subcommand({ allow: "customer.assign" }, async ({ ack, args, client, ctx, deps, reply }) => {
  const t = ownersTexts[ctx.locale];
  const request = parseOwnerArgs(args);
  if (request.kind === "usage") return void (await reply(t.usage));
  const workspaceId = ctx.workspace.id;
  const key = { text: request.customer };
  if (request.kind === "show") {
    return void (await reply(
      ownerAnswer(await findCustomerOwner(deps.db.prisma, workspaceId, key), request.customer, ctx.locale),
    ));
  }
  let person: string | null = null;
  if (request.kind === "set") {
    // A typed @handle is looked up in the member list, which may take longer than Slack waits.
    if (request.person.startsWith("@")) await ack();
    const found = await resolvePersonArg(client, request.person);
    if (!found.ok)
      return void (await reply(
        (found.reason === "ambiguous" ? t.ambiguousPerson : t.badPerson)(request.person),
      ));
    person = found.userId;
  }
  const input = { workspaceId, key, owner: person, actor: ctx.userId };
  await reply(ownerAnswer(await changeCustomerOwner(deps.db.prisma, input), request.customer, ctx.locale));
});

export const ownersFeature: Feature = { name: "owners", subcommands: { owner, owners: owner } };
