import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import { addCampaign } from "../../../services/add-campaign.js";
import { type CampaignChange, changeCampaign } from "../../../services/change-campaign.js";
import { listCampaigns } from "../../../services/list-campaigns.js";
import { actionValue } from "../../kit/action-value.js";
import type { Feature, RequestContext, SlackDeps } from "../../kit/deps.js";
import { expiredForm } from "../../kit/guards.js";
import { onAction, onView, subcommand } from "../../kit/listen.js";
import { personTimeZone } from "../../kit/person-zone.js";
import { postToResponseUrl } from "../../kit/response-url.js";
import { campaignModal, campaignNotice, campaignsList } from "./blocks.js";
import { contactsCommand, registerContacts } from "./contacts.js";
import { parseCampaignForm, readCampaignMetadata } from "./form.js";
import { CAMPAIGN_BLOCK as B, CAMPAIGNS } from "./ids.js";
import { campaignsTexts } from "./texts.js";

// `/cx campaigns`: admins list, add, pause, resume and remove survey campaigns (moments of
// truth). The role is checked by the kit on every command, click and submission.

const MANAGE = { allow: "admin.configure" } as const;
const ADD_WORDS = new Set(["add", "new", "añadir", "anadir", "nueva"]);
const ZCampaignId = z.uuid();

async function modalFor(deps: SlackDeps, client: WebClient, ctx: RequestContext, responseUrl: string | null) {
  const timezone = await personTimeZone(deps, client, ctx);
  return campaignModal({ locale: ctx.locale, timezone, metadata: { v: 1, responseUrl } });
}

const campaignsCommand = subcommand(MANAGE, async ({ args, ack, ctx, deps, client, command }) => {
  if (!ADD_WORDS.has((args[0] ?? "").toLowerCase())) {
    const campaigns = await listCampaigns(deps.db.prisma, ctx.workspace.id);
    const list = campaignsList({ locale: ctx.locale, campaigns });
    return void (await ack({ response_type: "ephemeral", text: list.text, blocks: list.blocks as never }));
  }
  await ack();
  const view = await modalFor(deps, client, ctx, command.response_url);
  await client.views.open({ trigger_id: command.trigger_id, view });
});

/** After an add, the list the modal was opened from shows the new campaign (best effort). */
async function redrawList(deps: SlackDeps, ctx: RequestContext, url: string, notice: string) {
  const campaigns = await listCampaigns(deps.db.prisma, ctx.workspace.id);
  const list = campaignsList({ locale: ctx.locale, campaigns, notice });
  await postToResponseUrl(url, { response_type: "ephemeral", replace_original: false, ...list });
}

function register(app: App, deps: SlackDeps): void {
  onAction(app, deps, CAMPAIGNS.add, MANAGE, async ({ body, client, ctx }) => {
    const view = await modalFor(deps, client, ctx, body.response_url ?? null);
    await client.views.open({ trigger_id: body.trigger_id, view });
  });

  const change = (kind: CampaignChange) =>
    onAction(
      app,
      deps,
      CAMPAIGNS[kind],
      { ...MANAGE, failure: "notSaved" },
      async ({ action, ctx, respond }) => {
        const id = ZCampaignId.safeParse(actionValue(action));
        if (!id.success) throw expiredForm();
        const req = { workspaceId: ctx.workspace.id, actor: ctx.userId, campaignId: id.data, change: kind };
        const { outcome, campaigns } = await changeCampaign(deps.db.prisma, req);
        const list = campaignsList({
          locale: ctx.locale,
          campaigns,
          notice: campaignNotice(outcome, ctx.locale),
        });
        await respond({ replace_original: true, text: list.text, blocks: list.blocks as never });
      },
    );
  change("pause");
  change("resume");
  change("remove");

  onView(
    app,
    deps,
    CAMPAIGNS.modal,
    { ...MANAGE, errorBlock: B.name },
    async ({ ack, view, ctx, logger }) => {
      const t = campaignsTexts[ctx.locale];
      const metadata = readCampaignMetadata(view.private_metadata);
      if (!metadata) throw expiredForm();
      const form = parseCampaignForm(view.state.values, ctx.locale);
      if (!form.ok) return ack({ response_action: "errors", errors: form.errors });
      const result = await addCampaign(deps.db.prisma, {
        workspaceId: ctx.workspace.id,
        actor: ctx.userId,
        settings: form.settings,
        now: deps.clock(),
      });
      if (result.status === "duplicate_name")
        return ack({ response_action: "errors", errors: { [B.name]: t.errors.duplicateName(result.name) } });
      await ack();
      if (!metadata.responseUrl) return;
      await redrawList(deps, ctx, metadata.responseUrl, t.notices.added(result.campaign.name)).catch(
        (error: unknown) => logger.warn("Refreshing the campaigns list failed", error),
      );
    },
  );

  registerContacts(app, deps);
}

export const campaignsFeature: Feature = {
  name: "campaigns",
  register,
  subcommands: {
    campaigns: campaignsCommand,
    campaign: campaignsCommand,
    campañas: campaignsCommand,
    campanas: campaignsCommand,
    contacts: contactsCommand,
    contactos: contactsCommand,
  },
};
