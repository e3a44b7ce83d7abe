import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { createWorkspace } from "../../src/data/workspaces.js";
import { forgetPerson, personHash } from "../../src/services/forget-person.js";
import { testDatabases } from "../helpers/db.js";

// Forgetting a person: their named answers and notes go, what records customers stays with their
// id replaced, anonymous rows and other people's rows are untouched, other workspaces too.

const WHO = "UFORGET";
const OTHER = "UOTHER";

/** Everything one person leaves behind in a workspace, and a colleague's rows beside it. */
async function seed(db: Database, workspaceId: string) {
  const p = db.prisma;
  const segment = await p.segment.create({ data: { workspaceId, key: "smb", name: "SMB" } });
  const customer = await p.customer.create({
    data: { workspaceId, externalId: "c1", name: "Acme", segmentId: segment.id, ownerSlackUserId: WHO },
  });
  await p.customerMovement.create({
    data: {
      workspaceId,
      customerId: customer.id,
      segmentId: segment.id,
      type: "gained",
      occurredAt: new Date("2026-03-01T00:00:00Z"),
      value: "100.00",
      currency: "EUR",
      source: "slack",
      idempotencyKey: "slack:m1",
      contentHash: "h",
      recordedBy: WHO,
      statusAfter: "active",
      valueAfter: "100.00",
    },
  });
  const survey = await p.survey.create({
    data: {
      workspaceId,
      kind: "nps",
      question: "How likely…",
      touchpoint: "relationship",
      audience: { channels: [], users: [WHO, OTHER], usergroup: null, mode: "dm" },
      createdBySlackUser: WHO,
    },
  });
  for (const [recipient, status] of [
    [WHO, "pending"],
    [OTHER, "answered"],
  ] as const)
    await p.surveyDelivery.create({
      data: {
        workspaceId,
        surveyId: survey.id,
        kind: "nps",
        recipientSlackId: recipient,
        status,
        channelId: `D${recipient}`,
        messageTs: `1.${recipient}`,
      },
    });
  const answer = (respondentSlackId: string | null, key: string, score: number) =>
    p.surveyResponse.create({
      data: {
        workspaceId,
        surveyId: survey.id,
        kind: "nps",
        score,
        comment: `said by ${key}`,
        customerId: customer.id,
        segmentId: segment.id,
        respondentSlackId,
        respondedAt: new Date("2026-03-02T00:00:00Z"),
        source: "slack",
        idempotencyKey: key,
        contentHash: key,
      },
    });
  const mine = await answer(WHO, "r-mine", 2);
  const theirs = await answer(OTHER, "r-theirs", 1);
  await answer(null, "r-anon", 3);
  await p.alert.create({
    data: {
      workspaceId,
      responseId: mine.id,
      customerId: customer.id,
      channelId: "CALERTS",
      messageTs: "2.1",
    },
  });
  await p.alert.create({
    data: { workspaceId, responseId: theirs.id, status: "acknowledged", handledBy: WHO },
  });
  const note = (authorSlackId: string | null, key: string, statusBy: string | null = null) =>
    p.voiceNote.create({
      data: {
        workspaceId,
        source: "employee",
        text: `note ${key}`,
        authorSlackId,
        anonymous: authorSlackId === null,
        idempotencyKey: key,
        statusBy,
        status: statusBy ? "discussed" : "open",
      },
    });
  const myNote = await note(WHO, "n-mine");
  const theirNote = await note(OTHER, "n-theirs", WHO);
  await note(null, "n-anon");
  const followUp = (key: string, data: Record<string, unknown>) =>
    p.followUp.create({
      data: { workspaceId, kind: "action", title: key, createdBy: OTHER, idempotencyKey: key, ...data },
    });
  await followUp("f-about-my-note", { kind: "discussed", subjectType: "note", subjectId: myNote.id });
  await followUp("f-about-their-note", { kind: "discussed", subjectType: "note", subjectId: theirNote.id });
  await followUp("f-mine", { createdBy: WHO, ownerSlackId: WHO, closedBy: WHO, status: "done" });
  await p.customerContact.create({
    data: { workspaceId, customerId: customer.id, slackUserId: WHO, addedBy: OTHER },
  });
  await p.customerContact.create({
    data: { workspaceId, customerId: customer.id, slackUserId: OTHER, addedBy: WHO },
  });
  await p.surveyCampaign.create({
    data: {
      workspaceId,
      name: "pulse",
      kind: "nps",
      trigger: "recurring",
      touchpoint: "relationship",
      audience: { channels: [], users: [WHO], usergroup: null, mode: "dm" },
      createdBy: WHO,
    },
  });
  await p.apiToken.create({
    data: {
      workspaceId,
      name: "sync",
      prefix: `rtg_${workspaceId.slice(0, 6)}`,
      secretHash: `hash-${workspaceId}`,
      createdBy: WHO,
    },
  });
  await p.auditEvent.create({ data: { workspaceId, actor: WHO, action: "ledger.recorded" } });
  await p.auditEvent.create({
    data: {
      workspaceId,
      actor: OTHER,
      action: "customer.contacts_changed",
      data: { added: [WHO, OTHER], removed: [`${WHO}X`] },
    },
  });
  return { customer, survey, mine, theirs };
}

