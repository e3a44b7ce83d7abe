import { type ForgetCounts, SLACK_USER_ID } from "../domain/forgetting.js";
import type { DbClient, PrismaClient } from "./client.js";

// Everything the schema stores about one Slack user in one workspace, and how forgetting them
// treats each column. The rule: what the person *said* or *was asked* goes; what records a
// customer (the ledger, a customer's surveys, a meeting's decisions) stays, with the person's id
// replaced, because the ledger is about customers, not about who typed it in.
//
//   deleted   survey_response (respondent_slack_id; anonymous answers store no identity and
//             cannot be found, so they stay), alert (raised by those answers), voice_note
//             (author_slack_id; anonymous notes likewise stay), follow_up about one of those
//             notes (its title quotes the note), survey_delivery (recipient_slack_id: who was
//             asked, pending or not), customer_contact (slack_user_id).
//   cleared   columns that route messages to someone: customer.owner_slack_user_id (alerts then
//             go to the alert channel), follow_up.owner_slack_id, survey.created_by_slack_user,
//             and the person inside survey / survey_campaign audiences (never asked again).
//   replaced  columns that say who did something, kept for the audit trail, become "forgotten":
//             customer_movement.recorded_by, voice_note.status_by, alert.handled_by,
//             follow_up.created_by / closed_by, customer_contact.added_by,
//             survey_campaign.created_by, api_token.created_by, audit_event.actor /
//             subject_id, and the id wherever it appears as a JSON string in audit_event.data.
//   left      slack_installation: the installer's id lives in the encrypted installation the app
//             needs to run; it goes when the app is reinstalled or uninstalled. Free text (notes
//             by others, follow-up titles, comments) that names the person is not searched.

export const FORGOTTEN = "forgotten";

