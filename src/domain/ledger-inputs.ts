import type { MovementType } from "./ledger-rules.js";
import type { Money } from "./money.js";
import type { SurveyKind } from "./scores.js";

// What every source (CSV, Slack, the HTTP API, Stripe, the demo) hands the ledger and the
// answers store, already validated: the one shape the write paths accept.

/** What a movement says, before the write path's keys and provenance are added. */
export interface MovementFacts {
  customerExternalId: string;
  customerName: string | null;
  segment: string;
  type: MovementType;
  occurredAt: Date;
  value: Money;
  currency: string;
  reasonCode: string | null;
  note: string | null;
}

export interface MovementInput extends MovementFacts {
  idempotencyKey: string;
  contentHash: string;
  source: "slack" | "csv" | "api" | "stripe" | "demo" | "cli";
  recordedBy: string | null;
}

export interface ResponseInput {
  idempotencyKey: string;
  contentHash: string;
  kind: SurveyKind;
  score: number;
  respondedAt: Date;
  customerExternalId: string | null;
  segment: string | null;
  touchpoint: string | null;
  comment: string | null;
  source: "slack" | "csv" | "api" | "stripe" | "demo" | "cli";
  respondentSlackId: string | null;
  surveyId: string | null;
}
