import { z } from "zod";
import type { PrismaClient } from "../data/client.js";
import {
  claimRun,
  type DigestRunRecord,
  findRuns,
  isFinished,
  markFailed,
  markPosted,
  type OccurrenceKey,
  type PostProgress,
  recordMissed,
  recordProgress,
  recordThreadProgress,
  releaseForRetry,
} from "../data/digest-runs.js";
import { listScheduledMeetings } from "../data/meetings.js";
import type { ScheduledMeeting } from "../domain/meetings.js";
import {
  DEFAULT_LOOKBACK_MS,
  type DueOccurrence,
  dueOccurrences,
  previousOccurrence,
} from "../domain/occurrences.js";

// Decides which meeting occurrences need their digest now and makes sure each is posted once,
// whatever the number of app instances and restarts. The database decides (see
// data/digest-runs.ts); this function only acts on the transitions it won. Called every minute by
// the scheduler and once at start, which is how occurrences missed while the app was down are
// caught up: posted late if the meeting has not started, otherwise recorded as missed.

export interface PostInput {
  /** The claimed run; `messageTs` set means an earlier attempt already posted the main message. */
  run: DigestRunRecord;
  meeting: ScheduledMeeting;
  /** The meeting before this one (start of a "since the previous meeting" period). */
  previousOccurrenceAt: Date;
  /** Posting more than a few minutes after the due time (e.g. the app was down). */
  late: boolean;
  /**
   * Call as soon as the main message is posted, before the thread and chart: if this attempt
   * dies, the retry gets `run.messageTs` and must only finish the thread.
   */
  recordProgress(progress: PostProgress): Promise<void>;
  /**
   * Call after each thread part (reply, then the chart) is out, with how many are out: the retry
   * gets `run.threadPartsPosted` and resumes after them.
   */
  recordThreadProgress(partsPosted: number): Promise<void>;
}

/** Posts the digest; resolves with the main message, or throws (Slack errors as WebClient throws them). */
export type PostDigest = (input: PostInput) => Promise<PostProgress>;

export interface DigestRunEvent {
  run: DigestRunRecord;
  meeting: ScheduledMeeting;
  /** "meeting_started", "channel_not_found", "gave_up_after_5_attempts: …" */
  reason: string;
}

export interface RunDueDigestsOptions {
  /** The Prisma client (Database.prisma). */
  db: PrismaClient;
  /** Now, or a clock: decisions use the value at the start; leases and postedAt the current one. */
  now: Date | (() => Date);
  /** Identifies this process in claims (hostname:pid:random). */
  instanceId: string;
  /** How long a claim is exclusive. Longer than a digest takes to post, or it may post twice. */
  leaseMs?: number;
  post: PostDigest;
  /** An occurrence's meeting started before its digest could be posted. Called once per occurrence. */
  onMissed?: (event: DigestRunEvent) => void | Promise<void>;
  /** The digest will never be posted (channel gone, bot not in it, too many attempts). Called once. */
  onFailed?: (event: DigestRunEvent) => void | Promise<void>;
  /** Attempts before giving up on transient errors (default 5). */
  maxAttempts?: number;
  /** After a transient error the lease is shortened so a retry happens this much later (default 1 min). */
  retryDelayMs?: number;
  /** Stop waiting for a post after this long (default leaseMs); the lease then decides. */
  postTimeoutMs?: number;
  /** Oldest occurrence considered (default 14 days). */
  lookbackMs?: number;
  /** Meetings handled in parallel (default 4). */
  concurrency?: number;
  /**
   * Whether this run handles a workspace's meetings (default: all). A workspace the app was
   * uninstalled from is left alone: nothing is claimed, missed or failed until it is back.
   */
  includeWorkspace?: (workspaceId: string) => Promise<boolean>;
  /**
   * True when the instance holding a claim is known to be dead (a process on this host that
   * crashed): its claim is taken over at once instead of after its lease.
   */
  isHolderGone?: (claimedBy: string) => boolean;
}

export interface RunSummary {
  /** Digests this call posted. */
  posted: number;
  /** Occurrences this call recorded as missed (admins told). */
  missed: number;
  /** Runs this call marked failed (admins told). */
  failed: number;
  /** Posts that failed transiently or timed out; retried after the lease or retry delay. */
  retrying: number;
  /** Due occurrences another instance is handling (or finished meanwhile). */
  skipped: number;
  /** Due occurrences of paused meetings (recorded without telling anyone once they start). */
  paused: number;
  /** Problems that stopped a meeting or occurrence from being handled (bad schedule, database). */
  errors: Array<{ meetingId: string; occurrenceAt?: Date; message: string }>;
}

export const DEFAULT_LEASE_MS = 10 * 60_000;
const DEFAULT_RETRY_DELAY_MS = 60_000;
const DEFAULT_MAX_ATTEMPTS = 5;
const LATE_AFTER_MS = 5 * 60_000;

