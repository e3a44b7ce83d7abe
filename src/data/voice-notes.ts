import type { JourneyStage } from "../domain/taxonomy.js";
import type { ThemeText } from "../domain/themes.js";
import type { NoteStatus, Sentiment, VoiceSource } from "../domain/voice-notes.js";
import type { DbClient } from "./client.js";

// Data access for voice notes (VoE / VoP / VoC). The services decide what is stored; this file
// only knows how.

export interface NewVoiceNote {
  workspaceId: string;
  source: VoiceSource;
  text: string;
  stage: JourneyStage | null;
  sentiment: Sentiment | null;
  customerId: string | null;
  segmentId: string | null;
  /** Null for anonymous notes: the service never hands an identity down for those. */
  authorSlackId: string | null;
  anonymous: boolean;
  permalink: string | null;
  idempotencyKey: string;
  createdAt: Date;
}

/** Inserts the note unless one with the same idempotency key exists; true when it was new. */
export async function insertVoiceNote(db: DbClient, note: NewVoiceNote): Promise<boolean> {
  // createMany + skipDuplicates is ON CONFLICT DO NOTHING: a retried submission racing the first
  // one cannot raise a unique violation.
  const { count } = await db.voiceNote.createMany({ data: [note], skipDuplicates: true });
  return count === 1;
}

export interface SubjectRef {
  customerId: string | null;
  segmentId: string;
}

export interface NoteSummary {
  id: string;
  source: VoiceSource;
  text: string;
  stage: JourneyStage | null;
  sentiment: Sentiment | null;
  status: NoteStatus;
  anonymous: boolean;
  authorSlackId: string | null;
  createdAt: Date;
  subjectName: string | null;
}

const summarySelect = {
  id: true,
  source: true,
  text: true,
  stage: true,
  sentiment: true,
  status: true,
  anonymous: true,
  authorSlackId: true,
  createdAt: true,
  customer: { select: { name: true } },
  segment: { select: { name: true } },
} as const;

type SummaryRow = {
  customer: { name: string } | null;
  segment: { name: string } | null;
} & Omit<NoteSummary, "subjectName">;

const toSummary = ({ customer, segment, ...r }: SummaryRow): NoteSummary => ({
  ...r,
  subjectName: customer?.name ?? segment?.name ?? null,
});

export async function findVoiceNote(
  db: DbClient,
  workspaceId: string,
  id: string,
): Promise<NoteSummary | null> {
  const row = await db.voiceNote.findFirst({ where: { id, workspaceId }, select: summarySelect });
  return row ? toSummary(row) : null;
}

/** The latest notes a person signed (anonymous notes are linked to nobody, so never listed). */
export async function listNotesByAuthor(
  db: DbClient,
  workspaceId: string,
  authorSlackId: string,
  limit: number,
): Promise<NoteSummary[]> {
  const rows = await db.voiceNote.findMany({
    where: { workspaceId, authorSlackId },
    select: summarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map(toSummary);
}

/** The latest notes nobody has triaged yet. */
export async function listOpenNotes(
  db: DbClient,
  workspaceId: string,
  limit: number,
): Promise<NoteSummary[]> {
  const rows = await db.voiceNote.findMany({
    where: { workspaceId, status: "open" },
    select: summarySelect,
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: limit,
  });
  return rows.map(toSummary);
}

/**
 * Moves a note to `to` only if it is currently in one of `from`. The condition sits in the UPDATE
 * itself, so two executives clicking at once change it (and notify its author) once.
 */
export async function updateNoteStatus(
  db: DbClient,
  input: { workspaceId: string; id: string; from: NoteStatus[]; to: NoteStatus; by: string; at: Date },
): Promise<boolean> {
  const { count } = await db.voiceNote.updateMany({
    where: { id: input.id, workspaceId: input.workspaceId, status: { in: input.from } },
    data: { status: input.to, statusBy: input.by, statusAt: input.at },
  });
  return count === 1;
}

export async function recordAudit(
  db: DbClient,
  event: {
    workspaceId: string;
    actor: string;
    action: string;
    subjectType: string;
    subjectId: string;
    at: Date;
  },
): Promise<void> {
  await db.auditEvent.create({
    data: {
      workspaceId: event.workspaceId,
      actor: event.actor,
      action: event.action,
      subjectType: event.subjectType,
      subjectId: event.subjectId,
      createdAt: event.at,
    },
  });
}

/** The voice notes (VoE, VoP, VoC) written in [from, to), as theme texts. */
export async function listVoiceNoteTexts(
  db: DbClient,
  workspaceId: string,
  from: Date,
  to: Date,
): Promise<ThemeText[]> {
  const rows = await db.voiceNote.findMany({
    where: { workspaceId, createdAt: { gte: from, lt: to } },
    select: { text: true, segmentId: true, anonymous: true, authorSlackId: true },
  });
  return rows.map((r) => ({
    text: r.text,
    anonymous: r.anonymous || r.authorSlackId === null,
    author: r.anonymous ? null : r.authorSlackId,
    segmentId: r.segmentId,
  }));
}
