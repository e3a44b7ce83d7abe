import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { z } from "zod";
import type { ScheduledMeeting } from "../../../domain/meetings.js";
import { changeMeeting, type MeetingChange } from "../../../services/change-meeting.js";
import { findMeeting } from "../../../services/find-meeting.js";
import { meetingFormChoices } from "../../../services/meeting-form-choices.js";
import { meetingsOverview } from "../../../services/meetings-overview.js";
import { saveMeeting } from "../../../services/save-meeting.js";
import { actionValue } from "../../kit/action-value.js";
import type { Feature, RequestContext, SlackDeps } from "../../kit/deps.js";
import { expiredForm, requirePermission, UserFacingError } from "../../kit/guards.js";
import { onAction, onView, subcommand } from "../../kit/listen.js";
import { personTimeZone } from "../../kit/person-zone.js";
import { postToResponseUrl } from "../../kit/response-url.js";
import { digestPreview } from "../digest/index.js";
import { escapeText, meetingModal, meetingNotice, savedModal, saveRefusal } from "./blocks.js";
import { type MeetingMetadata, parseMeetingForm, readMeetingMetadata } from "./form.js";
import { MEETING_BLOCK as B, MEETINGS } from "./ids.js";
import { meetingsListFor } from "./list.js";
import { meetingsTexts } from "./texts.js";
import { meetingLine, upcomingDigests } from "./words.js";

// `/cx meetings`: executives and admins see the list; only admins change anything, checked by
// the kit on every command, click and submission (the buttons are hidden from executives as a
// courtesy).

const MANAGE = "admin.configure" as const;
const VIEW = "digest.view" as const;
const ADD_WORDS = new Set(["add", "new", "añadir", "anadir", "nueva"]);

const ZMeetingId = z.uuid();
const meetingIdOf = (action: unknown) => ZMeetingId.safeParse(actionValue(action));
const gone = () => new UserFacingError((locale) => meetingsTexts[locale].notices.gone);

/** The channel a command or click came from, when it is one a digest can go to. */
const digestChannel = (id: string | undefined) => (id && /^[CG][A-Z0-9]{2,}$/.test(id) ? id : null);

/** The add / edit modal, and where the list it was opened from is (to redraw it once saved). */
async function modalFor(
  deps: SlackDeps,
  client: WebClient,
  ctx: RequestContext,
  form: { meeting: ScheduledMeeting | null; segments: Array<{ id: string; name: string }> },
  from: { responseUrl: string | null; replace: boolean; channelId?: string | undefined },
) {
  const { meeting, segments } = form;
  const metadata: MeetingMetadata = {
    v: 1,
    meetingId: meeting?.id ?? null,
    responseUrl: from.responseUrl,
    replace: from.replace,
  };
  const values = meeting ?? {
    name: "",
    // `/cx meetings add` typed in #leadership most likely means that channel.
    channelId: digestChannel(from.channelId),
    schedule: null,
    timezone: await personTimeZone(deps, client, ctx),
    leadMinutes: 60,
    segmentIds: [],
    locale: ctx.locale,
    periodDays: null,
  };
  return meetingModal({ locale: ctx.locale, editing: meeting !== null, segments, metadata, values });
}

/** A new meeting's modal: no meeting to look up, so the form's choices are always there. */
async function addModal(
  deps: SlackDeps,
  client: WebClient,
  ctx: RequestContext,
  from: Parameters<typeof modalFor>[4],
) {
  const choices = await meetingFormChoices(deps.db.prisma, ctx.workspace.id, null);
  if (choices.status !== "ok") throw gone();
  return modalFor(deps, client, ctx, choices, from);
}

const meetingsCommand = subcommand({}, async ({ args, ack, ctx, deps, client, command }) => {
  const adding = ADD_WORDS.has((args[0] ?? "").toLowerCase());
  requirePermission(ctx, adding ? MANAGE : VIEW);
  if (!adding) {
    const overview = await meetingsOverview(deps.db.prisma, ctx.workspace.id);
    const list = meetingsListFor(overview, ctx, deps.clock());
    return void (await ack({ response_type: "ephemeral", text: list.text, blocks: list.blocks as never }));
  }
  const from = { responseUrl: command.response_url, replace: false, channelId: command.channel_id };
  const view = await addModal(deps, client, ctx, from);
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view });
});

