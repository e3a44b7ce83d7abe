import { randomBytes } from "node:crypto";
import type { DbClient } from "../data/client.js";
import { findCustomer } from "../data/customers.js";
import { insertDeliveries, insertSurvey, lastAskedAt, updateDelivery } from "../data/surveys.js";
import { findSegment } from "../data/taxonomy.js";
import { signNonce } from "../domain/anonymous-token.js";
import type { Locale } from "../domain/locale.js";
import type { SurveyKind } from "../domain/scores.js";
import type { Touchpoint } from "../domain/survey-questions.js";
import type { SurveyRecord } from "../domain/survey-record.js";
import { planThrottling, throttleWindowStart } from "../domain/throttling.js";

// Sending a survey: record it, turn the audience into people (or channels), spare whoever was
// asked the same kind recently, post, and report back who got it and who did not, and why.
// Slack itself is behind the SurveyOutbox port, so this use case knows no SDK.

export interface SurveyAudience {
  channels: string[];
  users: string[];
  usergroup: string | null;
  /** Channels: post in the channel, or DM each member. People and groups are always DMs. */
  mode: "channel" | "dm";
}

export interface SurveyDraft {
  /** Derived from the form that created it: the same form sent twice creates one survey. */
  id: string;
  workspaceId: string;
  kind: SurveyKind;
  question: string;
  touchpoint: Touchpoint;
  anonymous: boolean;
  subject: { kind: "customer" | "segment"; id: string } | null;
  audience: SurveyAudience;
  createdBy: string;
  /** The campaign that owes this survey (moments of truth); absent for surveys sent by hand. */
  campaignId?: string | null;
}

export type CreateSurveyResult =
  | { status: "created"; survey: SurveyRecord }
  | { status: "duplicate" }
  | { status: "unknown_subject" };

export async function createSurvey(db: DbClient, draft: SurveyDraft, now: Date): Promise<CreateSurveyResult> {
  let customerId: string | null = null;
  let segmentId: string | null = null;
  if (draft.subject?.kind === "customer") {
    const customer = await findCustomer(db, draft.workspaceId, { id: draft.subject.id });
    if (!customer) return { status: "unknown_subject" };
    customerId = customer.id;
    // Answers about a customer count for the segment the customer is in.
    segmentId = customer.segmentId;
  } else if (draft.subject?.kind === "segment") {
    if (!(await findSegment(db, draft.workspaceId, { id: draft.subject.id })))
      return { status: "unknown_subject" };
    segmentId = draft.subject.id;
  }
  const inserted = await insertSurvey(db, {
    id: draft.id,
    workspaceId: draft.workspaceId,
    kind: draft.kind,
    question: draft.question,
    touchpoint: draft.touchpoint,
    audience: { ...draft.audience, anonymous: draft.anonymous },
    anonymous: draft.anonymous,
    customerId,
    segmentId,
    createdBySlackUser: draft.createdBy,
    createdAt: now,
    campaignId: draft.campaignId ?? null,
  });
  if (!inserted) return { status: "duplicate" };
  return {
    status: "created",
    survey: {
      id: draft.id,
      workspaceId: draft.workspaceId,
      kind: draft.kind,
      question: draft.question,
      touchpoint: draft.touchpoint,
      anonymous: draft.anonymous,
      customerId,
      segmentId,
      createdBySlackUser: draft.createdBy,
      closedAt: null,
    },
  };
}

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: string };

export interface OutgoingSurvey {
  survey: SurveyRecord;
  locale: Locale;
  mode: "dm" | "channel";
  /** Anonymous surveys: the delivery's signed nonce, carried only by the message's buttons. */
  anonymous: { nonce: string; signature: string } | null;
}

/** What sending needs from Slack. */
export interface SurveyOutbox {
  /** Human members of a channel (bots left out). */
  channelMembers(channelId: string): Promise<Outcome<string[]>>;
  usergroupMembers(usergroupId: string): Promise<Outcome<string[]>>;
  localeOf(userId: string): Promise<Locale>;
  post(
    to: { kind: "dm"; userId: string } | { kind: "channel"; channelId: string },
    message: OutgoingSurvey,
  ): Promise<Outcome<{ channelId: string; ts: string }>>;
}

