import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { FOLLOW_UP, FOLLOW_UP_BLOCK, FOLLOW_UP_INPUT } from "../../../src/slack/features/follow-ups/ids.js";
import { testDatabases } from "../../helpers/db.js";
import type { RecordedCall } from "../../helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { blockAction, field, stateValues } from "../../helpers/slack-requests.js";

// Follow-ups from the digest: executives mark a loss reason or a note discussed, open an action
// with an owner, and the next digest opens with the actions still open and what was closed.

const fixture = (name: string) => join(import.meta.dirname, "../../fixtures", name);
const NOW = new Date("2026-03-29T00:00:00Z");

type Block = { type: string; text?: { text: string }; accessory?: Accessory };
type Accessory = { action_id: string; options?: Array<{ text: { text: string }; value: string }> };

describe.each(testDatabases())("digest follow-ups on $name", ({ open }) => {
  let h: SlackHarness;
  let workspaceId: string;

  beforeEach(async () => {
    h = await startSlackHarness(await open(), {
      env: { ROLE_EXECUTIVES: "UEXEC,UEXES", ROLE_MANAGERS: "UMGR" },
      clock: () => NOW,
    });
    h.fake.setUser("UEXES", { locale: "es-ES" });
    const ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    workspaceId = ws.id;
    const opts = {
      workspaceId,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    await importCsv(h.db, "movements", fixture("movements.csv"), opts);
    // A loss in the preview's week, so the digest lists a loss reason.
    const dir = await mkdtemp(join(tmpdir(), "rtg-followups-"));
    const lost = join(dir, "lost.csv");
    await writeFile(
      lost,
      "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note\n" +
        "f1,2026-03-27T10:00:00Z,c1,Ferretería Ortega,SMB,lost,1000,EUR,price,too expensive\n",
    );
    const imported = await importCsv(h.db, "movements", lost, opts);
    expect(imported.inserted).toBe(1);
  });
  afterEach(async () => {
    await h.fake.waitForQuiet(100);
    await h.stop();
    await h.db.close();
  });

  const preview = async (user = "UEXEC") => {
    const res = await h.slack.command({ command: "/cx", text: "digest preview", user_id: user });
    return (res.json as { blocks: Block[] }).blocks;
  };
  const menuOf = (blocks: Block[], actionId: string, textPart: string) => {
    const block = blocks.find((b) => b.accessory?.action_id === actionId && b.text?.text.includes(textPart));
    if (!block?.accessory?.options) throw new Error(`no ${actionId} menu on "${textPart}"`);
    return block.accessory.options;
  };
  const choose = async (actionId: string, value: string, userId = "UEXEC") => {
    const responseUrl = h.fake.responseUrl();
    const res = await h.slack.action(
      blockAction({
        actionId,
        type: "overflow",
        selectedOption: value,
        userId,
        responseUrl,
        triggerId: "trig-1",
      }),
    );
    expect(res.status).toBe(200);
    return responseUrl;
  };
  const replyAt = async (url: string) =>
    JSON.stringify((await h.fake.waitForResponse((r) => r.url === url)).body);
  const followUps = () => h.db.prisma.followUp.findMany({ orderBy: { createdAt: "asc" } });

  it("marks a loss reason discussed once, however often it is clicked", async () => {
    const options = menuOf(await preview(), FOLLOW_UP.subjectMenu, "Price");
    const discussed = options.find((o) => o.text.text === "Mark discussed");
    expect(discussed).toBeDefined();
    expect(await replyAt(await choose(FOLLOW_UP.subjectMenu, discussed?.value ?? ""))).toContain(
      "Marked discussed: Loss reason: Price",
    );
    expect(await replyAt(await choose(FOLLOW_UP.subjectMenu, discussed?.value ?? ""))).toContain(
      "was already marked discussed",
    );
    const rows = await followUps();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "discussed",
      subjectType: "reason",
      subjectId: "price",
      createdBy: "UEXEC",
    });
    // The next digest counts it.
    expect(JSON.stringify(await preview())).toContain("1 loss reason or note discussed");
  });

  it("opens an action with an owner, tells the owner, and the next digest opens with it until it is done", async () => {
    const options = menuOf(await preview(), FOLLOW_UP.subjectMenu, "Price");
    const openIt = options.find((o) => o.text.text === "Open an action…");
    await choose(FOLLOW_UP.subjectMenu, openIt?.value ?? "");
    const opened = await h.fake.waitFor("views.open");
    const view = opened.args.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
    expect(view.callback_id).toBe(FOLLOW_UP.modal);
    expect(JSON.stringify(view.blocks)).toContain("Loss reason: Price");

    const submit = (title: string, due: string | null, viewId = "V-ACTION-1") =>
      h.slack.viewSubmission({
        callbackId: FOLLOW_UP.modal,
        userId: "UEXEC",
        viewId,
        privateMetadata: view.private_metadata,
        values: stateValues({
          [FOLLOW_UP_BLOCK.title]: { [FOLLOW_UP_INPUT.title]: field.text(title) },
          [FOLLOW_UP_BLOCK.owner]: { [FOLLOW_UP_INPUT.owner]: field.user("UOWN") },
          [FOLLOW_UP_BLOCK.due]: { [FOLLOW_UP_INPUT.due]: field.date(due) },
        }),
      });
    // Bad input: field errors, nothing stored.
    const tooShort = await submit("ab", null);
    expect(tooShort.json).toMatchObject({
      response_action: "errors",
      errors: { [FOLLOW_UP_BLOCK.title]: expect.any(String) },
    });
    const past = await submit("Review SMB pricing", "2026-03-01");
    expect(past.json).toMatchObject({
      response_action: "errors",
      errors: { [FOLLOW_UP_BLOCK.due]: expect.any(String) },
    });
    expect(await followUps()).toHaveLength(0);

    const ok = await submit("Review SMB pricing", "2026-04-10");
    expect(ok.status).toBe(200);
    expect(ok.body).toBe("");
    await submit("Review SMB pricing", "2026-04-10"); // the same form submitted twice
    const rows = await followUps();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "action",
      status: "open",
      title: "Review SMB pricing",
      ownerSlackId: "UOWN",
      subjectType: "reason",
      subjectId: "price",
    });
    const told = await h.fake.waitFor("chat.postMessage", (c: RecordedCall) => c.args.channel === "UOWN");
    expect(String(told.args.text)).toContain("<@UEXEC> gave you an action");

    // The next digest opens with it, with a menu to close it.
    const next = await preview();
    const text = JSON.stringify(next);
    expect(text).toContain("Open actions from earlier meetings");
    expect(text.indexOf("Review SMB pricing")).toBeLessThan(text.indexOf("Why we lost customers"));
    const done = menuOf(next, FOLLOW_UP.actionMenu, "Review SMB pricing").find((o) => o.text.text === "Done");
    expect(await replyAt(await choose(FOLLOW_UP.actionMenu, done?.value ?? ""))).toContain("is done");
    expect(await replyAt(await choose(FOLLOW_UP.actionMenu, done?.value ?? ""))).toContain("no longer open");
    expect((await followUps())[0]).toMatchObject({ status: "done", closedBy: "UEXEC" });

    const after = JSON.stringify(await preview());
    expect(after).not.toContain("Open actions from earlier meetings");
    expect(after).toContain("Closed since the last meeting");
    expect(after).toContain("✓ Review SMB pricing");
  });

  it("marks a quoted note discussed, on the note too", async () => {
    const note = await h.db.prisma.voiceNote.create({
      data: {
        workspaceId,
        source: "customer",
        text: "They said the invoice portal is confusing",
        idempotencyKey: "note-1",
        createdAt: new Date("2026-03-26T10:00:00Z"),
      },
    });
    const value = JSON.stringify({ o: "d", t: "note", i: note.id, m: null, p: "2026-03-22" });
    expect(await replyAt(await choose(FOLLOW_UP.subjectMenu, value))).toContain(
      "Marked discussed: Note: “They said the invoice portal is confusing”",
    );
    expect((await h.db.prisma.voiceNote.findUniqueOrThrow({ where: { id: note.id } })).status).toBe(
      "discussed",
    );
  });

  it("refuses managers and forged menus, stores nothing, and speaks Spanish", async () => {
    const options = menuOf(await preview(), FOLLOW_UP.subjectMenu, "Price");
    const value = options[0]?.value ?? "";
    expect(await replyAt(await choose(FOLLOW_UP.subjectMenu, value, "UMGR"))).toContain("executive");
    expect(await replyAt(await choose(FOLLOW_UP.subjectMenu, '{"o":"x"}'))).toContain("older digest");
    expect(
      await replyAt(
        await choose(
          FOLLOW_UP.subjectMenu,
          JSON.stringify({ o: "d", t: "reason", i: "nope", m: null, p: "2026-03-22" }),
        ),
      ),
    ).toContain("no longer exists");
    expect(await followUps()).toHaveLength(0);
    expect(await replyAt(await choose(FOLLOW_UP.subjectMenu, value, "UEXES"))).toContain(
      "Marcado como tratado",
    );
  });
});
