import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import { z } from "zod";
import { isValidTimeZone } from "../../../domain/time.js";
import { addCampaign } from "../../../services/add-campaign.js";
import { listCampaigns } from "../../../services/list-campaigns.js";
import { pauseCampaign } from "../../../services/pause-campaign.js";
import { removeCampaign } from "../../../services/remove-campaign.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { Feature, RequestContext, SlackDeps, Subcommand } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { postToResponseUrl } from "../../kit/response-url.js";
import { campaignModal, campaignsList } from "./blocks.js";
import { contactsCommand, registerContacts } from "./contacts.js";
import { parseCampaignForm, readCampaignMetadata } from "./form.js";
import { CAMPAIGN_BLOCK as B, CAMPAIGNS } from "./ids.js";
import { campaignsTexts } from "./texts.js";

// `/cx campaigns`: admins list, add, pause, resume and remove survey campaigns (moments of
// truth). The role is checked here on every command, click and submission.

const MANAGE = "admin.configure" as const;
const ADD_WORDS = new Set(["add", "new", "añadir", "anadir", "nueva"]);
const ZCampaignId = z.uuid();

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

async function listFor(deps: SlackDeps, ctx: RequestContext, notice?: string) {
  const campaigns = await listCampaigns(deps.db.prisma, ctx.workspace.id);
  return campaignsList({ locale: ctx.locale, campaigns, ...(notice ? { notice } : {}) });
}

async function modalFor(
  deps: SlackDeps,
  client: ButtonArgs["client"],
  ctx: RequestContext,
  responseUrl: string | null,
) {
  const tz = (await deps.directory.person(client, ctx.userId)).tz;
  return campaignModal({
    locale: ctx.locale,
    timezone: tz && isValidTimeZone(tz) ? tz : ctx.workspace.timezone,
    metadata: { v: 1, responseUrl },
  });
}

const campaignsCommand: Subcommand = async ({ args, ack, ctx, deps, client, command, respond }) => {
  if (!ctx.can(MANAGE)) {
    await ack({ response_type: "ephemeral", text: deniedText(ctx, MANAGE) });
    return;
  }
  if (!ADD_WORDS.has((args[0] ?? "").toLowerCase())) {
    let list: Awaited<ReturnType<typeof listFor>>;
    try {
      list = await listFor(deps, ctx);
    } catch (error) {
      await ack({ response_type: "ephemeral", text: commonTexts[ctx.locale].somethingWrong });
      throw error;
    }
    await ack({ response_type: "ephemeral", text: list.text, blocks: list.blocks as never });
    return;
  }
  await ack();
  try {
    const view = await modalFor(deps, client, ctx, command.response_url);
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (error) {
    await respond({ response_type: "ephemeral", text: commonTexts[ctx.locale].somethingWrong });
    throw error;
  }
};

/** Checks the role; answers privately and returns null when the clicker may not go on. */
async function buttonContext(deps: SlackDeps, args: ButtonArgs) {
  const { ack, body, client, respond } = args;
  await ack();
  const ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
  const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
  if (!ctx.can(MANAGE)) {
    await tell(deniedText(ctx, MANAGE));
    return null;
  }
  return { ctx, tell };
}

function register(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(CAMPAIGNS.add, async (args) => {
    const started = await buttonContext(deps, args);
    if (!started) return;
    const view = await modalFor(deps, args.client, started.ctx, args.body.response_url ?? null);
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  });

  const change = (kind: "pause" | "resume" | "remove") => async (args: ButtonArgs) => {
    const started = await buttonContext(deps, args);
    if (!started) return;
    const { ctx, tell } = started;
    const t = campaignsTexts[ctx.locale].notices;
    const id = ZCampaignId.safeParse(args.action.value);
    if (!id.success) return void (await tell(commonTexts[ctx.locale].expired));
    const req = { workspaceId: ctx.workspace.id, actor: ctx.userId, campaignId: id.data };
    let notice: string;
    try {
      if (kind === "remove") {
        const result = await removeCampaign(deps.db.prisma, req);
        notice = result.status === "removed" ? t.removed(result.campaign.name) : t.gone;
      } else {
        const paused = kind === "pause";
        const result = await pauseCampaign(deps.db.prisma, { ...req, paused });
        if (result.status === "not_found") notice = t.gone;
        else if (result.status === "unchanged")
          notice = paused ? t.alreadyPaused(result.campaign.name) : t.alreadyActive(result.campaign.name);
        else notice = paused ? t.paused(result.campaign.name) : t.resumed(result.campaign.name);
      }
    } catch (error) {
      args.logger.error("Changing a campaign failed", error);
      return void (await tell(commonTexts[ctx.locale].notSaved));
    }
    const list = await listFor(deps, ctx, notice);
    await args.respond({ replace_original: true, text: list.text, blocks: list.blocks as never });
  };
  app.action<BlockAction<ButtonAction>>(CAMPAIGNS.pause, change("pause"));
  app.action<BlockAction<ButtonAction>>(CAMPAIGNS.resume, change("resume"));
  app.action<BlockAction<ButtonAction>>(CAMPAIGNS.remove, change("remove"));

  app.view(CAMPAIGNS.modal, async ({ ack, body, view, client, logger }) => {
    const errorsAck = (errors: Record<string, string>) => ack({ response_action: "errors", errors });
    let ctx: RequestContext;
    try {
      ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
    } catch (error) {
      await errorsAck({ [B.name]: commonTexts[deps.config.defaultLocale].somethingWrong });
      throw error;
    }
    if (!ctx.can(MANAGE)) return errorsAck({ [B.name]: deniedText(ctx, MANAGE) });
    const metadata = readCampaignMetadata(view.private_metadata);
    if (!metadata) return errorsAck({ [B.name]: commonTexts[ctx.locale].expired });
    const form = parseCampaignForm(view.state.values, ctx.locale);
    if (!form.ok) return errorsAck(form.errors);
    let result: Awaited<ReturnType<typeof addCampaign>>;
    try {
      result = await addCampaign(deps.db.prisma, {
        workspaceId: ctx.workspace.id,
        actor: ctx.userId,
        settings: form.settings,
        now: deps.clock(),
      });
    } catch (error) {
      await errorsAck({ [B.name]: commonTexts[ctx.locale].notSaved.replace(/\*/g, "") });
      throw error;
    }
    const t = campaignsTexts[ctx.locale];
    if (result.status === "duplicate_name")
      return errorsAck({ [B.name]: t.errors.duplicateName(result.name) });
    await ack();
    if (metadata.responseUrl) {
      const list = await listFor(deps, ctx, t.notices.added(result.campaign.name));
      await postToResponseUrl(metadata.responseUrl, {
        response_type: "ephemeral",
        replace_original: false,
        ...list,
      }).catch((error: unknown) => logger.warn("Refreshing the campaigns list failed", error));
    }
  });

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
