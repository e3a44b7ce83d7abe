import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { dueOccurrences } from "../../../src/domain/occurrences.js";
import type { Workspace } from "../../../src/generated/prisma/client.js";
import { segmentValue } from "../../../src/slack/features/meetings/form.js";
import {
  MEETING_BLOCK as B,
  MEETING_INPUT as I,
  MEETINGS,
} from "../../../src/slack/features/meetings/ids.js";
import { openPglite, testDatabases } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { field, type StateValues, stateValues } from "../../helpers/slack-requests.js";

// `/cx meetings` end to end: the real Bolt app over HTTP with signed requests, a fake Slack and a
// real database. Admins add, edit, pause, resume and remove; executives only look; others are
// refused. Fake users live in America/New_York with an English Slack unless a test says otherwise.

const NOW = new Date("2026-03-25T12:00:00Z"); // a Wednesday
const ADMIN = "UADMIN";
const EXEC = "UEXEC";
const MANAGER = "UMGR";
const EMPLOYEE = "UEMP";

interface ViewArg {
  callback_id: string;
  private_metadata: string;
  title: { text: string };
  blocks: Array<Record<string, unknown> & { block_id?: string; element?: Record<string, unknown> }>;
}
interface Block {
  type: string;
  block_id?: string;
  text?: { text: string };
  elements?: Array<{ action_id?: string; value?: string; text?: unknown; confirm?: unknown }>;
}
interface Message {
  response_type?: string;
  replace_original?: boolean;
  text: string;
  blocks: Block[];
}

let clockNow = NOW;

async function start(db: Database) {
  clockNow = NOW;
  const h = await startSlackHarness(db, {
    env: { ROLE_ADMINS: ADMIN, ROLE_EXECUTIVES: EXEC, ROLE_MANAGERS: MANAGER },
    clock: () => clockNow,
  });
  const ws = await workspaceForTeam(db.prisma, h.fake.teamId, {
    reportingCurrency: "EUR",
    defaultLocale: "en",
    timezone: "UTC",
  });
  const smb = await db.prisma.segment.create({ data: { workspaceId: ws.id, key: "smb", name: "SMB" } });
  return { h, ws, smbId: smb.id };
}

function form(o: {
  name?: string;
  channel?: string;
  day?: string;
  time?: string;
  cron?: string | null;
  timezone?: string;
  lead?: string;
  segments?: string[];
  locale?: string;
  period?: string;
}): StateValues {
  return stateValues({
    [B.name]: { [I.name]: field.text(o.name ?? "Leadership weekly") },
    [B.channel]: { [I.channel]: field.conversation(o.channel ?? "CLEAD") },
    [B.day]: { [I.day]: field.select(o.day ?? "mon") },
    [B.time]: { [I.time]: field.time(o.time ?? "09:00") },
    [B.cron]: { [I.cron]: field.text(o.cron ?? null) },
    [B.timezone]: { [I.timezone]: field.text(o.timezone ?? "Europe/Madrid") },
    [B.lead]: { [I.lead]: field.text(o.lead ?? "90 min") },
    [B.segments]: { [I.segments]: field.multiSelect(o.segments ?? []) },
    [B.locale]: { [I.locale]: field.radio(o.locale ?? "es") },
    [B.period]: { [I.period]: field.select(o.period ?? "previous") },
  });
}

async function waitForView(h: SlackHarness, before: number): Promise<ViewArg> {
  const call = await h.fake.waitFor("views.open", () => h.fake.callsTo("views.open").length > before);
  return call.args.view as ViewArg;
}

/** `/cx meetings add`, and the modal it opened. */
async function openAdd(h: SlackHarness, userId = ADMIN): Promise<ViewArg> {
  const before = h.fake.callsTo("views.open").length;
  const res = await h.slack.command({ command: "/cx", text: "meetings add", user_id: userId });
  expect(res.status).toBe(200);
  return waitForView(h, before);
}

async function submit(h: SlackHarness, view: ViewArg, values: StateValues, userId = ADMIN) {
  const res = await h.slack.viewSubmission({
    callbackId: view.callback_id,
    privateMetadata: view.private_metadata,
    userId,
    values,
  });
  expect(res.status).toBe(200);
  return res.json as
    | { response_action: "errors"; errors: Record<string, string> }
    | { response_action: "update"; view: { title: { text: string }; blocks: Block[] } }
    | undefined;
}

async function list(h: SlackHarness, userId = ADMIN): Promise<Message> {
  const res = await h.slack.command({ command: "/cx", text: "meetings", user_id: userId });
  expect(res.status).toBe(200);
  return res.json as Message;
}

const buttons = (m: Message) => m.blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : []));
const button = (m: Message, actionId: string) => {
  const found = buttons(m).find((e) => e.action_id === actionId);
  if (!found) throw new Error(`no ${actionId} button in ${JSON.stringify(m.blocks)}`);
  return found;
};

