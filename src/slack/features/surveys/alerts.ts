import type { App, Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { AlertView } from "../../../domain/closing-the-loop.js";
import { alertDestinations } from "../../../domain/closing-the-loop.js";
import type { Locale } from "../../../domain/locale.js";
import { findAlert } from "../../../services/find-alert.js";
import { handleAlert } from "../../../services/handle-alert.js";
import { recordAlertMessage } from "../../../services/record-alert-message.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { RequestContext, SlackDeps } from "../../kit/deps.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { alertMessage } from "./blocks/alert-message.js";
import { parseClick, replyPrivately } from "./click.js";
import { SURVEY } from "./ids.js";
import { surveyTexts } from "./texts.js";
import { parseAlertId } from "./values.js";

// Closing the loop in Slack: post the alert a worrying answer raised, keep its message up to
// date (a comment arrives, someone acknowledges it), and handle its buttons.

function model(view: AlertView, locale: Locale, toSender: boolean) {
  return {
    alertId: view.id,
    locale,
    kind: view.kind,
    score: view.score,
    customerName: view.customer?.name ?? "?",
    segmentName: view.customer?.segmentName ?? null,
    touchpoint: view.touchpoint,
    question: view.question,
    respondentSlackId: view.respondentSlackId,
    comment: view.comment,
    status: view.status,
    handledBy: view.handledBy,
    handledAt: view.handledAt,
    toSender,
  };
}

async function localeOf(deps: SlackDeps, client: WebClient, userId: string): Promise<Locale> {
  try {
    return (await deps.directory.person(client, userId)).locale;
  } catch {
    return deps.config.defaultLocale;
  }
}

/** Posts a new alert to the first destination Slack accepts, and remembers where it went. */
export async function postAlert(
  deps: SlackDeps,
  client: WebClient,
  logger: Logger,
  workspaceId: string,
  alertId: string,
): Promise<void> {
  const view = await findAlert(deps.db.prisma, workspaceId, { id: alertId });
  if (!view?.customer) return;
  const destinations = alertDestinations({
    ownerSlackUserId: view.customer.ownerSlackUserId,
    alertChannel: deps.config.alertChannel,
    surveySender: view.surveySender,
  });
  for (const dest of destinations) {
    const channel = dest.kind === "dm" ? dest.userId : dest.channelId;
    const locale = dest.kind === "dm" ? await localeOf(deps, client, dest.userId) : deps.config.defaultLocale;
    try {
      const message = alertMessage(model(view, locale, dest.kind === "dm" && dest.role === "sender"));
      const res = await client.chat.postMessage({ channel, ...message, unfurl_links: false });
      await recordAlertMessage(deps.db.prisma, workspaceId, alertId, res.channel ?? channel, res.ts ?? "");
      return;
    } catch (error) {
      logger.warn(`Could not post survey alert ${alertId} to ${channel}; trying the next destination`, error);
    }
  }
  logger.error(`Survey alert ${alertId} could not be posted anywhere`);
}

/** The alert's message as its reader sees it, in their language. */
async function rendered(deps: SlackDeps, client: WebClient, view: AlertView) {
  const inChannel = /^[CG]/.test(view.channelId ?? "");
  const reader = view.customer?.ownerSlackUserId ?? view.surveySender;
  const locale = inChannel || !reader ? deps.config.defaultLocale : await localeOf(deps, client, reader);
  return alertMessage(model(view, locale, !inChannel && !view.customer?.ownerSlackUserId));
}

/** Re-renders the alert raised by an answer (a comment was added); nothing when there is none. */
export async function refreshAlertFor(
  deps: SlackDeps,
  client: WebClient,
  workspaceId: string,
  responseId: string,
) {
  const view = await findAlert(deps.db.prisma, workspaceId, { responseId });
  if (!view?.channelId || !view.messageTs) return;
  await client.chat.update({
    channel: view.channelId,
    ts: view.messageTs,
    ...(await rendered(deps, client, view)),
  });
}

export function registerAlertButtons(app: App, deps: SlackDeps): void {
  const handler =
    (to: "acknowledged" | "actioned") =>
    async ({ ack, body, client, respond }: Parameters<Parameters<App["action"]>[1]>[0]) => {
      const click = parseClick(body);
      if (!click) {
        await ack();
        return;
      }
      const io = { client, respond };
      let ctx: RequestContext;
      try {
        ctx = await requestContext(deps, client, click.teamId, click.userId);
      } catch (error) {
        await ack();
        await replyPrivately(click, io, commonTexts[deps.config.defaultLocale].somethingWrong);
        throw error;
      }
      const t = surveyTexts[ctx.locale].alert;
      if (!ctx.can("alert.handle")) {
        await ack();
        await replyPrivately(click, io, deniedText(ctx, "alert.handle"));
        return;
      }
      const alertId = parseAlertId(click.value);
      if (!alertId) {
        await ack();
        await replyPrivately(click, io, t.badButton);
        return;
      }
      let result: Awaited<ReturnType<typeof handleAlert>>;
      try {
        result = await handleAlert(
          deps.db.prisma,
          { workspaceId: ctx.workspace.id, alertId, to, by: ctx.userId },
          deps.clock(),
        );
      } catch (error) {
        await ack();
        await replyPrivately(click, io, commonTexts[ctx.locale].notSaved);
        app.logger.error("Could not update a survey alert", error);
        return;
      }
      await ack();
      if (result.status === "not_found") {
        await replyPrivately(click, io, t.notFound);
        return;
      }
      const view = result.alert;
      // The message clicked is the one to update; the stored one is the fallback.
      const channel = click.channelId ?? view.channelId;
      const ts = click.messageTs ?? view.messageTs;
      if (channel && ts) await client.chat.update({ channel, ts, ...(await rendered(deps, client, view)) });
      if (result.status === "unchanged") await replyPrivately(click, io, t.already(t.statuses[view.status]));
    };
  app.action(SURVEY.alertAcknowledge, handler("acknowledged"));
  app.action(SURVEY.alertActioned, handler("actioned"));
}
