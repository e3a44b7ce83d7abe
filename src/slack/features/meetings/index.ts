import type {
  AllMiddlewareArgs,
  App,
  BlockAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { ScheduledMeeting } from "../../../domain/meetings.js";
import { isValidTimeZone } from "../../../domain/time.js";
import { findMeeting } from "../../../services/find-meeting.js";
import {
  existingSegmentIds,
  listScopeSegments,
  segmentNames,
} from "../../../services/list-meeting-segments.js";
import { pauseMeeting } from "../../../services/pause-meeting.js";
import { removeMeeting } from "../../../services/remove-meeting.js";
import { saveMeeting } from "../../../services/save-meeting.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { Feature, RequestContext, SlackDeps, Subcommand } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { postToResponseUrl } from "../../kit/response-url.js";
import { digestPreview } from "../digest/index.js";
import { escapeText, meetingModal, savedModal } from "./blocks.js";
import { type MeetingMetadata, parseMeetingForm, readMeetingMetadata } from "./form.js";
import { MEETING_BLOCK as B, MEETINGS } from "./ids.js";
import { meetingsListFor } from "./list.js";
import { meetingsTexts } from "./texts.js";
import { meetingLine, upcomingDigests } from "./words.js";

// `/cx meetings`: executives and admins see the list; only admins change anything, checked here
// on every command, click and submission (the buttons are hidden from executives as a courtesy).

const MANAGE = "admin.configure" as const;
const VIEW = "digest.view" as const;
const ADD_WORDS = new Set(["add", "new", "añadir", "anadir", "nueva"]);

const ZMeetingId = z.uuid();

type ButtonArgs = SlackActionMiddlewareArgs<BlockAction<ButtonAction>> & AllMiddlewareArgs;

/** The person's Slack zone, else the workspace's: where a new meeting most likely happens. */
async function defaultZone(deps: SlackDeps, client: WebClient, ctx: RequestContext): Promise<string> {
  const tz = (await deps.directory.person(client, ctx.userId)).tz;
  return tz && isValidTimeZone(tz) ? tz : ctx.workspace.timezone;
}

/** The channel a command or click came from, when it is one a digest can go to. */
const digestChannel = (id: string | undefined) => (id && /^[CG][A-Z0-9]{2,}$/.test(id) ? id : null);

async function modalFor(
  deps: SlackDeps,
  client: WebClient,
  ctx: RequestContext,
  meeting: ScheduledMeeting | null,
  from: { responseUrl: string | null; replace: boolean; channelId?: string },
) {
  const [offered, inScope, timezone] = await Promise.all([
    listScopeSegments(deps.db.prisma, ctx.workspace.id, 100),
    segmentNames(deps.db.prisma, ctx.workspace.id, meeting?.segmentIds ?? []),
    meeting ? meeting.timezone : defaultZone(deps, client, ctx),
  ]);
  // The meeting's own segments come first, so that Slack's 100-option limit never drops them.
  const segments = [
    ...[...inScope].map(([id, name]) => ({ id, name })),
    ...offered.filter((s) => !inScope.has(s.id)),
  ];
  const metadata: MeetingMetadata = {
    v: 1,
    meetingId: meeting?.id ?? null,
    responseUrl: from.responseUrl,
    replace: from.replace,
  };
  return meetingModal({
    locale: ctx.locale,
    editing: meeting !== null,
    segments,
    metadata,
    values: meeting ?? {
      name: "",
      // `/cx meetings add` typed in #leadership most likely means that channel.
      channelId: digestChannel(from.channelId),
      schedule: null,
      timezone,
      leadMinutes: 60,
      segmentIds: [],
      locale: ctx.locale,
      periodDays: null,
    },
  });
}

const meetingsCommand: Subcommand = async ({ args, ack, ctx, deps, client, command, respond }) => {
  const adding = ADD_WORDS.has((args[0] ?? "").toLowerCase());
  const needed = adding ? MANAGE : VIEW;
  if (!ctx.can(needed)) {
    await ack({ response_type: "ephemeral", text: deniedText(ctx, needed) });
    return;
  }
  if (!adding) {
    let list: Awaited<ReturnType<typeof meetingsListFor>>;
    try {
      list = await meetingsListFor(deps, ctx);
    } catch (error) {
      await ack({ response_type: "ephemeral", text: commonTexts[ctx.locale].somethingWrong });
      throw error;
    }
    await ack({ response_type: "ephemeral", text: list.text, blocks: list.blocks as never });
    return;
  }
  let view: Awaited<ReturnType<typeof modalFor>>;
  try {
    view = await modalFor(deps, client, ctx, null, {
      responseUrl: command.response_url,
      replace: false,
      channelId: command.channel_id,
    });
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

/**
 * Who clicked, and whether they may manage meetings; refuses privately (returning null)
 * otherwise. Acknowledges only when it refuses: the caller decides when its work is done.
 */
async function buttonContext(deps: SlackDeps, args: ButtonArgs) {
  const { ack, body, client, respond } = args;
  let ctx: RequestContext;
  try {
    ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
  } catch (error) {
    await ack();
    throw error;
  }
  const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
  if (!ctx.can(MANAGE)) {
    await ack();
    await tell(deniedText(ctx, MANAGE));
    return null;
  }
  return { ctx, tell };
}

function register(app: App, deps: SlackDeps): void {
  app.action<BlockAction<ButtonAction>>(MEETINGS.add, async (args) => {
    const started = await buttonContext(deps, args);
    if (!started) return;
    await args.ack();
    const view = await modalFor(deps, args.client, started.ctx, null, {
      responseUrl: args.body.response_url ?? null,
      replace: true,
      channelId: args.body.channel?.id,
    });
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  });

  app.action<BlockAction<ButtonAction>>(MEETINGS.edit, async (args) => {
    const started = await buttonContext(deps, args);
    if (!started) return;
    await args.ack();
    const { ctx, tell } = started;
    const id = ZMeetingId.safeParse(args.action.value);
    const meeting = id.success ? await findMeeting(deps.db.prisma, ctx.workspace.id, id.data) : null;
    if (!meeting) {
      await tell(meetingsTexts[ctx.locale].notices.gone);
      return;
    }
    const view = await modalFor(deps, args.client, ctx, meeting, {
      responseUrl: args.body.response_url ?? null,
      replace: true,
    });
    await args.client.views.open({ trigger_id: args.body.trigger_id, view });
  });

  const change = (kind: "pause" | "resume" | "remove") => async (args: ButtonArgs) => {
    const started = await buttonContext(deps, args);
    if (!started) return;
    const { ctx, tell } = started;
    const t = meetingsTexts[ctx.locale].notices;
    const id = ZMeetingId.safeParse(args.action.value);
    if (!id.success) {
      await args.ack();
      await tell(commonTexts[ctx.locale].expired);
      return;
    }
    const req = { workspaceId: ctx.workspace.id, actor: ctx.userId, meetingId: id.data };
    let notice: string;
    // Stored before the ack, like every change: the click is answered once it is kept.
    try {
      if (kind === "remove") {
        const result = await removeMeeting(deps.db.prisma, req);
        notice = result.status === "removed" ? t.removed(escapeText(result.meeting.name)) : t.gone;
      } else {
        const paused = kind === "pause";
        const result = await pauseMeeting(deps.db.prisma, { ...req, paused });
        const name = result.status === "not_found" ? "" : escapeText(result.meeting.name);
        if (result.status === "not_found") notice = t.gone;
        else if (result.status === "unchanged")
          notice = paused ? t.alreadyPaused(name) : t.alreadyActive(name);
        else notice = paused ? t.paused(name) : t.resumed(name);
      }
    } catch (error) {
      args.logger.error("Changing a meeting failed", error);
      await args.ack();
      await tell(commonTexts[ctx.locale].notSaved);
      return;
    }
    await args.ack();
    // The list the admin clicked in is redrawn with the change and what it was.
    const list = await meetingsListFor(deps, ctx, notice);
    await args.respond({ replace_original: true, text: list.text, blocks: list.blocks as never });
  };
  app.action<BlockAction<ButtonAction>>(MEETINGS.preview, async ({ ack, body, action, client, respond }) => {
    await ack();
    const ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
    const tell = (message: { text: string; blocks?: unknown[] }) =>
      respond({ response_type: "ephemeral", replace_original: false, ...(message as { text: string }) });
    if (!ctx.can(VIEW)) return void (await tell({ text: deniedText(ctx, VIEW) }));
    const id = ZMeetingId.safeParse(action.value);
    const meeting = id.success ? await findMeeting(deps.db.prisma, ctx.workspace.id, id.data) : null;
    if (!meeting) return void (await tell({ text: meetingsTexts[ctx.locale].notices.gone }));
    await tell(await digestPreview(deps, ctx, meeting.name));
  });
  app.action<BlockAction<ButtonAction>>(MEETINGS.pause, change("pause"));
  app.action<BlockAction<ButtonAction>>(MEETINGS.resume, change("resume"));
  app.action<BlockAction<ButtonAction>>(MEETINGS.remove, change("remove"));

  app.view(MEETINGS.modal, async ({ ack, body, view, client, logger }) => {
    const errorsAck = (errors: Record<string, string>) => ack({ response_action: "errors", errors });
    let ctx: RequestContext;
    try {
      ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
    } catch (error) {
      await errorsAck({ [B.name]: commonTexts[deps.config.defaultLocale].somethingWrong });
      throw error;
    }
    const t = meetingsTexts[ctx.locale];
    if (!ctx.can(MANAGE)) return errorsAck({ [B.name]: deniedText(ctx, MANAGE) });
    const metadata = readMeetingMetadata(view.private_metadata);
    if (!metadata) return errorsAck({ [B.name]: commonTexts[ctx.locale].expired });
    const form = parseMeetingForm(view.state.values, ctx.locale);
    if (!form.ok) return errorsAck(form.errors);
    const settings = form.settings;

    let result: Awaited<ReturnType<typeof saveMeeting>>;
    try {
      const [known, reachable] = await Promise.all([
        existingSegmentIds(deps.db.prisma, ctx.workspace.id, settings.segmentIds),
        canPostIn(client, settings.channelId, logger),
      ]);
      if (known.length !== settings.segmentIds.length)
        return errorsAck({ [B.segments]: t.errors.segmentGone });
      if (!reachable) return errorsAck({ [B.channel]: t.errors.channelNoAccess });
      result = await saveMeeting(deps.db.prisma, {
        workspaceId: ctx.workspace.id,
        actor: ctx.userId,
        settings,
        now: deps.clock(),
        meetingId: metadata.meetingId,
        submissionId: view.id,
      });
    } catch (error) {
      await errorsAck({ [B.name]: commonTexts[ctx.locale].notSaved.replace(/\*/g, "") });
      throw error;
    }
    if (result.status === "duplicate_name")
      return errorsAck({ [B.name]: t.errors.duplicateName(result.name) });
    if (result.status === "not_found") return errorsAck({ [B.name]: t.errors.notFound });

    const meeting = result.meeting;
    const now = deps.clock();
    const added = metadata.meetingId === null;
    const names = await segmentNames(deps.db.prisma, ctx.workspace.id, meeting.segmentIds);
    await ack({
      response_action: "update",
      view: savedModal({
        locale: ctx.locale,
        added,
        line: meetingLine(meeting, names, now, ctx.locale),
        upcoming: upcomingDigests(meeting, now),
        timezone: meeting.timezone,
      }),
    });
    if (metadata.responseUrl) {
      const list = await meetingsListFor(
        deps,
        ctx,
        added ? t.notices.added(escapeText(meeting.name)) : t.notices.updated(escapeText(meeting.name)),
      );
      await postToResponseUrl(metadata.responseUrl, {
        response_type: "ephemeral",
        replace_original: metadata.replace,
        ...list,
      }).catch((error: unknown) => logger.warn("Refreshing the meetings list failed", error));
    }
  });
}

/**
 * Whether the bot can post in a channel: public channels always (chat:write.public), private
 * ones only as a member. A Slack hiccup does not block the save; the scheduler reports failures.
 */
async function canPostIn(
  client: WebClient,
  channelId: string,
  logger: { warn(...m: unknown[]): void },
): Promise<boolean> {
  try {
    const res = await client.conversations.info({ channel: channelId });
    const c = res.channel;
    return !(c?.is_archived || (c?.is_private && !c.is_member));
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === "channel_not_found") return false;
    logger.warn("Could not check the digest channel", error);
    return true;
  }
}

export const meetingsFeature: Feature = {
  name: "meetings",
  register,
  subcommands: { meetings: meetingsCommand, meeting: meetingsCommand, reuniones: meetingsCommand },
};