/** Slack errors that no retry will fix: the run fails at once and admins are told. */
const PERMANENT_SLACK_ERRORS = ["channel_not_found", "not_in_channel", "is_archived"] as const;

const permanentSlackError = z.object({
  code: z.literal("slack_webapi_platform_error"),
  data: z.object({ error: z.enum(PERMANENT_SLACK_ERRORS) }),
});

/** The Slack error code when `error` means the digest can never be posted there; otherwise null. */
export function permanentPostFailure(error: unknown): string | null {
  const parsed = permanentSlackError.safeParse(error);
  return parsed.success ? parsed.data.data.error : null;
}

function errorText(error: unknown): string {
  const slack = z
    .object({ code: z.literal("slack_webapi_platform_error"), data: z.object({ error: z.string() }) })
    .safeParse(error);
  const text = slack.success
    ? `slack: ${slack.data.data.error}`
    : error instanceof Error
      ? error.message
      : String(error);
  return text.slice(0, 500);
}

export async function runDueDigests(options: RunDueDigestsOptions): Promise<RunSummary> {
  const clock = typeof options.now === "function" ? options.now : () => options.now as Date;
  const ctx: Context = {
    ...options,
    clock,
    at: clock(),
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    maxAttempts: options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
    retryDelayMs: options.retryDelayMs ?? DEFAULT_RETRY_DELAY_MS,
    postTimeoutMs: options.postTimeoutMs ?? options.leaseMs ?? DEFAULT_LEASE_MS,
    summary: { posted: 0, missed: 0, failed: 0, retrying: 0, skipped: 0, paused: 0, errors: [] },
  };
  let meetings = await listScheduledMeetings(options.db);
  if (options.includeWorkspace) {
    const include = options.includeWorkspace;
    const verdicts = new Map<string, Promise<boolean>>();
    for (const m of meetings)
      if (!verdicts.has(m.workspaceId)) verdicts.set(m.workspaceId, include(m.workspaceId));
    const included = new Set<string>();
    for (const [id, verdict] of verdicts) if (await verdict) included.add(id);
    meetings = meetings.filter((m) => included.has(m.workspaceId));
  }
  await forEachLimited(meetings, options.concurrency ?? 4, (meeting) => handleMeeting(ctx, meeting));
  return ctx.summary;
}

interface Context extends RunDueDigestsOptions {
  clock: () => Date;
  /** The decision instant: what is due, and whether the meeting has started. */
  at: Date;
  leaseMs: number;
  maxAttempts: number;
  retryDelayMs: number;
  postTimeoutMs: number;
  summary: RunSummary;
}

async function handleMeeting(ctx: Context, meeting: ScheduledMeeting): Promise<void> {
  let due: DueOccurrence[];
  try {
    due = dueOccurrences(meeting, ctx.at, ctx.lookbackMs ?? DEFAULT_LOOKBACK_MS);
  } catch (error) {
    // A schedule the admin form should have refused: report it, keep the other meetings going.
    ctx.summary.errors.push({ meetingId: meeting.id, message: `schedule: ${errorText(error)}` });
    return;
  }
  if (due.length === 0) return;
  try {
    // One read skips the finished occurrences without writing anything.
    const runs = await findRuns(
      ctx.db,
      meeting.id,
      due.map((d) => d.occurrenceAt),
    );
    const finished = new Set(runs.filter(isFinished).map((r) => r.occurrenceAt.getTime()));
    const byOccurrence = new Map(runs.map((r) => [r.occurrenceAt.getTime(), r]));
    for (const occurrence of due) {
      if (finished.has(occurrence.occurrenceAt.getTime())) continue;
      try {
        await handleOccurrence(ctx, meeting, occurrence, byOccurrence.get(occurrence.occurrenceAt.getTime()));
      } catch (error) {
        ctx.summary.errors.push({
          meetingId: meeting.id,
          occurrenceAt: occurrence.occurrenceAt,
          message: errorText(error),
        });
      }
    }
  } catch (error) {
    ctx.summary.errors.push({ meetingId: meeting.id, message: errorText(error) });
  }
}

async function handleOccurrence(
  ctx: Context,
  meeting: ScheduledMeeting,
  occurrence: DueOccurrence,
  existing: DigestRunRecord | undefined,
) {
  const key: OccurrenceKey = {
    workspaceId: meeting.workspaceId,
    meetingId: meeting.id,
    occurrenceAt: occurrence.occurrenceAt,
    dueAt: occurrence.dueAt,
    channelId: meeting.channelId,
  };
  const started = ctx.at.getTime() >= occurrence.occurrenceAt.getTime();
  if (meeting.paused) {
    // Recording a paused meeting's past occurrences keeps them from surfacing as "missed" alerts
    // when it is resumed; until the meeting starts it may still be resumed and posted.
    ctx.summary.paused++;
    if (started) await recordMissed(ctx.db, key, "paused", ctx.at);
    return;
  }
  if (!started) {
    const run = await claim(ctx, key, false, existing);
    if (run) await attempt(ctx, meeting, run);
    else ctx.summary.skipped++;
    return;
  }
  // The meeting has started: too late for a digest, unless its main message is already out (an
  // attempt died mid-post), in which case finishing the thread still helps.
  const missed = await recordMissed(ctx.db, key, "meeting_started", ctx.at);
  if (missed) {
    ctx.summary.missed++;
    await notify(ctx, ctx.onMissed, { run: missed, meeting, reason: missed.error ?? "meeting_started" });
    return;
  }
  const run = await claim(ctx, key, true, existing);
  if (run) await attempt(ctx, meeting, run);
  else ctx.summary.skipped++;
}

