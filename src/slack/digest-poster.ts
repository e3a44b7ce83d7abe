import { WebClient } from "@slack/web-api";
import { renderDigestChart } from "../charts/render-digest-chart.js";
import type { Database } from "../data/database.js";
import type { DigestModel } from "../domain/digest.js";
import { digestDeliveryTexts } from "../i18n/digest-delivery.js";
import { digestChartData } from "../render/digest-to-chart.js";
import { meetingTime } from "../render/meeting-time.js";
import { buildMeetingDigest } from "../services/build-meeting-digest.js";
import { type PostDigest, type PostInput, permanentPostFailure } from "../services/run-due-digests.js";
import { digestMessages } from "./features/digest/blocks.js";
import { fitBlocks } from "./kit/block-limits.js";
import { type Block, context } from "./kit/blocks.js";
import {
  DIGEST_EVENT_TYPE,
  type HistoryLookup,
  postExactlyOnce,
  slackHistoryLookup,
} from "./posted-lookup.js";

// Posts a meeting's digest to its channel: the answer as the main message, the details as thread
// replies, the chart as a PNG in the thread. The main message, then each thread part, is recorded
// the moment it is out, so an attempt that dies afterwards is finished by the next one without a
// second main message or a repeated reply. A message Slack accepted whose answer or record was lost
// (the process died, the connection dropped) is not posted again either: every message carries
// metadata naming the run (and the thread part), and before posting again (a later attempt, or a
// retry after a lost answer) the poster looks in the channel for it and adopts it when found
// (posted-lookup.ts). The posts themselves go through a client without automatic retries, so no
// retry skips that look. Without the history scopes the look is skipped: posted as before.

export interface PostDigestDeps {
  db: Pick<Database, "prisma">;
  client: WebClient;
  /**
   * The look for messages already posted (default: conversations.history / replies with `client`'s
   * token); and the client the main message and replies are posted with (default: `client`'s token
   * and URL with automatic retries off, since a retry must go through the look).
   */
  lookup?: HistoryLookup;
  postClient?: WebClient;
  /** Problems that do not stop the digest (the chart could not be attached). */
  warn?: (message: string) => void;
  /** The fewest answers a score needs to be read (MIN_SCORE_ANSWERS; default 10). */
  minAnswers?: number;
  /** The smallest group an anonymous text may be quoted from (ANONYMITY_MIN; default 5). */
  anonymityMin?: number;
}

/** Slack message metadata on every digest message, so the digest can be found from Slack. */
export { DIGEST_EVENT_TYPE } from "./posted-lookup.js";

/**
 * The scheduler's poster: the digest from the one builder (services/build-meeting-digest.ts),
 * with the numbers at the run's due time so a retry shows the same ones, then posted as given.
 */
export function createPostDigest(given: PostDigestDeps): PostDigest {
  // One look-up (it asks auth.test who the app is once) and one posting client per poster.
  const deps: PostDigestDeps = {
    ...given,
    postClient: given.postClient ?? withoutRetries(given.client),
    lookup: given.lookup ?? slackHistoryLookup(given.client, { warn: given.warn }),
  };
  return async (input) => {
    const { run, meeting } = input;
    const model = await buildMeetingDigest(deps.db, {
      workspaceId: meeting.workspaceId,
      meeting,
      to: run.dueAt,
      previousOccurrenceAt: input.previousOccurrenceAt,
      locale: meeting.locale,
      minAnswers: deps.minAnswers,
      anonymityMin: deps.anonymityMin,
    });
    return postDigest(deps, input, model);
  };
}

