import type { DbClient } from "../data/client.js";
import { findCustomer } from "../data/customers.js";
import { findSegment } from "../data/taxonomy.js";
import { insertVoiceNote, type SubjectRef } from "../data/voice-notes.js";
import type { JourneyStage } from "../domain/taxonomy.js";
import type { Sentiment, VoiceSource } from "../domain/voice-notes.js";

export interface VoiceNoteInput {
  workspaceId: string;
  source: VoiceSource;
  text: string;
  stage: JourneyStage | null;
  sentiment: Sentiment | null;
  subject: { kind: "customer" | "segment"; id: string } | null;
  anonymous: boolean;
  /** Who submitted. Used only to sign a non-anonymous note; never stored for anonymous ones. */
  authorSlackId: string;
  permalink: string | null;
  /** e.g. "slack:view:<view id>": a retried submission of the same form is stored once. */
  idempotencyKey: string;
}

export type SaveVoiceNoteResult =
  | { status: "created" }
  | { status: "duplicate" }
  | { status: "unknown_subject" };

/** The customer (with its current segment) in this workspace, or null. */
async function customerSubject(db: DbClient, workspaceId: string, id: string): Promise<SubjectRef | null> {
  const customer = await findCustomer(db, workspaceId, { id });
  return customer ? { customerId: customer.id, segmentId: customer.segmentId } : null;
}

/** The segment in this workspace, or null (archived segments still count: old notes use them). */
async function segmentSubject(db: DbClient, workspaceId: string, id: string): Promise<SubjectRef | null> {
  const segment = await findSegment(db, workspaceId, { id }, { archived: true });
  return segment ? { customerId: null, segmentId: segment.id } : null;
}

/** Stores a voice note. A customer subject also records the customer's segment, for the digest. */
export async function saveVoiceNote(
  db: DbClient,
  input: VoiceNoteInput,
  now: Date,
): Promise<SaveVoiceNoteResult> {
  let subject: SubjectRef | null = null;
  if (input.subject) {
    subject =
      input.subject.kind === "customer"
        ? await customerSubject(db, input.workspaceId, input.subject.id)
        : await segmentSubject(db, input.workspaceId, input.subject.id);
    if (!subject) return { status: "unknown_subject" };
  }
  const created = await insertVoiceNote(db, {
    workspaceId: input.workspaceId,
    source: input.source,
    text: input.text,
    stage: input.stage,
    sentiment: input.sentiment,
    customerId: subject?.customerId ?? null,
    segmentId: subject?.segmentId ?? null,
    // Anonymous means no identity stored anywhere, hashed or not.
    authorSlackId: input.anonymous ? null : input.authorSlackId,
    anonymous: input.anonymous,
    permalink: input.permalink,
    idempotencyKey: input.idempotencyKey,
    createdAt: now,
  });
  return { status: created ? "created" : "duplicate" };
}
