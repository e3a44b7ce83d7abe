import type { DbClient } from "../data/client.js";
import { findVoiceNote, recordAudit, updateNoteStatus } from "../data/voice-notes.js";
import type { NoteStatus } from "../domain/voice-notes.js";

export type TriageStatus = "discussed" | "actioned";

/**
 * Which statuses a note may come from to reach `to`. Triage only moves forward: an actioned note
 * is not "un-actioned" by a late "discussed" click, and actioning twice tells its author once.
 */
export function triageSources(to: TriageStatus): NoteStatus[] {
  return to === "discussed" ? ["open"] : ["open", "discussed"];
}

export type TriageResult =
  | {
      status: "changed";
      to: TriageStatus;
      text: string;
      /** The author to tell, when the note was actioned and is signed; null otherwise. */
      notifyAuthor: string | null;
    }
  | { status: "unchanged"; current: NoteStatus }
  | { status: "not_found" };

/** Marks a note discussed or actioned. The caller has checked the person may triage. */
export async function triageVoiceNote(
  db: DbClient,
  input: { workspaceId: string; noteId: string; to: TriageStatus; by: string },
  now: Date,
): Promise<TriageResult> {
  const note = await findVoiceNote(db, input.workspaceId, input.noteId);
  if (!note) return { status: "not_found" };
  const changed = await updateNoteStatus(db, {
    workspaceId: input.workspaceId,
    id: input.noteId,
    from: triageSources(input.to),
    to: input.to,
    by: input.by,
    at: now,
  });
  if (!changed) {
    const current = (await findVoiceNote(db, input.workspaceId, input.noteId))?.status ?? note.status;
    return { status: "unchanged", current };
  }
  await recordAudit(db, {
    workspaceId: input.workspaceId,
    actor: input.by,
    action: `voice_note.${input.to}`,
    subjectType: "voice_note",
    subjectId: input.noteId,
    at: now,
  });
  return {
    status: "changed",
    to: input.to,
    text: note.text,
    notifyAuthor: input.to === "actioned" && !note.anonymous ? note.authorSlackId : null,
  };
}