describe.each(testDatabases())("forgetting a person on $name", ({ open }) => {
  let db: Database;
  let ws: string;
  let elsewhere: string;
  const defaults = { reportingCurrency: "EUR", defaultLocale: "en" as const, timezone: "UTC" };
  /** Every row of the workspace as JSON: what the person's id can be searched in. */
  const snapshot = async (workspaceId: string) => {
    const p = db.prisma;
    const where = { workspaceId };
    const all = await Promise.all([
      p.customer.findMany({ where, orderBy: { id: "asc" } }),
      p.customerMovement.findMany({ where, orderBy: { id: "asc" } }),
      p.survey.findMany({ where, orderBy: { id: "asc" } }),
      p.surveyDelivery.findMany({ where, orderBy: { id: "asc" } }),
      p.surveyResponse.findMany({ where, orderBy: { id: "asc" } }),
      p.alert.findMany({ where, orderBy: { id: "asc" } }),
      p.voiceNote.findMany({ where, orderBy: { id: "asc" } }),
      p.followUp.findMany({ where, orderBy: { id: "asc" } }),
      p.customerContact.findMany({ where, orderBy: { id: "asc" } }),
      p.surveyCampaign.findMany({ where, orderBy: { id: "asc" } }),
      p.apiToken.findMany({ where, orderBy: { id: "asc" } }),
      p.auditEvent.findMany({ where, orderBy: { id: "asc" } }),
    ]);
    return JSON.stringify(all, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
  };

  beforeEach(async () => {
    db = await open();
    ws = (await createWorkspace(db.prisma, { ...defaults, name: "Here", slackTeamId: "THERE" })).id;
    elsewhere = (await createWorkspace(db.prisma, { ...defaults, name: "There", slackTeamId: "TTHERE" })).id;
    await seed(db, ws);
    await seed(db, elsewhere);
  });
  afterEach(() => db.close());

  it("counts first without changing anything, then forgets exactly that in one go", async () => {
    const before = await snapshot(ws);
    const planned = await forgetPerson(db.prisma, {
      workspaceId: ws,
      userId: WHO,
      actor: "cli",
      dryRun: true,
    });
    expect(await snapshot(ws)).toBe(before);
    expect(planned.deleted).toEqual({
      survey_response: 1,
      alert: 1,
      voice_note: 1,
      follow_up: 1,
      survey_delivery: 1,
      customer_contact: 1,
    });
    // What the app posted about them: the alert quoting the answer and the survey DM.
    expect(planned.slackMessages).toEqual([
      { channelId: "CALERTS", messageTs: "2.1" },
      { channelId: `D${WHO}`, messageTs: `1.${WHO}` },
    ]);
    expect(planned.pseudonymised).toMatchObject({
      "customer.owner_slack_user_id": 1,
      "customer_movement.recorded_by": 1,
      "survey.created_by_slack_user": 1,
      "survey.audience": 1,
      "survey_campaign.audience": 1,
      "survey_campaign.created_by": 1,
      "voice_note.status_by": 1,
      "alert.handled_by": 1,
      "follow_up.created_by": 1,
      "follow_up.owner_slack_id": 1,
      "follow_up.closed_by": 1,
      "customer_contact.added_by": 1,
      "api_token.created_by": 1,
      "audit_event.actor": 1,
      "audit_event.data": 1,
    });
    const elsewhereBefore = await snapshot(elsewhere);

    const done = await forgetPerson(db.prisma, {
      workspaceId: ws,
      userId: WHO,
      actor: "UADMIN",
      dryRun: false,
    });
    expect(done).toEqual(planned);
    const p = db.prisma;
    const after = await snapshot(ws);
    // The person's id is nowhere in the workspace any more, the audit event of this run included.
    expect(after).not.toContain(`"${WHO}"`);
    expect(after).toContain(`"${WHO}X"`);
    // Anonymous answers and notes could not be linked to anyone: they stay. So do the colleague's.
    expect(
      (await p.surveyResponse.findMany({ where: { workspaceId: ws } })).map((r) => r.idempotencyKey).sort(),
    ).toEqual(["r-anon", "r-theirs"]);
    expect(
      (await p.voiceNote.findMany({ where: { workspaceId: ws } })).map((n) => n.idempotencyKey).sort(),
    ).toEqual(["n-anon", "n-theirs"]);
    expect((await p.followUp.findMany({ where: { workspaceId: ws } })).map((f) => f.title).sort()).toEqual([
      "f-about-their-note",
      "f-mine",
    ]);
    expect(await p.alert.count({ where: { workspaceId: ws } })).toBe(1);
    expect(
      (await p.surveyDelivery.findMany({ where: { workspaceId: ws } })).map((d) => d.recipientSlackId),
    ).toEqual([OTHER]);
    // The ledger is about customers: the movement stays, only who typed it is gone.
    const movement = await p.customerMovement.findFirstOrThrow({ where: { workspaceId: ws } });
    expect(movement).toMatchObject({ recordedBy: "forgotten", value: expect.anything() });
    expect((await p.customer.findFirstOrThrow({ where: { workspaceId: ws } })).ownerSlackUserId).toBeNull();
    const survey = await p.survey.findFirstOrThrow({ where: { workspaceId: ws } });
    expect(survey.audience).toMatchObject({ users: [OTHER] });
    expect(survey.createdBySlackUser).toBeNull();
    expect(
      await p.customerContact.findMany({
        where: { workspaceId: ws },
        select: { slackUserId: true, addedBy: true },
      }),
    ).toEqual([{ slackUserId: OTHER, addedBy: "forgotten" }]);

    const event = await p.auditEvent.findFirstOrThrow({
      where: { workspaceId: ws, action: "person.forgotten" },
    });
    expect(event).toMatchObject({ actor: "UADMIN", subjectType: "person", subjectId: null });
    expect(event.data).toEqual({
      personHash: personHash(ws, WHO),
      deleted: done.deleted,
      pseudonymised: done.pseudonymised,
      slackMessages: done.slackMessages.length,
    });
    expect(JSON.stringify({ ...event, id: String(event.id) })).not.toContain(WHO);

    // Another workspace with the same person is not touched.
    expect(await snapshot(elsewhere)).toBe(elsewhereBefore);
    // Forgetting twice finds nothing more to do.
    const again = await forgetPerson(db.prisma, {
      workspaceId: ws,
      userId: WHO,
      actor: "UADMIN",
      dryRun: true,
    });
    expect(Object.values(again.deleted).every((n) => n === 0)).toBe(true);
    expect(Object.values(again.pseudonymised).every((n) => n === 0)).toBe(true);
  });

  it("refuses something that is not a Slack user id before touching the database", async () => {
    const before = await snapshot(ws);
    await expect(
      forgetPerson(db.prisma, { workspaceId: ws, userId: "%", actor: "cli", dryRun: false }),
    ).rejects.toThrow("not a Slack user id");
    expect(await snapshot(ws)).toBe(before);
  });
});
