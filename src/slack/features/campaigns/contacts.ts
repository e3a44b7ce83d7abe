import type { App } from "@slack/bolt";
import { z } from "zod";
import { findCustomersByText, listContacts } from "../../../services/list-contacts.js";
import { saveContacts } from "../../../services/save-contacts.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { RequestContext, SlackDeps, Subcommand } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { contactsModal, escapeText, MAX_CONTACTS } from "./blocks.js";
import { CAMPAIGNS, CONTACTS_BLOCK, CAMPAIGN_INPUT as I } from "./ids.js";
import { campaignsTexts } from "./texts.js";

// `/cx contacts <customer>`: managers and admins choose the people at a customer that check-ins
// and relationship surveys go to. A modal with a people picker: Slack resolves the people, so
// nobody types user ids, and the saved list is exactly what the picker shows.

const MANAGE = "survey.send" as const;

const ZMetadata = z.object({ v: z.literal(1), customerId: z.uuid() });
const ZState = z.object({
  [CONTACTS_BLOCK.users]: z
    .object({
      [I]: z.object({ selected_users: z.array(z.string().regex(/^[UW][A-Z0-9]{2,}$/)).nullish() }).optional(),
    })
    .optional(),
});

export const contactsCommand: Subcommand = async ({ args, ack, ctx, deps, client, command, respond }) => {
  const t = campaignsTexts[ctx.locale].contacts;
  if (!ctx.can(MANAGE))
    return void (await ack({ response_type: "ephemeral", text: deniedText(ctx, MANAGE) }));
  const query = args.join(" ").trim().slice(0, 200);
  if (!query) return void (await ack({ response_type: "ephemeral", text: t.usage }));
  let view: ReturnType<typeof contactsModal>;
  try {
    const found = await findCustomersByText(deps.db.prisma, ctx.workspace.id, query);
    if (found.length !== 1) {
      const text =
        found.length === 0
          ? t.notFound(escapeText(query))
          : t.several(
              escapeText(query),
              found.map((c) => `${escapeText(c.name)} (${escapeText(c.externalId)})`).join(", "),
            );
      return void (await ack({ response_type: "ephemeral", text }));
    }
    const customer = found[0] as (typeof found)[number];
    const contacts = await listContacts(deps.db.prisma, ctx.workspace.id, customer.id);
    view = contactsModal({ locale: ctx.locale, customer, contacts });
  } catch (error) {
    await ack({ response_type: "ephemeral", text: commonTexts[ctx.locale].somethingWrong });
    throw error;
  }
  await ack();
  try {
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    await respond({ response_type: "ephemeral", text: commonTexts[ctx.locale].somethingWrong });
    throw error;
  }
};

export function registerContacts(app: App, deps: SlackDeps): void {
  app.view(CAMPAIGNS.contactsModal, async ({ ack, body, view, client }) => {
    const errorsAck = (message: string) =>
      ack({ response_action: "errors", errors: { [CONTACTS_BLOCK.users]: message } });
    let ctx: RequestContext;
    try {
      ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
    } catch (error) {
      await errorsAck(commonTexts[deps.config.defaultLocale].somethingWrong);
      throw error;
    }
    const t = campaignsTexts[ctx.locale].contacts;
    if (!ctx.can(MANAGE)) return errorsAck(deniedText(ctx, MANAGE));
    let metadata: z.infer<typeof ZMetadata> | null = null;
    try {
      metadata = ZMetadata.safeParse(JSON.parse(view.private_metadata)).data ?? null;
    } catch {
      metadata = null;
    }
    if (!metadata) return errorsAck(commonTexts[ctx.locale].expired);
    const state = ZState.safeParse(view.state.values);
    if (!state.success) return errorsAck(campaignsTexts[ctx.locale].errors.unreadable);
    const users = [...new Set(state.data[CONTACTS_BLOCK.users]?.[I]?.selected_users ?? [])];
    if (users.length > MAX_CONTACTS) return errorsAck(t.tooMany(MAX_CONTACTS));
    let saved: { name: string; added: number; removed: number };
    try {
      const result = await saveContacts(deps.db.prisma, {
        workspaceId: ctx.workspace.id,
        actor: ctx.userId,
        customerId: metadata.customerId,
        slackUserIds: users,
        now: deps.clock(),
      });
      if (result.status === "not_found") return errorsAck(commonTexts[ctx.locale].expired);
      saved = { name: result.customer.name, added: result.added.length, removed: result.removed.length };
    } catch (error) {
      await errorsAck(commonTexts[ctx.locale].notSaved.replace(/\*/g, ""));
      throw error;
    }
    await ack();
    await client.chat.postMessage({
      channel: ctx.userId,
      text: t.saved(escapeText(saved.name), saved.added, saved.removed),
    });
  });
}
