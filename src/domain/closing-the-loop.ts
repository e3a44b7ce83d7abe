import type { SurveyKind } from "./scores.js";

// Closing the loop: answers that say a customer is at risk go to a person who can act on them.
// NPS detractors (0–6) and CSAT 1–2 ("dissatisfied") qualify; CES has no agreed threshold, so it
// raises nothing on its own.

export function raisesAlert(kind: SurveyKind, score: number): boolean {
  if (kind === "nps") return score >= 0 && score <= 6;
  if (kind === "csat") return score >= 1 && score <= 2;
  return false;
}

export type AlertDestination =
  | { kind: "dm"; userId: string; role: "owner" | "sender" }
  | { kind: "channel"; channelId: string };

/**
 * Where an alert goes, best first: the customer's owner, who can act; the configured alert
 * channel; the person who sent the survey, so that it never goes nowhere. The caller tries the
 * next one when Slack refuses a destination.
 */
export function alertDestinations(opts: {
  ownerSlackUserId: string | null;
  alertChannel: string | undefined;
  surveySender: string | null;
}): AlertDestination[] {
  const out: AlertDestination[] = [];
  if (opts.ownerSlackUserId) out.push({ kind: "dm", userId: opts.ownerSlackUserId, role: "owner" });
  if (opts.alertChannel) out.push({ kind: "channel", channelId: opts.alertChannel });
  if (opts.surveySender && opts.surveySender !== opts.ownerSlackUserId)
    out.push({ kind: "dm", userId: opts.surveySender, role: "sender" });
  return out;
}

export type AlertStatus = "open" | "acknowledged" | "actioned";

/** An alert with what its message shows: its state, the answer that raised it, the customer. */
export interface AlertView {
  id: string;
  status: AlertStatus;
  handledBy: string | null;
  handledAt: Date | null;
  channelId: string | null;
  messageTs: string | null;
  kind: SurveyKind;
  score: number;
  comment: string | null;
  respondentSlackId: string | null;
  touchpoint: string | null;
  question: string | null;
  surveySender: string | null;
  customer: { id: string; name: string; segmentName: string; ownerSlackUserId: string | null } | null;
}
