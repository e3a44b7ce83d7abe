import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import type { Workspace } from "../../../src/generated/prisma/client.js";
import { exportCsvChunks } from "../../../src/services/export-csv.js";
import { personHash } from "../../../src/services/forget-person.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { FORGET_MODAL } from "../../../src/slack/features/privacy/ids.js";
import { testDatabases } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";

// `/cx export` and `/cx forget` end to end: the real Bolt app over HTTP with signed requests, a
// fake Slack and a real database. Admins only, checked on the server at every step.

const ADMIN = "UADMIN";
const MANAGER = "UMGR";
const SPANISH_ADMIN = "UADMES";
const SPANISH_MANAGER = "UMGRES";
const WHO = "UFORGET";
const OTHER = "UOTHER";
const fixture = (name: string) => join(import.meta.dirname, "../../fixtures", name);

interface Reply {
  response_type: string;
  text: string;
}
interface ModalArg {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ text?: { text: string }; elements?: Array<{ text: string }> }>;
}

/** Every row the feature could touch, as JSON: "nothing else changed" compares two of these. */
async function snapshot(db: Database) {
  const p = db.prisma;
  const all = await Promise.all([
    p.customer.findMany({ orderBy: { id: "asc" } }),
    p.customerMovement.findMany({ orderBy: { id: "asc" } }),
    p.surveyResponse.findMany({ orderBy: { id: "asc" } }),
    p.voiceNote.findMany({ orderBy: { id: "asc" } }),
    p.alert.findMany({ orderBy: { id: "asc" } }),
    p.customerContact.findMany({ orderBy: { id: "asc" } }),
    p.auditEvent.findMany({ where: { action: { not: "data.exported" } }, orderBy: { id: "asc" } }),
  ]);
  return JSON.stringify(all, (_k, v) => (typeof v === "bigint" ? v.toString() : v));
}

async function seedPeople(db: Database, ws: Workspace) {
  const p = db.prisma;
  const smb = await p.segment.findFirstOrThrow({ where: { workspaceId: ws.id, key: "smb" } });
  const customer = await p.customer.findFirstOrThrow({ where: { workspaceId: ws.id, externalId: "c1" } });
  const answer = (respondentSlackId: string | null, key: string) =>
    p.surveyResponse.create({
      data: {
        workspaceId: ws.id,
        kind: "nps",
        score: 3,
        comment: `said by ${key}`,
        customerId: customer.id,
        segmentId: smb.id,
        respondentSlackId,
        respondedAt: new Date("2026-03-10T10:00:00Z"),
        source: "slack",
        idempotencyKey: `slack:${key}`,
        contentHash: key,
      },
    });
  const mine = await answer(WHO, "mine");
  await answer(OTHER, "theirs");
  await answer(null, "anon");
  // Posted to the owner's channel, quoting the answer: forgetting deletes the message too.
  await p.alert.create({
    data: {
      workspaceId: ws.id,
      responseId: mine.id,
      customerId: customer.id,
      channelId: "CALERTS",
      messageTs: "1700000000.000100",
    },
  });
  for (const [author, key] of [
    [WHO, "n-mine"],
    [OTHER, "n-theirs"],
    [null, "n-anon"],
  ] as const)
    await p.voiceNote.create({
      data: {
        workspaceId: ws.id,
        source: "employee",
        text: key,
        authorSlackId: author,
        anonymous: author === null,
        idempotencyKey: key,
      },
    });
  await p.customerContact.create({
    data: { workspaceId: ws.id, customerId: customer.id, slackUserId: WHO, addedBy: ADMIN },
  });
  await p.customer.update({ where: { id: customer.id }, data: { ownerSlackUserId: WHO } });
}

