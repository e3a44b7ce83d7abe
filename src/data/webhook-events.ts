import type { DbClient } from "./client.js";

// Webhook deliveries already handled, one row per provider event. The unique index on
// (workspace, provider, event id) is what makes a redelivery, or two concurrent deliveries of one
// event, store once: the row is written in the transaction that records the event's movement.

export type WebhookOutcome = "recorded" | "ignored" | "skipped";

export interface WebhookEventRow {
  workspaceId: string;
  provider: string;
  eventId: string;
  type: string;
  outcome: WebhookOutcome;
  detail: string | null;
}

export async function findWebhookEvent(
  db: DbClient,
  key: { workspaceId: string; provider: string; eventId: string },
): Promise<{ outcome: string; detail: string | null; receivedAt: Date } | null> {
  return db.webhookEvent.findUnique({
    where: { workspaceId_provider_eventId: key },
    select: { outcome: true, detail: true, receivedAt: true },
  });
}

/** Inserts the row; fails on the unique index when the event is stored already (or being stored). */
export async function insertWebhookEvent(db: DbClient, row: WebhookEventRow): Promise<void> {
  await db.webhookEvent.create({ data: row });
}

/** When the oldest event of this provider was received, ignoring ids starting with `exceptPrefix`. */
export async function findOldestWebhookEventTime(
  db: DbClient,
  workspaceId: string,
  provider: string,
  exceptPrefix: string,
): Promise<Date | null> {
  const row = await db.webhookEvent.findFirst({
    where: { workspaceId, provider, NOT: { eventId: { startsWith: exceptPrefix } } },
    orderBy: { receivedAt: "asc" },
    select: { receivedAt: true },
  });
  return row?.receivedAt ?? null;
}
