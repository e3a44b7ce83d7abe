import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import type { Workspace } from "../../../src/generated/prisma/client.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { VOICE_BLOCK, VOICE_INPUT } from "../../../src/slack/features/voices/ids.js";
import { VOICE } from "../../../src/slack/kit/ids.js";
import { testDatabases } from "../../helpers/db.js";
import type { RecordedCall } from "../../helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { appHomeOpened, field, stateValues } from "../../helpers/slack-requests.js";

// App Home end to end: the dashboard each person gets when they open the Home tab.

type Home = {
  type: string;
  blocks: Array<{ type: string; elements?: Array<{ action_id?: string; value?: string }> }>;
};

/** Every text on the page, one string per text object, in order. */
function textsOf(view: unknown): string[] {
  const out: string[] = [];
  const walk = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === "object") {
      const o = x as Record<string, unknown>;
      if ((o.type === "mrkdwn" || o.type === "plain_text") && typeof o.text === "string") out.push(o.text);
      else Object.values(o).forEach(walk);
    }
  };
  walk(view);
  return out;
}

const buttonsOf = (view: Home) =>
  view.blocks.flatMap((b) => (b.type === "actions" ? (b.elements ?? []) : [])).map((e) => e.action_id);

describe.each(testDatabases())("App Home on $name", ({ open }) => {
  let h: SlackHarness;
  let ws: Workspace;
  const now = new Date("2026-03-30T00:00:00Z");
  const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);

  beforeEach(async () => {
    h = await startSlackHarness(await open(), {
      // A minimum of 5 answers: the company's and SMB's NPS are read, Enterprise's (n = 2) is not.
      env: { ROLE_EXECUTIVES: "UEXEC", ROLE_MANAGERS: "UMGR,UMGRES", MIN_SCORE_ANSWERS: "5" },
      clock: () => now,
    });
    ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    for (const kind of ["movements", "responses"] as const) {
      await importCsv(h.db, kind, join(import.meta.dirname, `../../fixtures/${kind}.csv`), {
        workspaceId: ws.id,
        reportingCurrency: "EUR",
        timeZone: "UTC",
        skipInvalid: false,
        dryRun: false,
      });
    }
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  /** Opens the Home tab as `userId` and returns the page published for them. */
  async function openHome(userId: string, opts: { retryNum?: number; eventId?: string } = {}): Promise<Home> {
    const before = h.fake.callsTo("views.publish").filter((c) => c.args.user_id === userId).length;
    const res = await h.slack.event(appHomeOpened({ userId }), opts);
    expect(res.status).toBe(200);
    await h.fake.waitFor(
      "views.publish",
      () => h.fake.callsTo("views.publish").filter((c) => c.args.user_id === userId).length > before,
    );
    const published = h.fake.callsTo("views.publish").filter((c) => c.args.user_id === userId);
    return (published.at(-1) as RecordedCall).args.view as Home;
  }

  const submitNote = async (userId: string, text: string, anonymous = false) => {
    await h.slack.viewSubmission({
      callbackId: VOICE.modal,
      userId,
      privateMetadata: JSON.stringify({ v: 1, permalink: null }),
      values: stateValues({
        [VOICE_BLOCK.source]: { [VOICE_INPUT.source]: field.select("employee") },
        [VOICE_BLOCK.text]: { [VOICE_INPUT.text]: field.text(text) },
        [VOICE_BLOCK.anonymous]: {
          [VOICE_INPUT.anonymous]: field.checkboxes(anonymous ? ["anonymous"] : []),
        },
      }),
    });
    await h.fake.waitFor(
      "chat.postMessage",
      (c) => c.args.channel === userId && String(c.args.text).includes(text),
    );
  };

  it("shows a manager this period's numbers for the company and for every segment", async () => {
    const home = await openHome("UMGR");
    expect(home.type).toBe("home");
    const texts = textsOf(home);
    expect(texts).toContain(
      "*Did we earn the right to grow?*\nLast 28 days (2 Mar – 30 Mar), compared with the 28 days before.",
    );
    expect(texts).toEqual(
      expect.arrayContaining([
        "*Whole company* — 📈 We grew",
        "*Gained*\n3 (EUR 43,999)",
        "*Lost*\n3 (EUR 33,500)",
        "*Won back*\n1 (EUR 800)",
        "*Net customers*\n+1 (before: +1)",
        "*Net value*\n+EUR 16,299 (before: +EUR 600)",
        // P 2, D 3 of 7: n′ 10, p′ 0.275, d′ 0.375, SE √(0.64/10) = 0.25298 → −10 ± 49.6
        "*NPS*\n−14.3 (n=7, 95% −59.6–39.6)",
        // Cohort at 2 Mar: c2 2000, c4 1500, c9 100, c10 4500, c3 50000, c6 30000 = 88100. At 30 Mar:
        // c9 100 + c10 4500 + c3 55000 = 59600 → 67.65 → 67.7; min: 4600 + 50000 = 54600 → 62.0;
        // 3 of 6 → 50.0. Quick ratio (43999 + 800 + 10000) / (33500 + 5000) = 1.423 → 1.42.
        "*Retention (customers at the start)*\nNRR 67.7% · GRR 62.0% · logos 50.0%",
        "*Quick ratio*\n1.42",
        "By segment",
        // 55000/80000 = 68.75 → 68.8; (40000 + 10000) / (30000 + 5000) = 1.43
        "*Enterprise* — gained 1 (EUR 40,000) + won back 0 (EUR 0) − lost 1 (EUR 30,000) = net 0 / +EUR 15,000 · NRR 68.8% · quick ratio 1.43 · NPS too few answers (n = 2)",
        // 4600/8100 = 56.79 → 56.8; (3999 + 800) / 3500 = 1.371 → 1.37; NPS P 2, D 2 of 5:
        // n′ 8, p′ = d′ = 0.34375, SE √(0.6875/8) = 0.29315 → 0 ± 57.5
        "*SMB* — gained 2 (EUR 3,999) + won back 1 (EUR 800) − lost 2 (EUR 3,500) = net +1 / +EUR 1,299 · NRR 56.8% · quick ratio 1.37 · NPS 0.0 (n=5, 95% −57.5–57.5)",
        "`/cx won` · `/cx lost` — record a customer won or lost, with the reason",
      ]),
    );
    expect(buttonsOf(home)).toEqual([VOICE.open]);
  });

  it("shows an employee the company total only, and only the actions an employee has", async () => {
    const home = await openHome("UEMP");
    const texts = textsOf(home);
    expect(texts).toContain("*Gained*\n3 (EUR 43,999)");
    expect(texts).toContain("Managers also see these numbers per segment.");
    const page = texts.join("\n");
    expect(page).not.toContain("By segment");
    expect(page).not.toContain("*SMB*");
    expect(page).not.toContain("/cx won");
    expect(page).not.toContain("Notes waiting for triage");
    expect(buttonsOf(home)).toEqual([VOICE.open]);
  });

  it("speaks Spanish to a Spanish-speaking person", async () => {
    h.fake.setUser("UMGRES", { locale: "es-ES" });
    const texts = textsOf(await openHome("UMGRES"));
    expect(texts).toEqual(
      expect.arrayContaining([
        "*¿Nos hemos ganado el derecho a crecer?*\nÚltimos 28 días (2 mar – 30 mar), frente a los 28 días anteriores.",
        "*Toda la empresa* — 📈 Hemos crecido",
        "*Ganados*\n3 (43.999 EUR)",
        "Por segmento",
        "Compartir una nota de voz",
      ]),
    );
    expect(texts.join("\n")).not.toContain("Whole company");
  });

  it("lists the person's signed notes, not their anonymous ones, and the surveys waiting for them", async () => {
    await submitNote("UEMP", "The onboarding checklist is out of date");
    await submitNote("UEMP", "I am afraid to say this with my name", true);
    await submitNote("UOTHER", "Someone else's note");

    const survey = (question: string) =>
      h.db.prisma.survey.create({
        data: { workspaceId: ws.id, kind: "nps", question, touchpoint: "relationship", audience: {} },
      });
    const waiting = await survey("How likely are you to recommend us to a friend?");
    const answered = await survey("Answered already?");
    const old = await survey("Asked long ago?");
    const deliver = (surveyId: string, sentAt: Date, recipient = "UEMP") =>
      h.db.prisma.surveyDelivery.create({
        data: {
          workspaceId: ws.id,
          surveyId,
          kind: "nps",
          recipientSlackId: recipient,
          status: "sent",
          sentAt,
          channelId: `D${recipient}`,
        },
      });
    await deliver(waiting.id, daysAgo(2));
    await deliver(answered.id, daysAgo(3));
    await deliver(old.id, daysAgo(20));
    await h.db.prisma.surveyResponse.create({
      data: {
        workspaceId: ws.id,
        surveyId: answered.id,
        kind: "nps",
        score: 9,
        respondentSlackId: "UEMP",
        respondedAt: daysAgo(3),
        source: "slack",
        idempotencyKey: `slack:survey:${answered.id}:UEMP`,
        contentHash: "x",
      },
    });

    const page = textsOf(await openHome("UEMP")).join("\n");
    expect(page).toContain("“The onboarding checklist is out of date” — _open_ · 30 Mar");
    expect(page).not.toContain("I am afraid to say this");
    expect(page).not.toContain("Someone else's note");
    expect(page).toContain(
      "• *NPS* — How likely are you to recommend us to a friend? (sent 28 Mar) — in your messages with me",
    );
    expect(page).not.toContain("Answered already?");
    expect(page).not.toContain("Asked long ago?");
  });

  it("offers executives the open notes with triage buttons, and nobody else", async () => {
    await submitNote("UEMP", "Support hours do not cover Latin America");
    const note = await h.db.prisma.voiceNote.findFirstOrThrow();
    const exec = await openHome("UEXEC");
    expect(textsOf(exec).join("\n")).toContain(
      "“Support hours do not cover Latin America”\nEmployee (VoE) · <@UEMP> · 30 Mar",
    );
    const triage = exec.blocks.flatMap((b) => b.elements ?? []).filter((e) => e.value === note.id);
    expect(triage.map((e) => e.action_id)).toEqual([VOICE.markDiscussed, VOICE.markActioned]);

    const manager = await openHome("UMGR");
    expect(JSON.stringify(manager)).not.toContain(note.id);
  });

  it("opens the voice-note modal from the Home button", async () => {
    await h.slack.blockAction({ actionId: VOICE.open, userId: "UEMP", view: { type: "home" } });
    const call = await h.fake.waitFor("views.open");
    expect((call.args.view as { callback_id: string }).callback_id).toBe(VOICE.modal);
  });

  it("publishes the same page again on a retried event, and ignores the Messages tab", async () => {
    const first = await openHome("UMGR", { eventId: "EvHOME1" });
    const retried = await openHome("UMGR", { eventId: "EvHOME1", retryNum: 1 });
    expect(retried).toEqual(first);
    expect(await h.db.prisma.voiceNote.count()).toBe(0);

    const res = await h.slack.event(appHomeOpened({ userId: "UMGR", tab: "messages" }));
    expect(res.status).toBe(200);
    await h.fake.waitForQuiet();
    expect(h.fake.callsTo("views.publish")).toHaveLength(2);
  });
});