/** Clicks a button in a list message; returns the message the click's response_url received. */
async function click(h: SlackHarness, actionId: string, value: string | undefined, userId = ADMIN) {
  const url = h.fake.responseUrl();
  const res = await h.slack.blockAction({ actionId, value, userId, responseUrl: url });
  expect(res.status).toBe(200);
  const reply = await h.fake.waitForResponse((r) => r.url === url);
  return reply.body as unknown as Message;
}

async function addWeekly(h: SlackHarness, o: Parameters<typeof form>[0] = {}) {
  const reply = await submit(h, await openAdd(h), form(o));
  expect(reply?.response_action).toBe("update");
  return h.db.prisma.meeting.findFirstOrThrow({ where: { name: o.name ?? "Leadership weekly" } });
}

describe.each(testDatabases())("managing meetings from Slack on $name", ({ open }) => {
  let h: SlackHarness;
  let ws: Workspace;
  let smbId: string;
  beforeEach(async () => {
    ({ h, ws, smbId } = await start(await open()));
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  it("an admin adds a weekly meeting: stored as cron in its zone, audited, next digests shown", async () => {
    const view = await openAdd(h);
    expect(view.callback_id).toBe(MEETINGS.modal);
    // A new meeting starts in the admin's own Slack zone.
    const tz = view.blocks.find((b) => b.block_id === B.timezone);
    expect(tz?.element?.initial_value).toBe("America/New_York");
    // …and in the channel the command was typed in.
    expect(view.blocks.find((b) => b.block_id === B.channel)?.element?.initial_conversation).toBe("C0001");

    const reply = await submit(h, view, form({ segments: [segmentValue(smbId)], lead: "90 min" }));
    expect(reply?.response_action).toBe("update");
    const page = JSON.stringify(reply);
    expect(page).toContain("Added *Leadership weekly*");
    expect(page).toContain("Mondays 09:00 Europe/Madrid");
    // Monday 30 March at 09:00 in Madrid (CEST since the 29th): digest at 07:30, three of them.
    expect(page).toContain("Mon 30 Mar, 07:30, for the meeting at Mon 30 Mar, 09:00");
    expect(page).toContain("Mon 13 Apr, 07:30");

    const rows = await h.db.prisma.meeting.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      workspaceId: ws.id,
      name: "Leadership weekly",
      channelId: "CLEAD",
      schedule: "0 9 * * 1",
      timezone: "Europe/Madrid",
      leadMinutes: 90,
      segmentIds: [smbId],
      locale: "es",
      periodDays: null,
      paused: false,
      createdAt: NOW,
    });
    const audit = await h.db.prisma.auditEvent.findMany({ where: { action: "meeting.added" } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: ADMIN, subjectType: "meeting", subjectId: rows[0]?.id });

    // The command's response_url gets the refreshed list.
    const posted = await h.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Added *Leadership"));
    expect(JSON.stringify(posted.body)).toContain("Next digest: *Mon 30 Mar, 07:30*");
  });

  it("refuses a bad cron expression, an unknown zone and a too-long lead with field errors", async () => {
    const view = await openAdd(h);
    const bad = await submit(h, view, form({ cron: "0 9 * *", timezone: "Mars/Olympus" }));
    expect(bad?.response_action).toBe("errors");
    const errors = (bad as { errors: Record<string, string> }).errors;
    expect(errors[B.cron]).toContain("has 4");
    expect(errors[B.timezone]).toContain("Unknown time zone “Mars/Olympus”");

    const lead = await submit(h, view, form({ cron: "0 9 * * *", lead: "2 d" }));
    expect((lead as { errors: Record<string, string> }).errors[B.lead]).toContain(
      "before the previous meeting",
    );
    expect(await h.db.prisma.meeting.count()).toBe(0);
    expect(await h.db.prisma.auditEvent.count({ where: { action: { startsWith: "meeting." } } })).toBe(0);
  });

  it("edits, pauses, resumes and removes a meeting from the list, auditing each change", async () => {
    const meeting = await addWeekly(h);
    const first = await list(h);
    expect(first.response_type).toBe("ephemeral");
    expect(first.text).toContain("Leadership weekly");

    // Edit: the modal opens with the meeting's values.
    const before = h.fake.callsTo("views.open").length;
    await h.slack.blockAction({
      actionId: MEETINGS.edit,
      value: button(first, MEETINGS.edit).value,
      userId: ADMIN,
      responseUrl: h.fake.responseUrl(),
    });
    const view = await waitForView(h, before);
    expect(view.title.text).toBe("Edit meeting");
    const lead = view.blocks.find((b) => b.block_id === B.lead);
    expect(lead?.element?.initial_value).toBe("1 h 30 min");
    const edited = await submit(
      h,
      view,
      form({ day: "tue", time: "08:30", lead: "2 h", period: "30", channel: "CBOARD" }),
    );
    expect(JSON.stringify(edited)).toContain("Tuesdays 08:30 Europe/Madrid");
    const after = await h.db.prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    expect(after).toMatchObject({
      schedule: "30 8 * * 2",
      leadMinutes: 120,
      periodDays: 30,
      channelId: "CBOARD",
    });
    const updated = await h.db.prisma.auditEvent.findFirstOrThrow({ where: { action: "meeting.updated" } });
    expect(updated.data).toMatchObject({
      before: { schedule: "0 9 * * 1", leadMinutes: 90, periodDays: null, channelId: "CLEAD" },
      after: { schedule: "30 8 * * 2", leadMinutes: 120, periodDays: 30, channelId: "CBOARD" },
    });

    // Pause, then resume: the list is redrawn in place with what changed.
    const paused = await click(h, MEETINGS.pause, meeting.id);
    expect(paused.replace_original).toBe(true);
    expect(paused.text).toContain("Paused *Leadership weekly*");
    expect(button(paused, MEETINGS.resume).value).toBe(meeting.id);
    expect((await h.db.prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).paused).toBe(true);
    const resumed = await click(h, MEETINGS.resume, meeting.id);
    expect(resumed.text).toContain("Resumed *Leadership weekly*");
    expect((await h.db.prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id } })).paused).toBe(false);

    // Remove: Slack asks first (the button's confirm), then the meeting is gone.
    expect(button(resumed, MEETINGS.remove).confirm).toMatchObject({
      title: { text: "Remove this meeting?" },
    });
    const removed = await click(h, MEETINGS.remove, meeting.id);
    expect(removed.text).toContain("Removed *Leadership weekly*");
    expect(await h.db.prisma.meeting.count()).toBe(0);

    const actions = await h.db.prisma.auditEvent.findMany({
      where: { action: { startsWith: "meeting." } },
      orderBy: { id: "asc" },
    });
    expect(actions.map((a) => a.action)).toEqual([
      "meeting.added",
      "meeting.updated",
      "meeting.paused",
      "meeting.resumed",
      "meeting.removed",
    ]);
    expect(actions.every((a) => a.actor === ADMIN && a.subjectId === meeting.id)).toBe(true);
    expect(actions[4]?.data).toMatchObject({ name: "Leadership weekly", schedule: "30 8 * * 2" });
  });

  it("stores a submission sent twice (a retry or a second click on Save) once", async () => {
    const view = await openAdd(h);
    const values = form({});
    const send = () =>
      h.slack.viewSubmission({
        callbackId: view.callback_id,
        privateMetadata: view.private_metadata,
        userId: ADMIN,
        viewId: "VADDTWICE1",
        values,
      });
    const replies = [...(await Promise.all([send(), send()])), await send()];
    for (const r of replies) expect((r.json as { response_action: string }).response_action).toBe("update");
    expect(await h.db.prisma.meeting.count()).toBe(1);
    expect(await h.db.prisma.auditEvent.count({ where: { action: "meeting.added" } })).toBe(1);
    // Another modal with the same name is a different meeting: refused.
    const other = await submit(h, await openAdd(h), values);
    expect((other as { errors: Record<string, string> }).errors[B.name]).toContain("already a meeting");
  });

  it("refuses non-admins privately and changes nothing", async () => {
    const meeting = await addWeekly(h);
    const snapshot = await h.db.prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id } });

    const denied = await h.slack.command({ command: "/cx", text: "meetings add", user_id: EXEC });
    expect((denied.json as Message).text).toContain("needs the admin role");

    for (const actionId of [MEETINGS.pause, MEETINGS.remove, MEETINGS.edit]) {
      const reply = await click(h, actionId, meeting.id, MANAGER);
      expect(reply.replace_original).toBe(false);
      expect(reply.text).toContain("needs the admin role");
    }
    // Even a modal an admin opened, submitted by someone else, is refused.
    const view = await openAdd(h);
    const forged = await submit(h, view, form({ name: "Forged" }), EXEC);
    expect((forged as { errors: Record<string, string> }).errors[B.name]).toContain("admin role");

    expect(await h.db.prisma.meeting.findMany()).toEqual([snapshot]);
    expect(await h.db.prisma.auditEvent.count({ where: { action: { startsWith: "meeting." } } })).toBe(1);
  });
});