function claim(
  ctx: Context,
  key: OccurrenceKey,
  onlyIfMessagePosted: boolean,
  existing: DigestRunRecord | undefined,
) {
  const now = ctx.clock();
  const holder = existing?.status === "claimed" ? existing.claimedBy : null;
  return claimRun(ctx.db, key, {
    instanceId: ctx.instanceId,
    now,
    leaseUntil: new Date(now.getTime() + ctx.leaseMs),
    onlyIfMessagePosted,
    goneHolder: holder && holder !== ctx.instanceId && ctx.isHolderGone?.(holder) ? holder : undefined,
  });
}

/** Posts a run this instance holds, and records the outcome. */
async function attempt(ctx: Context, meeting: ScheduledMeeting, run: DigestRunRecord): Promise<void> {
  if (run.attempts > ctx.maxAttempts) {
    // Earlier attempts crashed or hung without recording anything: stop trying.
    await fail(
      ctx,
      meeting,
      run.id,
      `gave_up_after_${ctx.maxAttempts}_attempts${run.error ? `: ${run.error}` : ""}`,
    );
    return;
  }
  const input: PostInput = {
    run,
    meeting,
    previousOccurrenceAt: previousOccurrence(meeting, run.occurrenceAt),
    late: ctx.clock().getTime() - run.dueAt.getTime() > LATE_AFTER_MS,
    recordProgress: async (progress) => {
      await recordProgress(ctx.db, run.id, progress);
    },
    recordThreadProgress: async (partsPosted) => {
      await recordThreadProgress(ctx.db, run.id, partsPosted);
    },
  };
  const posting = Promise.resolve().then(() => ctx.post(input));
  let outcome: { result: PostProgress } | "timeout";
  try {
    outcome = await withTimeout(posting, ctx.postTimeoutMs);
  } catch (error) {
    await afterFailure(ctx, meeting, run, error);
    return;
  }
  if (outcome === "timeout") {
    // Still running somewhere: leave the lease alone. If it finishes, record it; if not, the
    // lease expires and the next attempt sees whatever progress it recorded.
    posting.then(
      (result) => markPosted(ctx.db, run.id, result, ctx.clock()).catch(() => {}),
      () => {},
    );
    ctx.summary.retrying++;
    return;
  }
  await markPosted(ctx.db, run.id, outcome.result, ctx.clock());
  ctx.summary.posted++;
}

async function afterFailure(ctx: Context, meeting: ScheduledMeeting, run: DigestRunRecord, error: unknown) {
  const permanent = permanentPostFailure(error);
  if (permanent) {
    await fail(ctx, meeting, run.id, permanent);
    return;
  }
  if (run.attempts >= ctx.maxAttempts) {
    await fail(ctx, meeting, run.id, `gave_up_after_${ctx.maxAttempts}_attempts: ${errorText(error)}`);
    return;
  }
  const retryAt = new Date(ctx.clock().getTime() + ctx.retryDelayMs);
  await releaseForRetry(ctx.db, run.id, ctx.instanceId, errorText(error), retryAt);
  ctx.summary.retrying++;
}

async function fail(ctx: Context, meeting: ScheduledMeeting, runId: string, reason: string) {
  const failed = await markFailed(ctx.db, runId, reason);
  if (!failed) {
    ctx.summary.skipped++;
    return;
  }
  ctx.summary.failed++;
  await notify(ctx, ctx.onFailed, { run: failed, meeting, reason });
}

async function notify(
  ctx: Context,
  callback: ((event: DigestRunEvent) => void | Promise<void>) | undefined,
  event: DigestRunEvent,
) {
  try {
    await callback?.(event);
  } catch (error) {
    // The run's state is already recorded; a failed notification must not undo or repeat it.
    ctx.summary.errors.push({
      meetingId: event.meeting.id,
      occurrenceAt: event.run.occurrenceAt,
      message: `notify: ${errorText(error)}`,
    });
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<{ result: T } | "timeout"> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<"timeout">((resolve) => {
    timer = setTimeout(() => resolve("timeout"), ms);
  });
  try {
    return await Promise.race([promise.then((result) => ({ result })), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function forEachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
