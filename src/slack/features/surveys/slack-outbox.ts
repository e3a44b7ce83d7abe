import type { WebClient } from "@slack/web-api";
import { questionFor } from "../../../domain/survey-questions.js";
import type { Outcome, SurveyOutbox } from "../../../services/send-survey.js";
import type { SlackDeps } from "../../kit/deps.js";
import { surveyMessage } from "./blocks/survey-message.js";

// The send-survey use case's view of Slack: who is in a channel or user group, which language
// each person reads, and posting the survey message.

/** The error code Slack answered with (channel_not_found, not_in_channel, …), or a short reason. */
export function slackError(error: unknown): string {
  const e = error as { data?: { error?: unknown }; code?: unknown; message?: unknown };
  if (typeof e?.data?.error === "string") return e.data.error;
  if (typeof e?.code === "string") return e.code;
  return typeof e?.message === "string" ? e.message.slice(0, 100) : "unknown_error";
}

export function slackOutbox(client: WebClient, deps: SlackDeps, botUserId: string | undefined): SurveyOutbox {
  // Bots (other apps, Slackbot, this app) are members of channels too; they are not asked.
  const isHuman = async (id: string): Promise<boolean> => {
    if (id === botUserId || id === "USLACKBOT") return false;
    try {
      const { user } = await client.users.info({ user: id });
      return !(user?.is_bot || user?.deleted);
    } catch {
      // Unknown here: let the post itself succeed or report the error.
      return true;
    }
  };

  return {
    async channelMembers(channelId): Promise<Outcome<string[]>> {
      try {
        const members: string[] = [];
        let cursor: string | undefined;
        do {
          const res = await client.conversations.members({ channel: channelId, limit: 1000, cursor });
          members.push(...(res.members ?? []));
          cursor = res.response_metadata?.next_cursor || undefined;
        } while (cursor);
        const humans: string[] = [];
        for (let i = 0; i < members.length; i += 20) {
          const chunk = members.slice(i, i + 20);
          const keep = await Promise.all(chunk.map(isHuman));
          humans.push(...chunk.filter((_, j) => keep[j]));
        }
        return { ok: true, value: humans };
      } catch (error) {
        return { ok: false, error: slackError(error) };
      }
    },

    async usergroupMembers(usergroupId): Promise<Outcome<string[]>> {
      try {
        return { ok: true, value: await deps.directory.usergroupMembers(client, usergroupId) };
      } catch (error) {
        return { ok: false, error: slackError(error) };
      }
    },

    async localeOf(userId) {
      try {
        return (await deps.directory.person(client, userId)).locale;
      } catch {
        return deps.config.defaultLocale;
      }
    },

    async post(to, m) {
      const channel = to.kind === "dm" ? to.userId : to.channelId;
      const message = surveyMessage({
        surveyId: m.survey.id,
        kind: m.survey.kind,
        question: questionFor(m.survey.question, m.survey.kind, m.locale),
        locale: m.locale,
        mode: m.mode,
        anonymous: m.anonymous,
      });
      try {
        const res = await client.chat.postMessage({
          channel,
          ...message,
          unfurl_links: false,
          unfurl_media: false,
        });
        return { ok: true, value: { channelId: res.channel ?? channel, ts: res.ts ?? "" } };
      } catch (error) {
        return { ok: false, error: slackError(error) };
      }
    },
  };
}
