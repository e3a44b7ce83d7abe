import type { App } from "@slack/bolt";
import { findContactsToEdit } from "../../../services/find-contacts-to-edit.js";
import { saveContacts } from "../../../services/save-contacts.js";
import type { SlackDeps } from "../../kit/deps.js";
import { expiredForm } from "../../kit/guards.js";
import { onView, subcommand } from "../../kit/listen.js";
import { contactsModal, escapeText, MAX_CONTACTS, noContactsText } from "./blocks.js";
import { readContactsForm, readContactsMetadata } from "./form.js";
import { CAMPAIGNS, CONTACTS_BLOCK } from "./ids.js";
import { campaignsTexts } from "./texts.js";

// `/cx contacts <customer>`: managers and admins choose the people at a customer that check-ins
// and relationship surveys go to. A modal with a people picker: Slack resolves the people, so
// nobody types user ids, and the saved list is exactly what the picker shows.

const MANAGE = "survey.send" as const;

export const contactsCommand = subcommand(
  { allow: MANAGE },
  async ({ args, ack, ctx, deps, client, command, reply }) => {
    const query = args.join(" ").trim().slice(0, 200);
    if (!query) return void (await reply(campaignsTexts[ctx.locale].contacts.usage));
    const found = await findContactsToEdit(deps.db.prisma, ctx.workspace.id, query);
    if (found.status !== "found") return void (await reply(noContactsText(found, query, ctx.locale)));
    const view = contactsModal({ locale: ctx.locale, customer: found.customer, contacts: found.contacts });
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view });
  },
);

export function registerContacts(app: App, deps: SlackDeps): void {
  const guard = { allow: MANAGE, errorBlock: CONTACTS_BLOCK.users };
  onView(app, deps, CAMPAIGNS.contactsModal, guard, async ({ ack, view, client, ctx }) => {
    const t = campaignsTexts[ctx.locale];
    const refuse = (message: string) =>
      ack({ response_action: "errors", errors: { [guard.errorBlock]: message } });
    const metadata = readContactsMetadata(view.private_metadata);
    if (!metadata) throw expiredForm();
    const users = readContactsForm(view.state.values);
    if (!users) return refuse(t.errors.unreadable);
    if (users.length > MAX_CONTACTS) return refuse(t.contacts.tooMany(MAX_CONTACTS));
    const result = await saveContacts(deps.db.prisma, {
      workspaceId: ctx.workspace.id,
      actor: ctx.userId,
      customerId: metadata.customerId,
      slackUserIds: users,
      now: deps.clock(),
    });
    if (result.status === "not_found") throw expiredForm();
    await ack();
    const text = t.contacts.saved(
      escapeText(result.customer.name),
      result.added.length,
      result.removed.length,
    );
    await client.chat.postMessage({ channel: ctx.userId, text });
  });
}