describe.each(testDatabases())("/cx export and /cx forget on $name", ({ open }) => {
  let h: SlackHarness;
  let ws: Workspace;
  beforeEach(async () => {
    h = await startSlackHarness(await open(), {
      env: { ROLE_ADMINS: `${ADMIN},${SPANISH_ADMIN}`, ROLE_MANAGERS: `${MANAGER},${SPANISH_MANAGER}` },
    });
    ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    const opts = {
      workspaceId: ws.id,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    expect((await importCsv(h.db, "movements", fixture("movements.csv"), opts)).committed).toBe(true);
    expect((await importCsv(h.db, "responses", fixture("responses.csv"), opts)).committed).toBe(true);
    await seedPeople(h.db, ws);
    h.fake.setUser(WHO, { name: "forget.me" });
    h.fake.setUser(SPANISH_ADMIN, { locale: "es-ES" });
    h.fake.setUser(SPANISH_MANAGER, { locale: "es-ES" });
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });
  const cx = async (text: string, user = ADMIN) => {
    const res = await h.slack.command({ command: "/cx", text, user_id: user });
    expect(res.status).toBe(200);
    const reply = res.json as Reply;
    expect(reply.response_type).toBe("ephemeral");
    return reply.text;
  };

  it("sends the export as a CSV file to the admin's DM, says how many rows, and changes nothing", async () => {
    const before = await snapshot(h.db);
    expect(await cx("export ledger")).toContain("the CSV file will be in your DM");
    const done = await h.fake.waitFor("files.completeUploadExternal");
    expect(done.args).toMatchObject({ channel_id: `D${ADMIN}` });
    expect(String(done.args.initial_comment)).toContain("16 movements");
    const upload = h.fake.uploads.at(-1);
    let expected = "";
    for await (const c of exportCsvChunks(h.db.prisma, { kind: "ledger", filter: { workspaceId: ws.id } }))
      expected += c.text;
    expect(upload?.bytes.toString("utf8")).toBe(expected);
    expect(expected.split("\r\n")[0]).toBe(
      "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note,source",
    );

    expect(await cx("export responses", SPANISH_ADMIN)).toContain(
      "Preparando la exportación de las respuestas",
    );
    const answers = await h.fake.waitFor("files.completeUploadExternal", (c) =>
      String(c.args.initial_comment).includes("respuestas"),
    );
    const count = await h.db.prisma.surveyResponse.count();
    expect(String(answers.args.initial_comment)).toContain(`${count} respuestas`);
    const csv = h.fake.uploads.at(-1)?.bytes.toString("utf8") ?? "";
    expect(csv).toContain(`,${WHO},slack\r\n`);
    expect(csv).toContain(",said by anon,,slack\r\n");

    expect(await snapshot(h.db)).toBe(before);
    const audit = await h.db.prisma.auditEvent.findMany({
      where: { action: "data.exported" },
      orderBy: { id: "asc" },
    });
    expect(audit.map((a) => [a.actor, a.subjectId, (a.data as { rows: number }).rows])).toEqual([
      [ADMIN, "ledger", 16],
      [SPANISH_ADMIN, "responses", count],
    ]);
  });

  it("filters the export by segment and period as /cx stats reads them, and says so", async () => {
    const exported = async (text: string) => {
      const before = h.fake.callsTo("files.completeUploadExternal").length;
      expect(await cx(text)).toContain("the CSV file will be in your DM");
      const done = await h.fake.waitFor(
        "files.completeUploadExternal",
        () => h.fake.callsTo("files.completeUploadExternal").length > before,
      );
      const rows = (h.fake.uploads.at(-1)?.bytes.toString("utf8") ?? "").trimEnd().split("\r\n").slice(1);
      return { comment: String(done.args.initial_comment), rows };
    };
    const enterprise = await exported("export ledger enterprise");
    expect(enterprise.comment).toContain("export (Enterprise):");
    expect(enterprise.rows.length).toBeGreaterThan(0);
    expect(enterprise.rows.every((r) => r.includes(",Enterprise,"))).toBe(true);
    const january = await exported("export ledger smb 2026-01-01..2026-02-01");
    expect(january.comment).toContain("(SMB, 2026-01-01 – 2026-01-31)");
    expect(january.rows.length).toBeGreaterThan(0);
    expect(january.rows.every((r) => r.includes(",SMB,") && r.includes(",2026-01-"))).toBe(true);
    expect(january.comment).toContain(`${january.rows.length} movement`);

    expect(await cx("export ledger nowhere")).toContain('I don\'t know the segment "nowhere"');
    expect(await cx("export ledger 2026-02-30..2026-03-01")).toContain("has a date that does not exist");
    await h.fake.waitForQuiet(50);
    expect(h.fake.callsTo("files.completeUploadExternal")).toHaveLength(2);
  });

  it("refuses the export to anyone but an admin, in their language, and explains a bad kind", async () => {
    expect(await cx("export ledger", MANAGER)).toContain(
      "exporting the ledger and answers needs the admin role",
    );
    expect(await cx("exportar ledger", SPANISH_MANAGER)).toContain("requiere el rol de administrador");
    expect(await cx("export customers")).toContain("`/cx export ledger [segment] [period]`");
    await h.fake.waitForQuiet(50);
    expect(h.fake.callsTo("files.getUploadURLExternal")).toHaveLength(0);
    expect(await h.db.prisma.auditEvent.count({ where: { action: "data.exported" } })).toBe(0);
  });

  it("asks with a modal listing the counts, forgets on confirmation, and DMs the result", async () => {
    const before = await snapshot(h.db);
    const asked = await h.slack.command({ command: "/cx", text: "forget @forget.me", user_id: ADMIN });
    expect(asked.status).toBe(200);
    // The modal opens at once (Slack's trigger lasts 3 s) and shows the counts once they are known.
    const opened = await h.fake.waitFor("views.open");
    expect(JSON.stringify(opened.args.view)).toContain("Finding everything RightToGrow stores");
    const updated = await h.fake.waitFor("views.update");
    const modal = updated.args.view as ModalArg;
    expect(modal.callback_id).toBe(FORGET_MODAL);
    const shown = JSON.stringify(modal.blocks);
    expect(shown).toContain(`<@${WHO}>`);
    expect(shown).toContain("1 survey answers (non-anonymous)");
    expect(shown).toContain("1 voice notes (non-anonymous)");
    expect(shown).toContain("1 alerts raised by those answers");
    expect(shown).toContain("1 customer contact links");
    expect(shown).toContain("1 message the app posted in Slack");
    expect(shown).toContain("Anonymous answers and notes store no identity");
    // Counting changed nothing.
    expect(await snapshot(h.db)).toBe(before);

    // Slack refuses the first attempt: the admin is told which part is left to do by hand.
    h.fake.failNext("chat.delete", { kind: "slack_error", error: "cant_delete_message" });
    const res = await h.slack.viewSubmission({
      callbackId: modal.callback_id,
      privateMetadata: modal.private_metadata,
      userId: ADMIN,
      values: {},
    });
    expect(res.status).toBe(200);
    const result = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === ADMIN);
    expect(String(result.args.text)).toContain(`Forgot <@${WHO}>.`);
    expect(String(result.args.text)).toContain("1 survey answers (non-anonymous)");
    expect(String(result.args.text)).toContain("Slack refused to delete 1 of those messages");
    expect(h.fake.callsTo("chat.delete").map((c) => c.args)).toMatchObject([
      { channel: "CALERTS", ts: "1700000000.000100" },
    ]);

    const p = h.db.prisma;
    expect(await p.surveyResponse.count({ where: { respondentSlackId: WHO } })).toBe(0);
    expect(await p.voiceNote.count({ where: { authorSlackId: WHO } })).toBe(0);
    expect(await p.customerContact.count({ where: { slackUserId: WHO } })).toBe(0);
    expect(await p.alert.count()).toBe(0);
    // Other people's rows, anonymous rows and the ledger stay.
    expect(
      await p.surveyResponse.count({ where: { idempotencyKey: { in: ["slack:theirs", "slack:anon"] } } }),
    ).toBe(2);
    expect((await p.voiceNote.findMany({ orderBy: { text: "asc" } })).map((n) => n.text)).toEqual([
      "n-anon",
      "n-theirs",
    ]);
    expect(await p.customerMovement.count()).toBe(16);
    expect((await p.customer.findFirstOrThrow({ where: { externalId: "c1" } })).ownerSlackUserId).toBeNull();
    const event = await p.auditEvent.findFirstOrThrow({ where: { action: "person.forgotten" } });
    expect(event.actor).toBe(ADMIN);
    expect(event.subjectId).toBeNull();
    expect((event.data as { personHash: string }).personHash).toBe(personHash(ws.id, WHO));
    expect(JSON.stringify(event.data)).not.toContain(WHO);
  });

  it("refuses forgetting to anyone but an admin, at the command and at a forged confirmation", async () => {
    const before = await snapshot(h.db);
    expect(await cx(`forget <@${WHO}>`, MANAGER)).toContain(
      "forgetting a person's data needs the admin role",
    );
    const res = await h.slack.viewSubmission({
      callbackId: FORGET_MODAL,
      privateMetadata: JSON.stringify({ v: 1, userId: WHO }),
      userId: MANAGER,
      values: {},
    });
    expect(res.status).toBe(200);
    const refused = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === MANAGER);
    expect(String(refused.args.text)).toContain("needs the admin role");
    expect(h.fake.callsTo("views.open")).toHaveLength(0);
    expect(await snapshot(h.db)).toBe(before);

    expect(await cx("forget")).toContain("`/cx forget @person`");
    const notice = async (text: string, user: string) => {
      const before = h.fake.callsTo("views.update").length;
      expect((await h.slack.command({ command: "/cx", text, user_id: user })).status).toBe(200);
      const call = await h.fake.waitFor("views.update", () => h.fake.callsTo("views.update").length > before);
      const view = call.args.view as ModalArg & { submit?: unknown };
      // Nothing to confirm: the modal only closes.
      expect(view.submit).toBeUndefined();
      return JSON.stringify(view.blocks);
    };
    expect(await notice("forget @nobody.here", ADMIN)).toContain("I could not tell who `@nobody.here` is");
    expect(await notice("forget UNOTHING1", SPANISH_ADMIN)).toContain("no guarda nada sobre <@UNOTHING1>");
    expect(await notice("forget nobody@example.com", ADMIN)).toContain(
      "I could not tell who `nobody@example.com` is",
    );
    // An e-mail address is looked up in Slack: the database stores none.
    h.fake.setUser(WHO, { profile: { email: "forget.me@example.com" } });
    const updates = h.fake.callsTo("views.update").length;
    await h.slack.command({ command: "/cx", text: "forget forget.me@example.com", user_id: ADMIN });
    const byEmail = await h.fake.waitFor(
      "views.update",
      () => h.fake.callsTo("views.update").length > updates,
    );
    expect(byEmail.args.view).toMatchObject({
      callback_id: FORGET_MODAL,
      private_metadata: JSON.stringify({ v: 1, userId: WHO }),
    });
    expect(await snapshot(h.db)).toBe(before);
  });
});
