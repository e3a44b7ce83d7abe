import type { WebClient } from "@slack/web-api";
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

// Posts a meeting's digest to its channel: the answer as the main message, the details as thread
// replies, the chart as a PNG in the thread. The main message, then each thread part, is recorded
// the moment it is out, so an attempt that dies afterwards is finished by the next one without a
// second main message or a repeated reply. What remains: a part Slack accepted whose record was
// lost (the process died between the two) is posted again, once.

export interface PostDigestDeps {
  db: Pick<Database, "prisma">;
  client: WebClient;
  /** Problems that do not stop the digest (the chart could not be attached). */
  warn?: (message: string) => void;
  /** The fewest answers a score needs to be read (MIN_SCORE_ANSWERS; default 10). */
  minAnswers?: number;
}

/** Slack message metadata on the main message, so the digest can be found from Slack. */
export const DIGEST_EVENT_TYPE = "righttogrow_digest";

/**
 * The scheduler's poster: the digest from the one builder (services/build-meeting-digest.ts),
 * with the numbers at the run's due time so a retry shows the same ones, then posted as given.
 */
export function createPostDigest(deps: PostDigestDeps): PostDigest {
  return async (input) => {
    const { run, meeting } = input;
    const model = await buildMeetingDigest(deps.db, {
      workspaceId: meeting.workspaceId,
      meeting,
      to: run.dueAt,
      previousOccurrenceAt: input.previousOccurrenceAt,
      locale: meeting.locale,
      minAnswers: deps.minAnswers,
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
    const main = await client.chat.postMessage({
      channel,
      text: input.late ? `${messages.text} ${t.lateFallback}` : messages.text,
      blocks: mainBlocks as never,
      unfurl_links: false,
      unfurl_media: false,
      metadata: {
        event_type: DIGEST_EVENT_TYPE,
        event_payload: {
          run_id: run.id,
          meeting_id: meeting.id,
          occurrence_at: run.occurrenceAt.toISOString(),
        },
      },
    });
    if (!main.ts) throw new Error("chat.postMessage answered without a message ts");
    ts = main.ts;
    channel = main.channel ?? channel;
    await input.recordProgress({ channelId: channel, messageTs: ts });
  }

  // Thread parts are the replies in order, then the chart. Each is recorded the moment it is
  // out, so a retry after a failure or a crash resumes after the last one recorded. (The
  // numbers are those at the due time, so the retry cuts the thread into the same parts.)
  const done = run.messageTs ? run.threadPartsPosted : 0;
  for (const [index, reply] of thread.entries()) {
    if (index < done) continue;
    await client.chat.postMessage({
      channel,
      thread_ts: ts,
      text: reply.text,
      blocks: reply.blocks as never,
      unfurl_links: false,
      unfurl_media: false,
    });
    await input.recordThreadProgress(index + 1);
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