/** Once saved, the list the modal was opened from shows the change (best effort). */
async function redrawList(deps: SlackDeps, ctx: RequestContext, metadata: MeetingMetadata, notice: string) {
  if (!metadata.responseUrl) return;
  const overview = await meetingsOverview(deps.db.prisma, ctx.workspace.id);
  const list = meetingsListFor(overview, ctx, deps.clock(), notice);
  await postToResponseUrl(metadata.responseUrl, {
    response_type: "ephemeral",
    replace_original: metadata.replace,
    ...list,
  });
}

function register(app: App, deps: SlackDeps): void {
  onAction(app, deps, MEETINGS.add, { allow: MANAGE }, async ({ body, client, ctx }) => {
    const from = { responseUrl: body.response_url ?? null, replace: true, channelId: body.channel?.id };
    const view = await addModal(deps, client, ctx, from);
    await client.views.open({ trigger_id: body.trigger_id, view });
  });

  onAction(app, deps, MEETINGS.edit, { allow: MANAGE }, async ({ action, body, client, ctx }) => {
    const id = meetingIdOf(action);
    const choices = id.success ? await meetingFormChoices(deps.db.prisma, ctx.workspace.id, id.data) : null;
    if (choices?.status !== "ok") throw gone();
    const view = await modalFor(deps, client, ctx, choices, {
      responseUrl: body.response_url ?? null,
      replace: true,
    });
    await client.views.open({ trigger_id: body.trigger_id, view });
  });

  // Stored before the ack, like every change: the click is answered once it is kept.
  const change = (kind: MeetingChange) =>
    onAction(
      app,
      deps,
      MEETINGS[kind],
      { allow: MANAGE, ackLate: true, failure: "notSaved" },
      async ({ action, ack, ctx, respond }) => {
        const id = meetingIdOf(action);
        if (!id.success) throw expiredForm();
        const req = { workspaceId: ctx.workspace.id, actor: ctx.userId, meetingId: id.data, change: kind };
        const { outcome, overview } = await changeMeeting(deps.db.prisma, req);
        await ack();
        // The list the admin clicked in is redrawn with the change and what it was.
        const list = meetingsListFor(overview, ctx, deps.clock(), meetingNotice(outcome, ctx.locale));
        await respond({ replace_original: true, text: list.text, blocks: list.blocks as never });
      },
    );
  change("pause");
  change("resume");
  change("remove");

  onAction(app, deps, MEETINGS.preview, { allow: VIEW }, async ({ action, ctx, respond }) => {
    const id = meetingIdOf(action);
    const meeting = id.success ? await findMeeting(deps.db.prisma, ctx.workspace.id, id.data) : null;
    if (!meeting) throw gone();
    const preview = (await digestPreview(deps, ctx, meeting.name)) as { text: string };
    await respond({ response_type: "ephemeral", replace_original: false, ...preview });
  });

  onView(app, deps, MEETINGS.modal, { allow: MANAGE, errorBlock: B.name }, async (a) => {
    const { ack, view, client, ctx, logger } = a;
    const t = meetingsTexts[ctx.locale];
    const metadata = readMeetingMetadata(view.private_metadata);
    if (!metadata) throw expiredForm();
    const form = parseMeetingForm(view.state.values, ctx.locale);
    if (!form.ok) return ack({ response_action: "errors", errors: form.errors });
    const result = await saveMeeting(deps.db.prisma, {
      workspaceId: ctx.workspace.id,
      actor: ctx.userId,
      settings: form.settings,
      now: deps.clock(),
      meetingId: metadata.meetingId,
      submissionId: view.id,
      channelReachable: (channel) => canPostIn(client, channel, logger),
    });
    if (result.status !== "saved")
      return ack({ response_action: "errors", errors: saveRefusal(result, ctx.locale) });
    const { meeting, segmentNames } = result;
    const now = deps.clock();
    const added = metadata.meetingId === null;
    const line = meetingLine(meeting, segmentNames, now, ctx.locale);
    const upcoming = upcomingDigests(meeting, now);
    const saved = savedModal({ locale: ctx.locale, added, line, upcoming, timezone: meeting.timezone });
    await ack({ response_action: "update", view: saved });
    const name = escapeText(meeting.name);
    await redrawList(deps, ctx, metadata, added ? t.notices.added(name) : t.notices.updated(name)).catch(
      (error: unknown) => logger.warn("Refreshing the meetings list failed", error),
    );
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