export type RecipientKind = "person" | "channel" | "usergroup";

export interface DeliveryReport {
  surveyId: string;
  kind: SurveyKind;
  sent: Array<{ recipient: string; kind: RecipientKind }>;
  throttled: Array<{ recipient: string; kind: RecipientKind; lastAskedAt: Date; nextAllowedAt: Date }>;
  failed: Array<{ recipient: string; kind: RecipientKind; error: string }>;
}

export interface DeliverOptions {
  throttleDays: number;
  /** Language of channel posts, and of people whose language is unknown. */
  defaultLocale: Locale;
  /** Key that signs anonymous nonces. */
  anonymousSecret: string;
  /** How many messages are posted at once. */
  concurrency?: number;
}

export async function deliverSurvey(
  db: DbClient,
  survey: SurveyRecord,
  audience: SurveyAudience,
  outbox: SurveyOutbox,
  opts: DeliverOptions,
  now: Date,
): Promise<DeliveryReport> {
  const report: DeliveryReport = {
    surveyId: survey.id,
    kind: survey.kind,
    sent: [],
    throttled: [],
    failed: [],
  };

  // Anonymous surveys are always DMs: a channel message cannot tell two anonymous people apart
  // without storing who they are.
  const postInChannels = audience.mode === "channel" && !survey.anonymous;
  const channelTargets = postInChannels ? [...new Set(audience.channels)] : [];
  const people = new Set(audience.users);
  if (!postInChannels) {
    for (const channel of new Set(audience.channels)) {
      const members = await outbox.channelMembers(channel);
      if (members.ok) for (const m of members.value) people.add(m);
      else report.failed.push({ recipient: channel, kind: "channel", error: members.error });
    }
  }
  if (audience.usergroup) {
    const members = await outbox.usergroupMembers(audience.usergroup);
    if (members.ok) for (const m of members.value) people.add(m);
    else report.failed.push({ recipient: audience.usergroup, kind: "usergroup", error: members.error });
  }

  const kindOf = new Map<string, RecipientKind>([
    ...[...people].map((p) => [p, "person"] as const),
    ...channelTargets.map((c) => [c, "channel"] as const),
  ]);
  const recipients = [...kindOf.keys()];
  const asked = await lastAskedAt(
    db,
    survey.workspaceId,
    survey.kind,
    recipients,
    throttleWindowStart(now, opts.throttleDays),
  );
  const plan = planThrottling(recipients, asked, now, opts.throttleDays);

  await insertDeliveries(db, survey, [
    ...plan.ask.map((recipient) => ({ recipient, outcome: { status: "pending" as const } })),
    ...plan.throttled.map((t) => ({
      recipient: t.recipient,
      outcome: { status: "skipped" as const, reason: `throttled: last asked ${t.lastAskedAt.toISOString()}` },
    })),
    ...report.failed.map((f) => ({
      recipient: f.recipient,
      outcome: { status: "failed" as const, reason: f.error },
    })),
  ]);
  for (const t of plan.throttled) report.throttled.push({ ...t, kind: kindOf.get(t.recipient) ?? "person" });

  const sendOne = async (recipient: string) => {
    const kind = kindOf.get(recipient) ?? "person";
    const isChannel = kind === "channel";
    const nonce = survey.anonymous ? randomBytes(16).toString("base64url") : null;
    const result = await outbox.post(
      isChannel ? { kind: "channel", channelId: recipient } : { kind: "dm", userId: recipient },
      {
        survey,
        locale: isChannel ? opts.defaultLocale : await outbox.localeOf(recipient),
        mode: isChannel ? "channel" : "dm",
        anonymous: nonce ? { nonce, signature: signNonce(survey.id, nonce, opts.anonymousSecret) } : null,
      },
    );
    if (result.ok) {
      await updateDelivery(db, survey, recipient, {
        status: "sent",
        channelId: result.value.channelId,
        messageTs: result.value.ts,
        sentAt: now,
      });
      report.sent.push({ recipient, kind });
    } else {
      await updateDelivery(db, survey, recipient, { status: "failed", reason: result.error });
      report.failed.push({ recipient, kind, error: result.error });
    }
  };
  await inPool(plan.ask, opts.concurrency ?? 4, sendOne);
  return report;
}

async function inPool<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
