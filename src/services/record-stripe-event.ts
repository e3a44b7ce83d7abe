import { createHash } from "node:crypto";
import { recordAuditEvent } from "../data/audit.js";
import type { PrismaClient } from "../data/client.js";
import { findCustomersByExternalId } from "../data/customers.js";
import { loadTimelines } from "../data/ledger.js";
import type { Runner } from "../data/sql.js";
import { findWebhookEvent, insertWebhookEvent } from "../data/webhook-events.js";
import type { MovementInput } from "../domain/ledger-inputs.js";
import type { MovementType } from "../domain/ledger-rules.js";
import type { Money } from "../domain/money.js";
import { planStripeEvent, type StripeEvent, type StripeMovement } from "../domain/stripe-mapping.js";
import { recordMovements } from "./record-movements.js";

// Records one verified Stripe event: the handled-event row and the movement it means are written
// in one transaction, so an event is either fully recorded or not at all, and the unique index on
// the handled-event row makes redeliveries (even concurrent ones) store once. A refusal stores
// nothing, so Stripe's retries (for up to three days) can succeed once the cause is gone, e.g. an
// event that could not apply until an earlier one arrived.

export const STRIPE_PROVIDER = "stripe";

export interface StripeEventContext {
  workspaceId: string;
  reportingCurrency: string;
  defaultSegment: string;
  /** Now (default: the wall clock); a movement dated more than a day after it is refused. */
  now?: Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

export type StripeEventResult =
  | {
      status: "handled";
      outcome: "recorded" | "ignored" | "skipped";
      detail: string;
      movement?: { type: MovementType; value: Money; customer: string; occurredAt: Date };
    }
  | { status: "duplicate"; outcome: string; detail: string | null }
  /** invalid: the payload is not what the event type promises; unsupported: a subscription the
   * ledger cannot take (another currency, tiered price); conflict: the ledger rules refuse it now. */
  | { status: "invalid" | "unsupported" | "conflict"; message: string };

class Refused extends Error {
  constructor(
    readonly status: "unsupported" | "conflict",
    message: string,
  ) {
    super(message);
  }
}

export async function recordStripeEvent(
  db: PrismaClient,
  ctx: StripeEventContext,
  event: StripeEvent,
): Promise<StripeEventResult> {
  const key = { workspaceId: ctx.workspaceId, provider: STRIPE_PROVIDER, eventId: event.id };
  const duplicate = async (): Promise<StripeEventResult | null> => {
    const stored = await findWebhookEvent(db, key);
    return stored ? { status: "duplicate", outcome: stored.outcome, detail: stored.detail } : null;
  };
  const known = await duplicate();
  if (known) return known;

  const plan = planStripeEvent(event, ctx);
  if (plan.outcome === "refused") {
    return { status: plan.kind === "invalid" ? "invalid" : "unsupported", message: plan.message };
  }
  // As the import and the API refuse: a movement in the year 3000 would sit in every later period.
  const latest = (ctx.now ?? new Date()).getTime() + DAY_MS;
  if (plan.outcome === "recorded" && plan.movement.occurredAt.getTime() > latest) {
    return {
      status: "invalid",
      message: `the movement's date ${plan.movement.occurredAt.toISOString()} is in the future`,
    };
  }

  try {
    return await db.$transaction(
      async (tx) => {
        // First, so that a concurrent delivery of the same event waits here and then fails on
        // the unique index, rather than racing through the ledger.
        await insertWebhookEvent(tx, {
          ...key,
          type: event.type,
          outcome: plan.outcome,
          detail: plan.detail,
        });
        if (plan.outcome !== "recorded")
          return { status: "handled", outcome: plan.outcome, detail: plan.detail };
        const movement = await withReactivation(tx, ctx.workspaceId, plan.movement);
        const input = toInput(event.id, movement);
        const result = await recordMovements(
          tx,
          { workspaceId: ctx.workspaceId, reportingCurrency: ctx.reportingCurrency },
          [input],
        );
        const outcome = result.outcomes[0];
        if (outcome?.status === "rejected") {
          // A rule refusal (type) may pass once other events arrive; a reason or currency will not.
          throw new Refused(
            outcome.column === "type" ? "conflict" : "unsupported",
            `${outcome.column === "type" ? "the ledger refused it" : outcome.column}: ${outcome.message}`,
          );
        }
        if (outcome?.status === "inserted") {
          await recordAuditEvent(tx, {
            workspaceId: ctx.workspaceId,
            actor: STRIPE_PROVIDER,
            action: "stripe.movements.recorded",
            subjectType: "customer_movement",
            subjectId: input.idempotencyKey,
            data: {
              eventId: event.id,
              eventType: event.type,
              inserted: 1,
              type: input.type,
              customer: input.customerExternalId,
              value: input.value,
              createdSegments: result.createdSegments,
            },
          });
        }
        return {
          status: "handled",
          outcome: "recorded",
          detail: plan.detail,
          movement: {
            type: input.type,
            value: input.value,
            customer: input.customerExternalId,
            occurredAt: input.occurredAt,
          },
        };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  } catch (error) {
    // Lost the race to a concurrent delivery of the same event: it is stored now.
    const won = await duplicate();
    if (won) return won;
    if (error instanceof Refused) return { status: error.status, message: error.message };
    throw error;
  }
}

/**
 * A new subscription for a customer the ledger had lost by then is a reactivation, not a second
 * gain. Judged at the subscription's start, so an old "created" delivered late stays a gain.
 */
async function withReactivation(db: Runner, workspaceId: string, m: StripeMovement): Promise<StripeMovement> {
  if (m.type !== "gained") return m;
  const customer = (await findCustomersByExternalId(db, workspaceId, [m.customerExternalId])).get(
    m.customerExternalId,
  );
  if (!customer) return m;
  const before = (await loadTimelines(db, [customer.id])).filter((e) => e.occurredAt < m.occurredAt);
  return before.at(-1)?.statusAfter === "lost" ? { ...m, type: "reactivated" } : m;
}

function toInput(eventId: string, m: StripeMovement): MovementInput {
  const content = JSON.stringify([
    m.customerExternalId,
    m.customerName,
    m.segment,
    m.type,
    m.occurredAt.toISOString(),
    m.value,
    m.currency,
    m.reasonCode,
    m.note,
  ]);
  return {
    ...m,
    idempotencyKey: `stripe:${eventId}`,
    contentHash: createHash("sha256").update(content).digest("hex"),
    source: "stripe",
    recordedBy: STRIPE_PROVIDER,
  };
}
