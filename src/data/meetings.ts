import type { MeetingSettings, ScheduledMeeting } from "../domain/meetings.js";
import type { PrismaClient } from "../generated/prisma/client.js";
import { recordAuditEvent } from "./audit.js";
import type { DbClient } from "./client.js";
import { isUniqueViolation } from "./errors.js";
import { sameName } from "./text-match.js";

// Meetings: read by the scheduler and by follow-ups (whether one still exists), and managed by
// admins (add/edit/pause/remove, below).

/** The columns a ScheduledMeeting holds. */
export const meetingSelect = {
  id: true,
  workspaceId: true,
  name: true,
  channelId: true,
  schedule: true,
  timezone: true,
  leadMinutes: true,
  segmentIds: true,
  locale: true,
  periodDays: true,
  paused: true,
  createdAt: true,
} as const;

/** Every meeting of every workspace, paused ones too (the scheduler records their skipped occurrences). */
export async function listScheduledMeetings(db: DbClient): Promise<ScheduledMeeting[]> {
  return db.meeting.findMany({ select: meetingSelect, orderBy: [{ createdAt: "asc" }, { id: "asc" }] });
}

export async function findScheduledMeeting(
  db: DbClient,
  workspaceId: string,
  meetingId: string,
): Promise<ScheduledMeeting | null> {
  return db.meeting.findFirst({ where: { id: meetingId, workspaceId }, select: meetingSelect });
}

/** The meeting's id if the workspace still has that meeting; null otherwise. */
export async function existingMeetingId(
  db: DbClient,
  workspaceId: string,
  id: string,
): Promise<string | null> {
  const found = await db.meeting.findFirst({ where: { id, workspaceId }, select: { id: true } });
  return found?.id ?? null;
}

// ---------------------------------------------------------------------------------------------
// Admins managing leadership meetings (`/cx meetings`). Every change and its audit event are
// written in one transaction. Names are unique per workspace regardless of case, because
// `/cx digest preview <name>` finds a meeting case-insensitively.

const select = meetingSelect;

export type SaveMeetingResult =
  | { status: "saved"; meeting: ScheduledMeeting }
  | { status: "duplicate_name"; name: string }
  | { status: "not_found" };

export type ChangeMeetingResult =
  | { status: "changed"; meeting: ScheduledMeeting }
  | { status: "unchanged"; meeting: ScheduledMeeting }
  | { status: "not_found" };

const SETTINGS: readonly (keyof MeetingSettings)[] = [
  "name",
  "channelId",
  "schedule",
  "timezone",
  "leadMinutes",
  "segmentIds",
  "locale",
  "periodDays",
];

const TX = { maxWait: 10_000, timeout: 20_000 } as const;

/** A workspace's meetings, by name. */
export async function listMeetings(db: DbClient, workspaceId: string): Promise<ScheduledMeeting[]> {
  return db.meeting.findMany({ where: { workspaceId }, select, orderBy: [{ name: "asc" }, { id: "asc" }] });
}

export async function findMeeting(
  db: DbClient,
  workspaceId: string,
  meetingId: string,
): Promise<ScheduledMeeting | null> {
  return db.meeting.findFirst({ where: { id: meetingId, workspaceId }, select });
}

async function nameTaken(db: DbClient, workspaceId: string, name: string, exceptId?: string) {
  return db.meeting.findFirst({
    where: {
      workspaceId,
      name: sameName(name),
      ...(exceptId ? { id: { not: exceptId } } : {}),
    },
    select: { id: true, name: true },
  });
}

/** The meeting an earlier copy of the same submission added (a retry or a second click on Save). */
async function addedBy(db: DbClient, workspaceId: string, submissionId: string, meetingId: string) {
  const event = await db.auditEvent.findFirst({
    where: { workspaceId, action: "meeting.added", subjectType: "meeting", subjectId: meetingId },
    select: { data: true },
  });
  const data = event?.data as { submissionId?: unknown } | null | undefined;
  return data?.submissionId === submissionId ? findMeeting(db, workspaceId, meetingId) : null;
}

/**
 * `now` is the app's clock: the scheduler compares createdAt with that clock, not the database's.
 * `submissionId` (the modal's view id) makes a repeated submission a no-op instead of a
 * "name taken" error about the meeting it just added.
 */
