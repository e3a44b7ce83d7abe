import { randomUUID } from "node:crypto";
import { Prisma } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";

// One row per meeting occurrence (unique meeting_id + occurrence_at). Every state change is a
// single conditional statement, so when several app instances share one PostgreSQL exactly one of
// them wins each transition: the INSERT that creates the claim, the UPDATE that takes over an
// expired lease, the UPDATE that records the outcome. Callers act (post, tell admins) only when a
// statement returned a row.
//
//   claimed ──post ok──▶ posted
//      │  └──channel gone / too many attempts──▶ failed
//      └──meeting started before anything was posted──▶ missed
//   (no row) ──meeting already started when first seen──▶ missed

export type DigestRunStatus = "claimed" | "posted" | "failed" | "missed";

export interface DigestRunRecord {
  id: string;
  workspaceId: string;
  meetingId: string;
  occurrenceAt: Date;
  dueAt: Date;
  status: DigestRunStatus;
  claimedBy: string | null;
  leaseUntil: Date | null;
  /** Times posting was started (a claim or a takeover), including attempts that crashed. */
  attempts: number;
  channelId: string | null;
  /** Set as soon as the main message is posted: a later attempt must not post it again. */
  messageTs: string | null;
  /** Thread replies (then the chart) already posted under messageTs: a later attempt resumes after them. */
  threadPartsPosted: number;
  error: string | null;
  postedAt: Date | null;
}

export interface OccurrenceKey {
  workspaceId: string;
  meetingId: string;
  occurrenceAt: Date;
  dueAt: Date;
  /** The meeting's channel, recorded so failed and missed runs say where they were going. */
  channelId: string;
}

export interface PostProgress {
  channelId: string;
  messageTs: string;
}

const RETURNING = Prisma.raw(`RETURNING
  id, workspace_id AS "workspaceId", meeting_id AS "meetingId", occurrence_at AS "occurrenceAt",
  due_at AS "dueAt", status::text AS status, claimed_by AS "claimedBy", lease_until AS "leaseUntil",
  attempts, channel_id AS "channelId", message_ts AS "messageTs", thread_parts_posted AS "threadPartsPosted",
  error, posted_at AS "postedAt"`);

const FINISHED: readonly DigestRunStatus[] = ["posted", "failed", "missed"];

export function isFinished(run: Pick<DigestRunRecord, "status">): boolean {
  return FINISHED.includes(run.status);
}

/** The runs already recorded for these occurrences of one meeting. */
export async function findRuns(
  db: DbClient,
  meetingId: string,
  occurrences: Date[],
): Promise<DigestRunRecord[]> {
  if (occurrences.length === 0) return [];
  return db.digestRun.findMany({
    where: { meetingId, occurrenceAt: { in: occurrences } },
    select: {
      id: true,
      workspaceId: true,
      meetingId: true,
      occurrenceAt: true,
      dueAt: true,
      status: true,
      claimedBy: true,
      leaseUntil: true,
      attempts: true,
      channelId: true,
      messageTs: true,
      threadPartsPosted: true,
      error: true,
      postedAt: true,
    },
  });
}

/**
 * Claims an occurrence for `instanceId` until `leaseUntil`: creates the run, or takes over a
 * claimed run whose lease expired before `now` (a crashed or stuck poster) or whose holder is
 * `goneHolder` (known dead). With
 * `onlyIfMessagePosted`, only a run whose main message is already out is taken over (finishing
 * it after the meeting started). Null when another instance holds it or it is finished.
 */
export async function claimRun(
  db: DbClient,
  key: OccurrenceKey,
  claim: {
    instanceId: string;
    now: Date;
    leaseUntil: Date;
    onlyIfMessagePosted?: boolean;
    /** A holder known to be dead: its claim is taken over even before its lease expires. */
    goneHolder?: string;
  },
): Promise<DigestRunRecord | null> {
  if (!claim.onlyIfMessagePosted) {
    const inserted = await db.$queryRaw<DigestRunRecord[]>`
      INSERT INTO digest_run
        (id, workspace_id, meeting_id, occurrence_at, due_at, status, claimed_by, lease_until, attempts, channel_id, created_at)
      VALUES
        (${randomUUID()}, ${key.workspaceId}, ${key.meetingId}, ${key.occurrenceAt}, ${key.dueAt},
         'claimed'::"DigestRunStatus", ${claim.instanceId}, ${claim.leaseUntil}, 1, ${key.channelId}, ${claim.now})
      ON CONFLICT (meeting_id, occurrence_at) DO NOTHING
      ${RETURNING}`;
    if (inserted[0]) return inserted[0];
  }
  // Under READ COMMITTED a concurrent UPDATE of the same row waits, then re-checks the WHERE
  // against the winner's values: the lease is no longer expired, so only one takeover succeeds.
  const onlyPosted = claim.onlyIfMessagePosted ? Prisma.sql`AND message_ts IS NOT NULL` : Prisma.empty;
  // Still conditional on the holder read before: if anyone took the run over since, nothing changes.
  const orGone = claim.goneHolder ? Prisma.sql`OR claimed_by = ${claim.goneHolder}` : Prisma.empty;
  const taken = await db.$queryRaw<DigestRunRecord[]>`
    UPDATE digest_run
       SET claimed_by = ${claim.instanceId}, lease_until = ${claim.leaseUntil}, attempts = attempts + 1
     WHERE meeting_id = ${key.meetingId} AND occurrence_at = ${key.occurrenceAt}
       AND status = 'claimed'::"DigestRunStatus"
       AND (lease_until IS NULL OR lease_until < ${claim.now} ${orGone})
       ${onlyPosted}
    ${RETURNING}`;
  return taken[0] ?? null;
}

