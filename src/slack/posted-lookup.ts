import type { WebClient } from "@slack/web-api";
import { z } from "zod";

// chat.postMessage has no idempotency key: when Slack accepted a message but its answer was lost
// (the connection dropped, the process died before recording it), posting again would put a
// second copy in the channel. So a digest message is looked for before it is posted again: every
// one carries metadata naming its run (and thread part), and the channel's history since the run
// was due (conversations.history / conversations.replies with include_all_metadata) says whether
// this app already posted it. The look needs channels:history and groups:history; an
// installation without them posts as before (no look), and is reported once so the admin can
// reinstall.

export const DIGEST_EVENT_TYPE = "righttogrow_digest";

export interface Posted {
  ts: string;
  channel: string;
}

export interface HistoryLookup {
  /** The run's main message in `channel`, posted at or after `since` (minus clock skew), if any. */
  findMain(q: { channel: string; runId: string; since: Date }): Promise<Posted | null>;
  /** Thread part `part` (1 = first reply) of the run under `threadTs`, if any. */
  findReply(q: { channel: string; threadTs: string; runId: string; part: number }): Promise<Posted | null>;
}

/** Messages up to this much older than the run's due time are still looked at (Slack's clock vs ours). */
export const CLOCK_SKEW_MS = 10 * 60_000;
/** Pages of 200 messages read at most per look: a digest channel rarely has more since the due time. */
const MAX_PAGES = 10;

/** Errors that say the look cannot be made here, so the post goes ahead as before. */
export const LOOKUP_UNAVAILABLE = ["missing_scope", "not_in_channel"] as const;

const slackMessage = z.object({
  ts: z.string(),
  bot_id: z.string().optional(),
  app_id: z.string().optional(),
  thread_ts: z.string().optional(),
  metadata: z
    .object({
      event_type: z.string(),
      event_payload: z.record(z.string(), z.unknown()).optional(),
    })
    .optional(),
});
const historyPage = z.object({
  messages: z.array(z.unknown()).optional(),
  response_metadata: z.object({ next_cursor: z.string().optional() }).optional(),
});
const identity = z.object({ bot_id: z.string().optional(), app_id: z.string().optional() });
const platformError = z.object({
  code: z.literal("slack_webapi_platform_error"),
  data: z.object({ error: z.string() }),
});

type SlackMessage = z.infer<typeof slackMessage>;

export interface SlackHistoryLookupOptions {
  /** Told once per reason when the look cannot be made (missing_scope: reinstall needed). */
  warn?: (message: string) => void;
  /** Told once when the installation lacks the history scopes. */
  onMissingScope?: () => void;
}

/** The look through Slack's Web API with `client` (whose own retries are fine: reads repeat safely). */
export function slackHistoryLookup(client: WebClient, opts: SlackHistoryLookupOptions = {}): HistoryLookup {
  let self: Promise<{ botId?: string; appId?: string }> | undefined;
  const whoAmI = () => {
    self ??= client.auth.test().then(
      (a) => {
        const parsed = identity.parse(a);
        return { botId: parsed.bot_id, appId: parsed.app_id };
      },
      (error: unknown) => {
        self = undefined;
        throw error;
      },
    );
    return self;
  };
  const told = new Set<string>();
  const unavailable = (error: unknown): boolean => {
    const parsed = platformError.safeParse(error);
    const code = parsed.success ? parsed.data.data.error : undefined;
    if (!code || !(LOOKUP_UNAVAILABLE as readonly string[]).includes(code)) return false;
    if (!told.has(code)) {
      told.add(code);
      if (code === "missing_scope") opts.onMissingScope?.();
      opts.warn?.(
        `digests: cannot look for messages already posted (${code}): posting without the look, a lost answer may double a message${code === "missing_scope" ? "; reinstall the app to grant channels:history and groups:history" : ""}`,
      );
    }
    return true;
  };
  const ours = async (m: SlackMessage, runId: string, part?: number) => {
    const me = await whoAmI();
    const byUs =
      (me.botId !== undefined && m.bot_id === me.botId) || (me.appId !== undefined && m.app_id === me.appId);
    const payload = m.metadata?.event_payload;
    return (
      byUs &&
      m.metadata?.event_type === DIGEST_EVENT_TYPE &&
      payload?.run_id === runId &&
      (part === undefined ? payload.part === undefined : payload.part === part)
    );
  };
  const search = async (
    read: (cursor: string | undefined) => Promise<unknown>,
    match: (m: SlackMessage) => Promise<boolean>,
  ): Promise<SlackMessage | null | "unavailable"> => {
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      let answer: unknown;
      try {
        answer = await read(cursor);
      } catch (error) {
        if (unavailable(error)) return "unavailable";
        // The thread's parent is not (or no longer) there: nothing was posted under it.
        if (platformError.safeParse(error).data?.data.error === "thread_not_found") return null;
        throw error;
      }
      const parsed = historyPage.parse(answer);
      for (const raw of parsed.messages ?? []) {
        const m = slackMessage.safeParse(raw);
        if (m.success && (await match(m.data))) return m.data;
      }
      cursor = parsed.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return null;
  };
  return {
    async findMain({ channel, runId, since }) {
      const found = await search(
        (cursor) =>
          client.conversations.history({
            channel,
            oldest: slackTs(new Date(since.getTime() - CLOCK_SKEW_MS)),
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          }),
        async (m) => (m.thread_ts === undefined || m.thread_ts === m.ts) && (await ours(m, runId)),
      );
      return found && found !== "unavailable" ? { ts: found.ts, channel } : null;
    },
    async findReply({ channel, threadTs, runId, part }) {
      const found = await search(
        (cursor) =>
          client.conversations.replies({
            channel,
            ts: threadTs,
            include_all_metadata: true,
            limit: 200,
            ...(cursor ? { cursor } : {}),
          }),
        async (m) => m.ts !== threadTs && (await ours(m, runId, part)),
      );
      return found && found !== "unavailable" ? { ts: found.ts, channel } : null;
    },
  };
}

const slackTs = (d: Date) => (d.getTime() / 1000).toFixed(6);

/** Slack may have accepted a message whose answer never came (the connection dropped, 5xx). */
function answerLost(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "slack_webapi_request_error" || code === "slack_webapi_http_error";
}

/** Tries of one post in one attempt; the scheduler's next attempt looks first and tries again. */
export const POST_TRIES = 3;

/**
 * Posts once: looks first when an earlier attempt may have posted it, and after a lost answer
 * looks before posting again. Errors other than a lost answer (ok:false, a failed look) are thrown.
 */
export async function postExactlyOnce(opts: {
  lookFirst: boolean;
  look: () => Promise<Posted | null>;
  post: () => Promise<Posted>;
}): Promise<Posted> {
  if (opts.lookFirst) {
    const found = await opts.look();
    if (found) return found;
  }
  for (let tries = 1; ; tries++) {
    try {
      return await opts.post();
    } catch (error) {
      if (!answerLost(error) || tries >= POST_TRIES) throw error;
      const found = await opts.look();
      if (found) return found;
    }
  }
}
