import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import type { Workspace } from "../../../src/generated/prisma/client.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { VOICE_BLOCK, VOICE_INPUT } from "../../../src/slack/features/voices/ids.js";
import { LOOKUP, VOICE } from "../../../src/slack/kit/ids.js";
import { testDatabases } from "../../helpers/db.js";
import type { RecordedCall } from "../../helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { field, type StateValues, stateValues } from "../../helpers/slack-requests.js";

// Voice notes end to end: the three ways in, the submission, anonymity, and triage.

type View = {
  callback_id: string;
  private_metadata: string;
  blocks: Array<{ type: string; block_id?: string; element?: Record<string, unknown>; elements?: unknown[] }>;
};

const viewOf = (call: RecordedCall) => call.args.view as View;
const blockOf = (view: View, blockId: string) => view.blocks.find((b) => b.block_id === blockId);

const NO_PERMALINK = JSON.stringify({ v: 1, permalink: null });

function form(opts: {
  text: string | null;
  source?: string;
  stage?: string | null;
  subject?: string | null;
  sentiment?: string | null;
  anonymous?: boolean;
}): StateValues {
  return stateValues({
    [VOICE_BLOCK.source]: { [VOICE_INPUT.source]: field.select(opts.source ?? "employee") },
    [VOICE_BLOCK.text]: { [VOICE_INPUT.text]: field.text(opts.text) },
    [VOICE_BLOCK.stage]: { [VOICE_INPUT.stage]: field.select(opts.stage ?? null) },
    [VOICE_BLOCK.subject]: { [LOOKUP.subject]: field.externalSelect(opts.subject ?? null) },
    [VOICE_BLOCK.sentiment]: { [VOICE_INPUT.sentiment]: field.radio(opts.sentiment ?? null) },
    [VOICE_BLOCK.anonymous]: {
      [VOICE_INPUT.anonymous]: field.checkboxes(opts.anonymous ? ["anonymous"] : []),
    },
  });
}