/** Applies the rules above inside `tx` and counts what each statement touched. */
export async function erasePersonData(
  tx: DbClient,
  workspaceId: string,
  userId: string,
): Promise<ForgetCounts> {
  if (!SLACK_USER_ID.test(userId)) throw new Error(`not a Slack user id: ${userId}`);
  const ws = { workspaceId };
  const notes = await tx.voiceNote.findMany({
    where: { ...ws, authorSlackId: userId },
    select: { id: true },
  });
  const noteIds = notes.map((n) => n.id);
  const posted = [
    ...(await tx.alert.findMany({
      where: {
        ...ws,
        response: { respondentSlackId: userId },
        channelId: { not: null },
        messageTs: { not: null },
      },
      select: { channelId: true, messageTs: true },
    })),
    ...(await tx.surveyDelivery.findMany({
      where: { ...ws, recipientSlackId: userId, channelId: { not: null }, messageTs: { not: null } },
      select: { channelId: true, messageTs: true },
    })),
  ];
  const slackMessages = posted.flatMap((m) =>
    m.channelId && m.messageTs ? [{ channelId: m.channelId, messageTs: m.messageTs }] : [],
  );

  const deleted: ForgetCounts["deleted"] = {
    follow_up: noteIds.length
      ? (await tx.followUp.deleteMany({ where: { ...ws, subjectType: "note", subjectId: { in: noteIds } } }))
          .count
      : 0,
    voice_note: (await tx.voiceNote.deleteMany({ where: { ...ws, authorSlackId: userId } })).count,
    alert: (await tx.alert.deleteMany({ where: { ...ws, response: { respondentSlackId: userId } } })).count,
    survey_response: (await tx.surveyResponse.deleteMany({ where: { ...ws, respondentSlackId: userId } }))
      .count,
    survey_delivery: (await tx.surveyDelivery.deleteMany({ where: { ...ws, recipientSlackId: userId } }))
      .count,
    customer_contact: (await tx.customerContact.deleteMany({ where: { ...ws, slackUserId: userId } })).count,
  };

  const p: Record<string, number> = {};
  p["customer.owner_slack_user_id"] = (
    await tx.customer.updateMany({
      where: { ...ws, ownerSlackUserId: userId },
      data: { ownerSlackUserId: null },
    })
  ).count;
  p["follow_up.owner_slack_id"] = (
    await tx.followUp.updateMany({ where: { ...ws, ownerSlackId: userId }, data: { ownerSlackId: null } })
  ).count;
  p["follow_up.created_by"] = (
    await tx.followUp.updateMany({ where: { ...ws, createdBy: userId }, data: { createdBy: FORGOTTEN } })
  ).count;
  p["follow_up.closed_by"] = (
    await tx.followUp.updateMany({ where: { ...ws, closedBy: userId }, data: { closedBy: FORGOTTEN } })
  ).count;
  p["survey.created_by_slack_user"] = (
    await tx.survey.updateMany({
      where: { ...ws, createdBySlackUser: userId },
      data: { createdBySlackUser: null },
    })
  ).count;
  p["survey.audience"] = await tx.$executeRaw`
    UPDATE survey SET audience = jsonb_set(audience, '{users}', (audience -> 'users') - ${userId}::text)
    WHERE workspace_id = ${workspaceId} AND jsonb_typeof(audience -> 'users') = 'array'
      AND jsonb_exists(audience -> 'users', ${userId}::text)`;
  p["survey_campaign.audience"] = await tx.$executeRaw`
    UPDATE survey_campaign SET audience = jsonb_set(audience, '{users}', (audience -> 'users') - ${userId}::text)
    WHERE workspace_id = ${workspaceId} AND jsonb_typeof(audience -> 'users') = 'array'
      AND jsonb_exists(audience -> 'users', ${userId}::text)`;
  p["survey_campaign.created_by"] = (
    await tx.surveyCampaign.updateMany({
      where: { ...ws, createdBy: userId },
      data: { createdBy: FORGOTTEN },
    })
  ).count;
  p["voice_note.status_by"] = (
    await tx.voiceNote.updateMany({ where: { ...ws, statusBy: userId }, data: { statusBy: FORGOTTEN } })
  ).count;
  p["alert.handled_by"] = (
    await tx.alert.updateMany({ where: { ...ws, handledBy: userId }, data: { handledBy: FORGOTTEN } })
  ).count;
  p["customer_movement.recorded_by"] = (
    await tx.customerMovement.updateMany({
      where: { ...ws, recordedBy: userId },
      data: { recordedBy: FORGOTTEN },
    })
  ).count;
  p["customer_contact.added_by"] = (
    await tx.customerContact.updateMany({ where: { ...ws, addedBy: userId }, data: { addedBy: FORGOTTEN } })
  ).count;
  p["api_token.created_by"] = (
    await tx.apiToken.updateMany({ where: { ...ws, createdBy: userId }, data: { createdBy: FORGOTTEN } })
  ).count;
  p["audit_event.actor"] = (
    await tx.auditEvent.updateMany({ where: { ...ws, actor: userId }, data: { actor: FORGOTTEN } })
  ).count;
  p["audit_event.subject_id"] = (
    await tx.auditEvent.updateMany({ where: { ...ws, subjectId: userId }, data: { subjectId: FORGOTTEN } })
  ).count;
  // The id as a whole JSON string ("U123"), e.g. contacts added or removed; the id is checked
  // above, so it holds no LIKE wildcard or quote.
  p["audit_event.data"] = await tx.$executeRaw`
    UPDATE audit_event SET data = replace(data::text, ${`"${userId}"`}, ${`"${FORGOTTEN}"`})::jsonb
    WHERE workspace_id = ${workspaceId} AND data IS NOT NULL AND data::text LIKE ${`%"${userId}"%`}`;
  return { deleted, pseudonymised: p, slackMessages };
}

class DryRun extends Error {
  constructor(readonly counts: ForgetCounts) {
    super("dry run");
  }
}

/**
 * Runs `erase` plus `after` in one transaction. A dry run does the same work and rolls it back,
 * so the counts shown before confirming are exactly what the real run would touch.
 */
export async function inPersonTransaction(
  db: PrismaClient,
  dryRun: boolean,
  work: (tx: DbClient) => Promise<ForgetCounts>,
): Promise<ForgetCounts> {
  try {
    return await db.$transaction(
      async (tx) => {
        const counts = await work(tx);
        if (dryRun) throw new DryRun(counts);
        return counts;
      },
      { timeout: 10 * 60 * 1000, maxWait: 60_000 },
    );
  } catch (error) {
    if (error instanceof DryRun) return error.counts;
    throw error;
  }
}
