import type { App, Logger } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import type { AlertView } from "../../../domain/closing-the-loop.js";
import { alertDestinations } from "../../../domain/closing-the-loop.js";
import type { Locale } from "../../../domain/locale.js";
import { findAlert } from "../../../services/find-alert.js";
import { handleAlert } from "../../../services/handle-alert.js";
import { recordAlertMessage } from "../../../services/record-alert-message.js";
import type { SlackDeps } from "../../kit/deps.js";
import { notSaved } from "../../kit/guards.js";
import { onActionAckedLate } from "../../kit/listen.js";
import { alertMessage } from "./blocks/alert-message.js";
import { clickedMessage, clickedValue } from "./click.js";
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
  // Acknowledged once the alert has moved: a click Slack saw acknowledged is a change made.
  const handler = (to: "acknowledged" | "actioned") =>
    onActionAckedLate(
      app,
      deps,
      to === "acknowledged" ? SURVEY.alertAcknowledge : SURVEY.alertActioned,
      { allow: "alert.handle" },
      async ({ ack, action, body, client, ctx, reply }) => {
        const t = surveyTexts[ctx.locale].alert;
        const alertId = parseAlertId(clickedValue(action));
        if (!alertId) return void (await reply(t.badButton));
        const input = { workspaceId: ctx.workspace.id, alertId, to, by: ctx.userId };
        const result = await handleAlert(deps.db.prisma, input, deps.clock()).catch(notSaved);
        await ack();
        if (result.status === "not_found") return void (await reply(t.notFound));
        const view = result.alert;
        // The message clicked is the one to update; the stored one is the fallback.
        const clicked = clickedMessage(body);
        const channel = clicked.channelId ?? view.channelId;
        const ts = clicked.messageTs ?? view.messageTs;
        if (channel && ts) await client.chat.update({ channel, ts, ...(await rendered(deps, client, view)) });
        if (result.status === "unchanged") await reply(t.already(t.statuses[view.status]));
      },
    );
  handler("acknowledged");
  handler("actioned");
}