describe.each(testDatabases())("voice notes on $name", ({ open }) => {
  let h: SlackHarness;
  let ws: Workspace;
  const now = new Date("2026-03-30T10:00:00Z");

  beforeEach(async () => {
    h = await startSlackHarness(await open(), {
      env: { ROLE_EXECUTIVES: "UEXEC", ROLE_MANAGERS: "UMGR" },
      clock: () => now,
    });
    ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    await importCsv(h.db, "movements", join(import.meta.dirname, "../../fixtures/movements.csv"), {
      workspaceId: ws.id,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    });
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  const notes = () => h.db.prisma.voiceNote.findMany({ orderBy: { createdAt: "asc" } });
  const customerId = async (name: string) =>
    (await h.db.prisma.customer.findFirstOrThrow({ where: { workspaceId: ws.id, name } })).id;
  const segmentId = async (name: string) =>
    (await h.db.prisma.segment.findFirstOrThrow({ where: { workspaceId: ws.id, name } })).id;
  const submit = (userId: string, values: StateValues, opts: { viewId?: string; metadata?: string } = {}) =>
    h.slack.viewSubmission({
      callbackId: VOICE.modal,
      userId,
      values,
      privateMetadata: opts.metadata ?? NO_PERMALINK,
      ...(opts.viewId ? { viewId: opts.viewId } : {}),
    });
  const dmsTo = (userId: string) =>
    h.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.args.channel === userId)
      .map((c) => String(c.args.text));

  it("opens the modal from the global shortcut, with the searchable customer/segment select", async () => {
    const res = await h.slack.shortcut({
      callbackId: VOICE.shortcut,
      userId: "U1",
      triggerId: "111.222.abc",
    });
    expect(res.status).toBe(200);
    const call = await h.fake.waitFor("views.open");
    expect(call.args.trigger_id).toBe("111.222.abc");
    const view = viewOf(call);
    expect(view.callback_id).toBe(VOICE.modal);
    expect(blockOf(view, VOICE_BLOCK.subject)?.element).toMatchObject({
      type: "external_select",
      action_id: LOOKUP.subject,
      min_query_length: 0,
    });
    expect(blockOf(view, VOICE_BLOCK.text)?.element).toMatchObject({ max_length: 3000 });
  });

  it("opens the same modal from /cx voe, and /cx vop preselects a partner's voice", async () => {
    const voe = await h.slack.command({ command: "/cx", text: "voe", user_id: "U1" });
    expect(voe.status).toBe(200);
    const first = viewOf(await h.fake.waitFor("views.open"));
    expect(first.callback_id).toBe(VOICE.modal);
    expect(blockOf(first, VOICE_BLOCK.source)?.element).toMatchObject({
      initial_option: { value: "employee" },
    });

    await h.slack.command({ command: "/cx", text: "vop", user_id: "U1" });
    await h.fake.waitFor("views.open", () => h.fake.callsTo("views.open").length === 2);
    const second = viewOf(h.fake.callsTo("views.open")[1] as RecordedCall);
    expect(blockOf(second, VOICE_BLOCK.source)?.element).toMatchObject({
      initial_option: { value: "partner" },
    });
  });

  it("prefills the message shortcut with the message text and its permalink, and stores the permalink", async () => {
    await h.slack.messageShortcut({
      callbackId: VOICE.messageShortcut,
      userId: "U1",
      channelId: "C0042",
      message: { text: "The new invoice layout confuses everyone", ts: "1774850000.000100", user: "U9" },
    });
    const call = await h.fake.waitFor("views.open");
    expect(h.fake.lastCall("chat.getPermalink")?.args).toMatchObject({
      channel: "C0042",
      message_ts: "1774850000.000100",
    });
    const view = viewOf(call);
    expect(blockOf(view, VOICE_BLOCK.text)?.element).toMatchObject({
      initial_value: "The new invoice layout confuses everyone",
    });
    const permalink = JSON.parse(view.private_metadata).permalink as string;
    expect(permalink).toMatch(/\/archives\/C0042\/p1774850000000100$/);
    expect(JSON.stringify(view.blocks)).toContain(permalink);

    const res = await submit("U1", form({ text: "The new invoice layout confuses everyone" }), {
      metadata: view.private_metadata,
    });
    expect(res.status).toBe(200);
    expect((await notes())[0]?.permalink).toBe(permalink);
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "U1");
  });

  it("stores a submitted note with its customer, stage and sentiment, and confirms privately", async () => {
    const northwind = await customerId("Northwind");
    const res = await submit(
      "U1",
      form({
        text: "Northwind's admins can't find the export button",
        source: "customer",
        stage: "product",
        subject: `customer:${northwind}`,
        sentiment: "negative",
      }),
    );
    expect(res.status).toBe(200);
    expect(res.body).toBe(""); // closes the modal
    const [note, ...rest] = await notes();
    expect(rest).toHaveLength(0);
    expect(note).toMatchObject({
      workspaceId: ws.id,
      source: "customer",
      text: "Northwind's admins can't find the export button",
      stage: "product",
      sentiment: "negative",
      customerId: northwind,
      segmentId: await segmentId("Enterprise"),
      authorSlackId: "U1",
      anonymous: false,
      status: "open",
    });
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "U1");
    expect(dmsTo("U1")).toEqual([expect.stringContaining("your note was saved")]);
  });

  it("stores a note about a segment, and confirms in the author's language", async () => {
    h.fake.setUser("UES", { locale: "es-ES" });
    await submit(
      "UES",
      form({ text: "Las pymes piden pagar por transferencia", subject: `segment:${await segmentId("SMB")}` }),
    );
    const [note] = await notes();
    expect(note).toMatchObject({ segmentId: await segmentId("SMB"), customerId: null, source: "employee" });
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "UES");
    expect(dmsTo("UES")[0]).toContain("tu nota se ha guardado");
  });

  it("stores no identity at all for an anonymous note, and still confirms to its author", async () => {
    const res = await submit("UANON7", form({ text: "Our on-call rota burns people out", anonymous: true }));
    expect(res.status).toBe(200);
    const [note] = await notes();
    expect(note).toMatchObject({ anonymous: true, authorSlackId: null });
    const everyNoteColumn = await h.db.prisma.$queryRaw<unknown[]>`SELECT * FROM voice_note`;
    const everyAuditColumn = await h.db.prisma.$queryRaw<unknown[]>`SELECT * FROM audit_event`;
    const dump = JSON.stringify([everyNoteColumn, everyAuditColumn], (_k, v) =>
      typeof v === "bigint" ? String(v) : v,
    );
    expect(dump).toContain("Our on-call rota burns people out");
    expect(dump).not.toContain("UANON7");
    expect(dump.toLowerCase()).not.toContain("uanon7");
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "UANON7");
    expect(dmsTo("UANON7")[0]).toContain("saved anonymously");
  });

  it("refuses an empty note on the text field and stores nothing", async () => {
    const res = await submit("U1", form({ text: "   " }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      response_action: "errors",
      errors: { [VOICE_BLOCK.text]: "Please write the note." },
    });
    expect(await notes()).toHaveLength(0);
    await h.fake.waitForQuiet();
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("refuses a note that is too long, a forged option and an unknown subject, each on its field", async () => {
    const tooLong = await submit("U1", form({ text: "x".repeat(3001) }));
    expect(tooLong.json).toEqual({
      response_action: "errors",
      errors: { [VOICE_BLOCK.text]: "Please keep it to 3000 characters (it has 3001)." },
    });
    const forged = await submit("U1", form({ text: "ok", stage: "astrology", sentiment: "ecstatic" }));
    expect(forged.json).toMatchObject({
      response_action: "errors",
      errors: { [VOICE_BLOCK.stage]: expect.any(String), [VOICE_BLOCK.sentiment]: expect.any(String) },
    });
    const ghost = await submit(
      "U1",
      form({ text: "ok", subject: "customer:00000000-0000-4000-8000-000000000000" }),
    );
    expect(ghost.json).toEqual({
      response_action: "errors",
      errors: {
        [VOICE_BLOCK.subject]: "That customer or segment no longer exists here. Choose another one.",
      },
    });
    const stale = await submit("U1", form({ text: "ok" }), { metadata: "{not json" });
    expect(stale.json).toMatchObject({
      response_action: "errors",
      errors: { [VOICE_BLOCK.text]: expect.any(String) },
    });
    expect(await notes()).toHaveLength(0);
  });

  it("stores a resubmitted view once and confirms once", async () => {
    const values = form({ text: "Renewal calls come too late", stage: "service" });
    const first = await submit("U1", values, { viewId: "VSAME00001" });
    const again = await submit("U1", values, { viewId: "VSAME00001" });
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(await notes()).toHaveLength(1);
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "U1");
    await h.fake.waitForQuiet();
    expect(dmsTo("U1")).toHaveLength(1);
  });

  it("tells the person the note was not saved when the database fails, and keeps the form open", async () => {
    await h.db.prisma.$executeRawUnsafe("ALTER TABLE voice_note RENAME TO voice_note_away");
    const res = await submit("U1", form({ text: "This must not vanish silently" }));
    await h.db.prisma.$executeRawUnsafe("ALTER TABLE voice_note_away RENAME TO voice_note");
    expect(res.json).toEqual({
      response_action: "errors",
      errors: { [VOICE_BLOCK.text]: expect.stringContaining("not saved") },
    });
    expect(await notes()).toHaveLength(0);
  });

  it('keeps a saved note and sends no "not saved" when only its confirmation fails', async () => {
    h.fake.failNext("chat.postMessage", { kind: "slack_error", error: "channel_not_found" });
    const res = await submit("U1", form({ text: "Saved even if the DM bounces" }));
    expect(res.status).toBe(200);
    expect(res.body).toBe(""); // closes the modal
    expect(await notes()).toHaveLength(1);
    await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "U1");
    await h.fake.waitForQuiet();
    expect(dmsTo("U1")).toEqual([expect.stringContaining("your note was saved")]);
  });

  describe("triage", () => {
    const noteBy = async (userId: string, text: string, anonymous = false) => {
      await submit(userId, form({ text, anonymous }));
      // The confirmation goes out after the modal closes; let it arrive before counting messages.
      await h.fake.waitFor(
        "chat.postMessage",
        (c) => c.args.channel === userId && String(c.args.text).includes(text),
      );
      return (await h.db.prisma.voiceNote.findFirstOrThrow({ where: { text } })).id;
    };
    const click = (userId: string, actionId: string, noteId: string) =>
      h.slack.blockAction({ actionId, userId, value: noteId, view: { type: "home" } });
    /** An executive's click, once their App Home has been refreshed after it. */
    const triageAs = async (userId: string, actionId: string, noteId: string) => {
      const published = () => h.fake.callsTo("views.publish").filter((c) => c.args.user_id === userId).length;
      const before = published();
      const res = await click(userId, actionId, noteId);
      await h.fake.waitFor("views.publish", () => published() > before);
      return res;
    };

    it("tells the author, in their language, when an executive marks their note actioned", async () => {
      h.fake.setUser("UAUTH", { locale: "es-ES" });
      const id = await noteBy("UAUTH", "Los clientes no encuentran el botón de exportar");
      const res = await triageAs("UEXEC", VOICE.markActioned, id);
      expect(res.status).toBe(200);
      const dm = await h.fake.waitFor(
        "chat.postMessage",
        (c) => c.args.channel === "UAUTH" && String(c.args.text).includes("<@UEXEC>"),
      );
      expect(dm.args.text).toBe(
        "🎉 <@UEXEC> ha actuado sobre tu nota «Los clientes no encuentran el botón de exportar». Gracias por alzar la voz.",
      );
      expect(await h.db.prisma.voiceNote.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "actioned",
        statusBy: "UEXEC",
        statusAt: now,
      });
      // The executive's App Home is refreshed so the note is no longer offered for triage.
      const home = await h.fake.waitFor("views.publish", (c) => c.args.user_id === "UEXEC");
      expect(JSON.stringify(home.args.view)).not.toContain(id);

      // A second click (or a second executive) changes nothing and does not tell the author twice.
      await triageAs("UEXEC", VOICE.markActioned, id);
      await h.fake.waitForQuiet();
      expect(dmsTo("UAUTH").filter((t) => t.includes("<@UEXEC>"))).toHaveLength(1);
    });

    it("marks a note discussed without telling anyone, and cannot tell anonymous authors", async () => {
      const signed = await noteBy("UAUTH", "Discuss me");
      const anonymous = await noteBy("UANON", "Action me quietly", true);
      await triageAs("UEXEC", VOICE.markDiscussed, signed);
      await triageAs("UEXEC", VOICE.markActioned, anonymous);
      await h.fake.waitForQuiet();
      const statuses = await h.db.prisma.voiceNote.findMany({ select: { id: true, status: true } });
      expect(Object.fromEntries(statuses.map((s) => [s.id, s.status]))).toEqual({
        [signed]: "discussed",
        [anonymous]: "actioned",
      });
      expect(dmsTo("UAUTH").filter((t) => t.includes("<@UEXEC>"))).toHaveLength(0);
      expect(dmsTo("UANON").filter((t) => t.includes("<@UEXEC>"))).toHaveLength(0);
    });

    it("refuses an employee privately and changes nothing", async () => {
      const id = await noteBy("UAUTH", "Only executives may close this");
      await h.fake.waitForQuiet();
      const before = h.fake.calls.length;
      const res = await click("UEMP", VOICE.markActioned, id);
      expect(res.status).toBe(200);
      const refusal = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "UEMP");
      expect(refusal.args.text).toBe(
        "Sorry, triaging notes needs the executive role. Ask an admin of RightToGrow if you should have it.",
      );
      expect(await h.db.prisma.voiceNote.findUniqueOrThrow({ where: { id } })).toMatchObject({
        status: "open",
        statusBy: null,
      });
      await h.fake.waitForQuiet();
      const after = h.fake.calls.slice(before).map((c) => `${c.method}:${String(c.args.channel ?? "")}`);
      expect(after.filter((c) => c.startsWith("chat.postMessage"))).toEqual(["chat.postMessage:UEMP"]);
      expect(await h.db.prisma.auditEvent.count()).toBe(0);
    });

    it("answers privately in the channel when the buttons sit in a message", async () => {
      const id = await noteBy("UAUTH", "Shown in the leadership channel");
      const res = await h.slack.blockAction({ actionId: VOICE.markDiscussed, userId: "UEXEC", value: id });
      expect(res.status).toBe(200);
      const reply = await h.fake.waitForResponse();
      expect(reply.body).toMatchObject({
        response_type: "ephemeral",
        replace_original: false,
        text: "Done: the note is now *discussed*.",
      });
      expect((await h.db.prisma.voiceNote.findUniqueOrThrow({ where: { id } })).status).toBe("discussed");
    });

    it("answers a forged note id privately without changing anything", async () => {
      await click("UEXEC", VOICE.markActioned, "not-a-note");
      const reply = await h.fake.waitFor("chat.postMessage", (c) => c.args.channel === "UEXEC");
      expect(reply.args.text).toBe("That button is not valid any more; nothing was changed.");
    });
  });
});