/** Posts the digest it is given for the claimed run, resuming after what an earlier attempt posted. */
export async function postDigest(
  deps: Omit<PostDigestDeps, "db">,
  input: PostInput,
  model: DigestModel,
): ReturnType<PostDigest> {
  const { client } = deps;
  const poster = deps.postClient ?? withoutRetries(client);
  const lookup = deps.lookup ?? slackHistoryLookup(client, { warn: deps.warn });
  const { run, meeting } = input;
  const t = digestDeliveryTexts[meeting.locale];
  const messages = digestMessages(model);
  const lateNote: Block[] = input.late
    ? [{ ...context(t.late(meetingTime(run.dueAt, meeting.timezone, meeting.locale))) }]
    : [];
  const [mainBlocks = [], ...overflow] = fitBlocks([...lateNote, ...messages.blocks]);
  const thread = [
    ...overflow.map((blocks) => ({ text: messages.text, blocks })),
    ...messages.thread.flatMap((m) => fitBlocks(m.blocks).map((blocks) => ({ text: m.text, blocks }))),
  ];

  // An earlier attempt posted the main message: its thread belongs in that message's channel.
  let channel = run.messageTs && run.channelId ? run.channelId : meeting.channelId;
  let ts = run.messageTs;
  if (!ts) {
    const mainChannel = channel;
    const posted = await postExactlyOnce({
      // Only an earlier attempt (a crash, a timeout, a failure) can have posted it already.
      lookFirst: run.attempts > 1,
      look: () => lookup.findMain({ channel: mainChannel, runId: run.id, since: run.dueAt }),
      post: async () => {
        const main = await poster.chat.postMessage({
          channel: mainChannel,
          text: input.late ? `${messages.text} ${t.lateFallback}` : messages.text,
          blocks: mainBlocks as never,
          unfurl_links: false,
          unfurl_media: false,
          metadata: digestMetadata(input),
        });
        if (!main.ts) throw new Error("chat.postMessage answered without a message ts");
        return { ts: main.ts, channel: main.channel ?? mainChannel };
      },
    });
    ts = posted.ts;
    channel = posted.channel;
    await input.recordProgress({ channelId: channel, messageTs: ts });
  }

  // Thread parts are the replies in order, then the chart. Each is recorded the moment it is
  // out, so a retry after a failure or a crash resumes after the last one recorded. (The
  // numbers are those at the due time, so the retry cuts the thread into the same parts.)
  const done = run.messageTs ? run.threadPartsPosted : 0;
  for (const [index, reply] of thread.entries()) {
    if (index < done) continue;
    const [threadChannel, threadTs, part] = [channel, ts, index + 1];
    await postExactlyOnce({
      // The first part this attempt posts may be out already: the one an earlier attempt was at.
      lookFirst: Boolean(run.messageTs) && index === done,
      look: () => lookup.findReply({ channel: threadChannel, threadTs, runId: run.id, part }),
      post: async () => {
        const answer = await poster.chat.postMessage({
          channel: threadChannel,
          thread_ts: threadTs,
          text: reply.text,
          blocks: reply.blocks as never,
          unfurl_links: false,
          unfurl_media: false,
          metadata: digestMetadata(input, part),
        });
        return { ts: answer.ts ?? "", channel: threadChannel };
      },
    });
    await input.recordThreadProgress(part);
  }
  if (done > thread.length) return { channelId: channel, messageTs: ts };

  try {
    const png = await renderDigestChart(digestChartData(model));
    await client.files.uploadV2({
      channel_id: channel,
      thread_ts: ts,
      file: png,
      filename: "digest-chart.png",
      title: t.chartTitle,
      alt_text: t.chartAlt(meeting.name),
    });
  } catch (error) {
    // The channel went away mid-post: the run fails like any other post to it.
    if (permanentPostFailure(error)) throw error;
    // Otherwise the digest itself is out: a chart is not worth failing or retrying the run for.
    deps.warn?.(
      `digest ${run.id} (${meeting.name}): chart not attached: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // Posted or given up on, the chart is done: should marking the run posted fail, the retry
  // finds nothing left to post.
  await input.recordThreadProgress(thread.length + 1);
  return { channelId: channel, messageTs: ts };
}

/** The metadata naming the run (and, on a thread reply, its part: 1 for the first reply). */
function digestMetadata(input: PostInput, part?: number) {
  return {
    event_type: DIGEST_EVENT_TYPE,
    event_payload: {
      run_id: input.run.id,
      meeting_id: input.meeting.id,
      occurrence_at: input.run.occurrenceAt.toISOString(),
      ...(part === undefined ? {} : { part }),
    },
  };
}

/** A client like `client` (token, Web API URL) that never retries on its own. */
function withoutRetries(client: WebClient): WebClient {
  return new WebClient(client.token, {
    slackApiUrl: client.slackApiUrl,
    retryConfig: { retries: 0 },
    timeout: POST_TIMEOUT_MS,
  });
}

/** A post whose answer takes longer is treated as lost: looked for, then posted again. */
const POST_TIMEOUT_MS = 30_000;
