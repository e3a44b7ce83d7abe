import type { App, BlockAction, OverflowAction } from "@slack/bolt";
import { localDate } from "../../../domain/time.js";
import { closeAction } from "../../../services/close-follow-up-action.js";
import { describeFollowUpSubject } from "../../../services/describe-follow-up-subject.js";
import { findMeetingId } from "../../../services/find-meeting.js";
import { markDiscussed } from "../../../services/mark-discussed.js";
import { openAction } from "../../../services/open-follow-up-action.js";
import type { Feature, RequestContext, SlackDeps } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { actionModal } from "./blocks.js";
import { parseActionForm } from "./form.js";
import { FOLLOW_UP } from "./ids.js";
import { followUpTexts } from "./texts.js";
import { parseJson, ZActionValue, ZFormMetadata, ZSubjectValue } from "./values.js";

// Follow-ups from the digest's menus: mark a loss reason or a note discussed, open an action
// (with an owner, who is told), mark an open action done or dropped. Executives only; every
// reply is private.

type OverflowBody = BlockAction<OverflowAction>;

async function contextFor(deps: SlackDeps, client: Parameters<typeof requestContext>[1], body: OverflowBody) {
  return requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
}

function register(app: App, deps: SlackDeps): void {
  app.action<OverflowBody>(FOLLOW_UP.subjectMenu, async ({ ack, body, action, client, respond }) => {
    await ack();
    const ctx = await contextFor(deps, client, body);
    const t = followUpTexts[ctx.locale];
    const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    if (!ctx.can("digest.followup")) return void (await tell(deniedText(ctx, "digest.followup")));
    const value = parseJson(ZSubjectValue, action.selected_option?.value);
    if (!value) return void (await tell(t.expired));
    const label = await describeFollowUpSubject(
      deps.db.prisma,
      ctx.workspace.id,
      value.t,
      value.i,
      ctx.locale,
    );
    if (label === null) return void (await tell(t.notFound));
    const about = value.t === "reason" ? t.aboutReason(label) : t.aboutNote(label);

    if (value.o === "a") {
      await client.views.open({
        trigger_id: body.trigger_id,
        view: actionModal(ctx.locale, { t: value.t, i: value.i, m: value.m }, about) as never,
      });
      return;
    }
    const result = await markDiscussed(
      deps.db.prisma,
      {
        workspaceId: ctx.workspace.id,
        meetingId: await existingMeeting(deps, ctx, value.m),
        subject: { type: value.t, id: value.i },
        title: about,
        periodKey: value.p,
        by: ctx.userId,
      },
      deps.clock(),
    );
    if (result.status === "not_found") return void (await tell(t.notFound));
    await tell(result.status === "recorded" ? t.discussed(about) : t.alreadyDiscussed(about));
  });

  app.action<OverflowBody>(FOLLOW_UP.actionMenu, async ({ ack, body, action, client, respond }) => {
    await ack();
    const ctx = await contextFor(deps, client, body);
    const t = followUpTexts[ctx.locale];
    const tell = (text: string) => respond({ response_type: "ephemeral", replace_original: false, text });
    if (!ctx.can("digest.followup")) return void (await tell(deniedText(ctx, "digest.followup")));
    const value = parseJson(ZActionValue, action.selected_option?.value);
    if (!value) return void (await tell(t.expired));
    const status = value.o === "done" ? "done" : "dropped";
    const closed = await closeAction(
      deps.db.prisma,
      { workspaceId: ctx.workspace.id, id: value.i, status, by: ctx.userId },
      deps.clock(),
    );
    await tell(closed ? t.closed(closed.title, status) : t.notOpen);
  });

  app.view(FOLLOW_UP.modal, async ({ ack, body, view, client }) => {
    const ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? "", body.user.id);
    const t = followUpTexts[ctx.locale];
    if (!ctx.can("digest.followup")) {
      await ack({
        response_action: "errors",
        errors: { followup_title: deniedText(ctx, "digest.followup") },
      });
      return;
    }
    const metadata = parseJson(ZFormMetadata, view.private_metadata);
    const today = localDate(deps.clock(), ctx.workspace.timezone);
    const parsed = parseActionForm(view.state.values, ctx.locale, today);
    if (!metadata || !parsed) {
      await ack({ response_action: "errors", errors: { followup_title: t.expired } });
      return;
    }
    if (!parsed.ok) {
      await ack({ response_action: "errors", errors: parsed.errors });
      return;
    }
    const stored = await openAction(
      deps.db.prisma,
      {
        workspaceId: ctx.workspace.id,
        meetingId: await existingMeeting(deps, ctx, metadata.m),
        subject: metadata.t && metadata.i ? { type: metadata.t, id: metadata.i } : null,
        title: parsed.form.title,
        ownerSlackId: parsed.form.ownerSlackId,
        dueOn: parsed.form.dueOn,
        by: ctx.userId,
        key: view.id,
      },
      deps.clock(),
    );
    await ack();
    if (!stored.inserted) return;
    await client.chat.postMessage({ channel: ctx.userId, text: t.opened(stored.title, stored.ownerSlackId) });
    if (stored.ownerSlackId && stored.ownerSlackId !== ctx.userId) {
      const owner = await deps.directory.person(client, stored.ownerSlackId);
      await client.chat.postMessage({
        channel: stored.ownerSlackId,
        text: followUpTexts[owner.locale].assigned(ctx.userId, stored.title),
      });
    }
  });
}

/** A meeting removed since the digest was posted leaves its follow-ups with no meeting. */
async function existingMeeting(
  deps: SlackDeps,
  ctx: RequestContext,
  id: string | null,
): Promise<string | null> {
  return findMeetingId(deps.db.prisma, ctx.workspace.id, id);
}

export const followUpsFeature: Feature = { name: "follow-ups", register };
