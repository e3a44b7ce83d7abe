import type { PrismaClient } from "../data/client.js";
import {
  createSurvey,
  type DeliverOptions,
  type DeliveryReport,
  deliverSurvey,
  type SurveyDraft,
  type SurveyOutbox,
} from "./send-survey.js";

// A person sends a survey from a form: it is recorded first, and the form is answered once it
// is (`recorded`), then it goes out. The same form submitted twice is recorded and sent once.

export type SentByHand =
  | { status: "unknown_subject" }
  | { status: "duplicate" }
  | { status: "sent"; report: DeliveryReport }
  /** Sending stopped part-way: whoever it reached has it. */
  | { status: "stopped"; error: unknown };

/** A failure to record throws (nothing was recorded or sent); a failure to send is returned. */
export async function sendSurveyByHand(
  db: PrismaClient,
  draft: SurveyDraft,
  outbox: SurveyOutbox,
  opts: DeliverOptions,
  now: Date,
  recorded: () => Promise<void>,
): Promise<SentByHand> {
  const created = await createSurvey(db, draft, now);
  if (created.status === "unknown_subject") return created;
  await recorded();
  if (created.status === "duplicate") return created;
  try {
    return {
      status: "sent",
      report: await deliverSurvey(db, created.survey, draft.audience, outbox, opts, now),
    };
  } catch (error) {
    return { status: "stopped", error };
  }
}