export async function createMeeting(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; settings: MeetingSettings; now: Date; submissionId: string },
): Promise<SaveMeetingResult> {
  const again = async () => {
    const taken = await db.meeting.findFirst({
      where: { workspaceId: req.workspaceId, name: sameName(req.settings.name) },
      select: { id: true },
    });
    return taken ? addedBy(db, req.workspaceId, req.submissionId, taken.id) : null;
  };
  try {
    return await db.$transaction(async (tx) => {
      const taken = await nameTaken(tx, req.workspaceId, req.settings.name);
      if (taken) {
        const same = await addedBy(tx, req.workspaceId, req.submissionId, taken.id);
        if (same) return { status: "saved" as const, meeting: same };
        return { status: "duplicate_name" as const, name: taken.name };
      }
      const meeting = await tx.meeting.create({
        data: { workspaceId: req.workspaceId, ...req.settings, createdAt: req.now },
        select,
      });
      await recordAuditEvent(tx, {
        workspaceId: req.workspaceId,
        actor: req.actor,
        action: "meeting.added",
        subjectType: "meeting",
        subjectId: meeting.id,
        data: { ...req.settings, submissionId: req.submissionId },
      });
      return { status: "saved" as const, meeting };
    }, TX);
  } catch (error) {
    // Two copies of one submission, or two admins adding the same name, at once: the unique
    // index decides which one stored it.
    if (isUniqueViolation(error)) {
      const same = await again();
      return same
        ? { status: "saved", meeting: same }
        : { status: "duplicate_name", name: req.settings.name };
    }
    throw error;
  }
}

export async function updateMeeting(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; meetingId: string; settings: MeetingSettings; now: Date },
): Promise<SaveMeetingResult> {
  try {
    return await db.$transaction(async (tx) => {
      const before = await findMeeting(tx, req.workspaceId, req.meetingId);
      if (!before) return { status: "not_found" as const };
      const taken = await nameTaken(tx, req.workspaceId, req.settings.name, req.meetingId);
      if (taken) return { status: "duplicate_name" as const, name: taken.name };
      const changed = SETTINGS.filter(
        (k) => JSON.stringify(before[k]) !== JSON.stringify(req.settings[k]),
      ) as (keyof MeetingSettings)[];
      // The scheduler never looks before a meeting's createdAt. A new schedule starts now: without
      // this, the new schedule's occurrences from the past days would surface as "missed" digests.
      const newSchedule = changed.includes("schedule") || changed.includes("timezone");
      const meeting = await tx.meeting.update({
        where: { id: before.id },
        data: { ...req.settings, ...(newSchedule ? { createdAt: req.now } : {}) },
        select,
      });
      if (changed.length > 0) {
        await recordAuditEvent(tx, {
          workspaceId: req.workspaceId,
          actor: req.actor,
          action: "meeting.updated",
          subjectType: "meeting",
          subjectId: meeting.id,
          data: {
            before: Object.fromEntries(changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(changed.map((k) => [k, req.settings[k]])),
          },
        });
      }
      return { status: "saved" as const, meeting };
    }, TX);
  } catch (error) {
    if (isUniqueViolation(error)) return { status: "duplicate_name", name: req.settings.name };
    throw error;
  }
}

export async function setMeetingPaused(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; meetingId: string; paused: boolean },
): Promise<ChangeMeetingResult> {
  return db.$transaction(async (tx) => {
    const before = await findMeeting(tx, req.workspaceId, req.meetingId);
    if (!before) return { status: "not_found" as const };
    if (before.paused === req.paused) return { status: "unchanged" as const, meeting: before };
    const meeting = await tx.meeting.update({
      where: { id: before.id },
      data: { paused: req.paused },
      select,
    });
    await recordAuditEvent(tx, {
      workspaceId: req.workspaceId,
      actor: req.actor,
      action: req.paused ? "meeting.paused" : "meeting.resumed",
      subjectType: "meeting",
      subjectId: meeting.id,
      data: { name: meeting.name },
    });
    return { status: "changed" as const, meeting };
  }, TX);
}

/** Removes a meeting and its digest history; the audit event keeps what it was. */
export async function removeMeeting(
  db: PrismaClient,
  req: { workspaceId: string; actor: string; meetingId: string },
): Promise<{ status: "removed"; meeting: ScheduledMeeting } | { status: "not_found" }> {
  return db.$transaction(async (tx) => {
    const before = await findMeeting(tx, req.workspaceId, req.meetingId);
    if (!before) return { status: "not_found" as const };
    await tx.meeting.delete({ where: { id: before.id } });
    const { id: _id, workspaceId: _ws, createdAt, ...rest } = before;
    await recordAuditEvent(tx, {
      workspaceId: req.workspaceId,
      actor: req.actor,
      action: "meeting.removed",
      subjectType: "meeting",
      subjectId: before.id,
      data: { ...rest, createdAt: createdAt.toISOString() },
    });
    return { status: "removed" as const, meeting: before };
  }, TX);
}
