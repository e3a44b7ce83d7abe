import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { localDate } from "../../../domain/time.js";
import { closeAction } from "../../../services/close-follow-up-action.js";
import { describeFollowUpSubject } from "../../../services/describe-follow-up-subject.js";
import { markDiscussed } from "../../../services/mark-discussed.js";
import { openAction } from "../../../services/open-follow-up-action.js";
import { actionValue } from "../../kit/action-value.js";
import type { Feature, SlackDeps } from "../../kit/deps.js";
import { UserFacingError } from "../../kit/guards.js";
import { onAction, onView } from "../../kit/listen.js";
import { actionModal } from "./blocks.js";
import { parseActionForm } from "./form.js";
import { FOLLOW_UP, FOLLOW_UP_BLOCK } from "./ids.js";
import { followUpTexts } from "./texts.js";
import { parseJson, ZActionValue, ZFormMetadata, ZSubjectValue } from "./values.js";

// Follow-ups from the digest's menus: mark a loss reason or a note discussed, open an action
// (with an owner, who is told), mark an open action done or dropped. Executives only; every
// reply is private.

const ALLOW = { allow: "digest.followup" } as const;
const refuse = (key: "expired" | "notFound") => new UserFacingError((locale) => followUpTexts[locale][key]);

/** The action's owner is told, in their language, unless they opened it themselves. */
async function tellOwner(
  deps: SlackDeps,
  client: WebClient,
  by: string,
  owner: string | null,
  title: string,
) {
  if (!owner || owner === by) return;
  const { locale } = await deps.directory.person(client, owner);
  await client.chat.postMessage({ channel: owner, text: followUpTexts[locale].assigned(by, title) });
}

function register(app: App, deps: SlackDeps): void {
  onAction(app, deps, FOLLOW_UP.subjectMenu, ALLOW, async ({ body, action, client, ctx, reply }) => {
    const t = followUpTexts[ctx.locale];
    const value = parseJson(ZSubjectValue, actionValue(action));
    if (!value) throw refuse("expired");
    const about = (label: string) => (value.t === "reason" ? t.aboutReason(label) : t.aboutNote(label));
    if (value.o === "a") {
      const label = await describeFollowUpSubject(
        deps.db.prisma,
        ctx.workspace.id,
        value.t,
        value.i,
        ctx.locale,
      );
      if (label === null) throw refuse("notFound");
      const view = actionModal(ctx.locale, { t: value.t, i: value.i, m: value.m }, about(label));
      return void (await client.views.open({ trigger_id: body.trigger_id, view: view as never }));
    }
    const input = { workspaceId: ctx.workspace.id, meetingId: value.m, locale: ctx.locale, by: ctx.userId };
    const subject = { type: value.t, id: value.i };
    const result = await markDiscussed(
      deps.db.prisma,
      { ...input, subject, title: about, periodKey: value.p },
      deps.clock(),
    );
    if (result.status === "not_found") throw refuse("notFound");
    await reply(result.status === "recorded" ? t.discussed(result.title) : t.alreadyDiscussed(result.title));
  });

  onAction(app, deps, FOLLOW_UP.actionMenu, ALLOW, async ({ action, ctx, reply }) => {
    const t = followUpTexts[ctx.locale];
    const value = parseJson(ZActionValue, actionValue(action));
    if (!value) throw refuse("expired");
    const status = value.o === "done" ? "done" : "dropped";
    const closed = await closeAction(
      deps.db.prisma,
      { workspaceId: ctx.workspace.id, id: value.i, status, by: ctx.userId },
      deps.clock(),
    );
    await reply(closed ? t.closed(closed.title, status) : t.notOpen);
  });

  onView(app, deps, FOLLOW_UP.modal, { ...ALLOW, errorBlock: FOLLOW_UP_BLOCK.title }, async (a) => {
    const { ack, view, client, ctx } = a;
    const t = followUpTexts[ctx.locale];
    const metadata = parseJson(ZFormMetadata, view.private_metadata);
    const today = localDate(deps.clock(), ctx.workspace.timezone);
    const parsed = parseActionForm(view.state.values, ctx.locale, today);
    if (!metadata || !parsed) throw refuse("expired");
    if (!parsed.ok) return ack({ response_action: "errors", errors: parsed.errors });
    const stored = await openAction(
      deps.db.prisma,
      {
        workspaceId: ctx.workspace.id,
        meetingId: metadata.m,
        subject: metadata.t && metadata.i ? { type: metadata.t, id: metadata.i } : null,
        ...parsed.form,
        by: ctx.userId,
        key: view.id,
      },
      deps.clock(),
    );
    await ack();
    if (!stored.inserted) return;
    await client.chat.postMessage({ channel: ctx.userId, text: t.opened(stored.title, stored.ownerSlackId) });
    await tellOwner(deps, client, ctx.userId, stored.ownerSlackId, stored.title);
  });
}

export const followUpsFeature: Feature = { name: "follow-ups", register };