describe("/cx meetings", () => {
  let h: SlackHarness;
  let smbId: string;
  beforeEach(async () => {
    ({ h, smbId } = await start(await openPglite()));
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  it("shows executives the list with only a Preview button, and refuses employees", async () => {
    await addWeekly(h, { segments: [segmentValue(smbId)], period: "7" });
    const seen = await list(h, EXEC);
    expect(seen.text).toContain(
      "Mondays 09:00 Europe/Madrid · digest 1 h 30 min before · SMB · Spanish · covers the last 7 days · active",
    );
    // Executives may preview the digest, nothing else.
    expect(buttons(seen).map((b) => b.action_id)).toEqual([MEETINGS.preview]);
    const preview = await click(h, MEETINGS.preview, button(seen, MEETINGS.preview).value, EXEC);
    expect(preview.replace_original).toBe(false);
    expect(preview.text).toContain("Did we earn the right to grow?");
    expect(JSON.stringify(preview.blocks)).toContain("Leadership weekly");
    const employee = await list(h, EMPLOYEE);
    expect(employee.text).toContain("needs the executive role");
    const help = await h.slack.command({ command: "/cx", text: "help", user_id: EMPLOYEE });
    expect((help.json as Message).text).toContain("`/cx meetings`");
  });

  it("accepts a cron schedule and refuses a duplicate name regardless of case", async () => {
    const meeting = await addWeekly(h, { cron: "0 9 * * 1#1", lead: "1 d" });
    expect(meeting).toMatchObject({ schedule: "0 9 * * 1#1", leadMinutes: 1440 });
    const again = await submit(h, await openAdd(h), form({ name: "LEADERSHIP  weekly" }));
    expect((again as { errors: Record<string, string> }).errors[B.name]).toBe(
      "There is already a meeting called “Leadership weekly”. Pick another name.",
    );
    expect(await h.db.prisma.meeting.count()).toBe(1);
    // Editing it keeps a schedule that is not weekly as cron in the modal.
    const first = await list(h);
    const before = h.fake.callsTo("views.open").length;
    await h.slack.blockAction({
      actionId: MEETINGS.edit,
      value: button(first, MEETINGS.edit).value,
      userId: ADMIN,
      responseUrl: h.fake.responseUrl(),
    });
    const view = await waitForView(h, before);
    expect(view.blocks.find((b) => b.block_id === B.cron)?.element?.initial_value).toBe("0 9 * * 1#1");
  });

  it("starts a changed schedule from the edit, so the scheduler finds no past occurrence of it", async () => {
    const meeting = await addWeekly(h);
    // A week later (Wednesday 1 April), the meeting moves from Mondays to Tuesdays.
    clockNow = new Date("2026-04-01T12:00:00Z");
    const edit = async (o: Parameters<typeof form>[0]) => {
      const before = h.fake.callsTo("views.open").length;
      await h.slack.blockAction({ actionId: MEETINGS.edit, value: meeting.id, userId: ADMIN });
      const reply = await submit(h, await waitForView(h, before), form(o));
      expect(reply?.response_action).toBe("update");
      return h.db.prisma.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    };
    const moved = await edit({ day: "tue" });
    expect(moved.createdAt).toEqual(clockNow);
    // Tuesday 31 March 09:00 never had a digest; it must not be reported as missed.
    expect(dueOccurrences(moved, clockNow)).toEqual([]);
    clockNow = new Date("2026-04-02T12:00:00Z");
    const renamed = await edit({ day: "tue", name: "Board" });
    expect(renamed).toMatchObject({ name: "Board", createdAt: moved.createdAt });
  });

  it("refuses a private channel the app is not in", async () => {
    h.fake.setChannel("GSECRET", { is_private: true, is_member: false, is_channel: false });
    const reply = await submit(h, await openAdd(h), form({ channel: "GSECRET" }));
    expect((reply as { errors: Record<string, string> }).errors[B.channel]).toContain("/invite @RightToGrow");
    expect(await h.db.prisma.meeting.count()).toBe(0);
  });

  it("speaks Spanish to a person whose Slack is in Spanish", async () => {
    h.fake.setUser(ADMIN, { locale: "es-ES", tz: "Europe/Madrid" });
    const view = await openAdd(h);
    expect(view.title.text).toBe("Nueva reunión");
    const bad = await submit(h, view, form({ timezone: "Madrid" }));
    expect((bad as { errors: Record<string, string> }).errors[B.timezone]).toContain(
      "Zona horaria desconocida «Madrid»",
    );
    const ok = await submit(h, view, form({ lead: "2 horas" }));
    expect(JSON.stringify(ok)).toContain("Los lunes 09:00 Europe/Madrid");
    expect(JSON.stringify(ok)).toContain("lun, 30 mar, 07:00, para la reunión de las lun, 30 mar, 09:00");
    const shown = await list(h);
    expect(shown.text).toContain("Reuniones de dirección");
    expect(button(shown, MEETINGS.pause).text).toMatchObject({ text: "Pausar" });
    const paused = await click(h, MEETINGS.pause, button(shown, MEETINGS.pause).value);
    expect(paused.text).toContain("*Leadership weekly* en pausa");
  });
});