/**
 * Records an occurrence as missed (the meeting started before its digest was posted): creates
 * the row, or turns a claimed run with an expired lease and nothing posted yet into missed.
 * Returns the run only to the caller that made the change, so admins are told once.
 */
export async function recordMissed(
  db: DbClient,
  key: OccurrenceKey,
  reason: string,
  now: Date,
): Promise<DigestRunRecord | null> {
  const inserted = await db.$queryRaw<DigestRunRecord[]>`
    INSERT INTO digest_run
      (id, workspace_id, meeting_id, occurrence_at, due_at, status, attempts, channel_id, error, created_at)
    VALUES
      (${randomUUID()}, ${key.workspaceId}, ${key.meetingId}, ${key.occurrenceAt}, ${key.dueAt},
       'missed'::"DigestRunStatus", 0, ${key.channelId}, ${reason}, ${now})
    ON CONFLICT (meeting_id, occurrence_at) DO NOTHING
    ${RETURNING}`;
  if (inserted[0]) return inserted[0];
  const updated = await db.$queryRaw<DigestRunRecord[]>`
    UPDATE digest_run
       SET status = 'missed'::"DigestRunStatus", lease_until = NULL,
           error = ${reason} || COALESCE(' (last error: ' || error || ')', '')
     WHERE meeting_id = ${key.meetingId} AND occurrence_at = ${key.occurrenceAt}
       AND status = 'claimed'::"DigestRunStatus"
       AND (lease_until IS NULL OR lease_until < ${now})
       AND message_ts IS NULL
    ${RETURNING}`;
  return updated[0] ?? null;
}

/**
 * Remembers that the main message is out, before the rest of the digest (thread, chart) is
 * posted: if this attempt dies, the next one sees messageTs and must not post it again.
 */
export async function recordProgress(db: DbClient, runId: string, progress: PostProgress): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE digest_run SET channel_id = ${progress.channelId}, message_ts = ${progress.messageTs}
     WHERE id = ${runId} AND status = 'claimed'::"DigestRunStatus"`;
  return n > 0;
}

/**
 * Remembers how many thread parts (replies, then the chart) are out, right after each one is
 * posted: a retry skips them instead of posting them a second time. Never moves backwards, so a
 * slow write from an attempt that lost its lease cannot undo a later attempt's progress.
 */
export async function recordThreadProgress(
  db: DbClient,
  runId: string,
  partsPosted: number,
): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE digest_run SET thread_parts_posted = GREATEST(thread_parts_posted, ${partsPosted})
     WHERE id = ${runId} AND status = 'claimed'::"DigestRunStatus"`;
  return n > 0;
}

/**
 * Marks a claimed run posted. Whoever posted records it, even if its lease lapsed meanwhile:
 * the message is out either way. False if the run was already finished.
 */
export async function markPosted(
  db: DbClient,
  runId: string,
  result: PostProgress,
  now: Date,
): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE digest_run
       SET status = 'posted'::"DigestRunStatus", channel_id = ${result.channelId}, message_ts = ${result.messageTs},
           posted_at = ${now}, lease_until = NULL, error = NULL
     WHERE id = ${runId} AND status = 'claimed'::"DigestRunStatus"`;
  return n > 0;
}

/** Marks a claimed run failed for good; the run, or null if it was already finished. */
export async function markFailed(
  db: DbClient,
  runId: string,
  reason: string,
): Promise<DigestRunRecord | null> {
  const rows = await db.$queryRaw<DigestRunRecord[]>`
    UPDATE digest_run SET status = 'failed'::"DigestRunStatus", error = ${reason}, lease_until = NULL
     WHERE id = ${runId} AND status = 'claimed'::"DigestRunStatus"
    ${RETURNING}`;
  return rows[0] ?? null;
}

/**
 * After a transient failure: keep the claim, note the error and shorten the lease to `retryAt`
 * so the next tick (on any instance) tries again. Only the current holder may do this.
 */
export async function releaseForRetry(
  db: DbClient,
  runId: string,
  instanceId: string,
  error: string,
  retryAt: Date,
): Promise<boolean> {
  const n = await db.$executeRaw`
    UPDATE digest_run SET error = ${error}, lease_until = LEAST(lease_until, ${retryAt})
     WHERE id = ${runId} AND status = 'claimed'::"DigestRunStatus" AND claimed_by = ${instanceId}`;
  return n > 0;
}
