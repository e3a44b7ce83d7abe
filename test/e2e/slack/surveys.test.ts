import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SURVEY, SURVEY_BLOCK } from "../../../src/slack/features/surveys/ids.js";
import { openPglite, testDatabases } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import {
  blocksOf,
  buttonValue,
  clickScore,
  openSendModal,
  reportsTo,
  responses,
  sendSurvey,
  sendValues,
  surveysTo,
} from "./surveys-kit.js";

// Surveys end to end through the real Bolt app: sending, one-click answers, changing an answer,
// "Tell us why", and what a sender or a clicker is told when something is refused.

const ENV = { ROLE_MANAGERS: "UMGR", SURVEY_THROTTLE_DAYS: "30" };

describe.each(testDatabases())("survey answers on $name", ({ open }) => {
  let h: SlackHarness;
  const now = new Date("2026-03-10T10:00:00Z");
  beforeEach(async () => {
    h = await startSlackHarness(await open(), { env: ENV, clock: () => now });
  });
  afterEach(async () => {
    // Work after an ack (thank-yous, reports) may still be on its way to the fake Slack.
    await h.fake.waitForQuiet(200);
    await h.stop();
    await h.db.close();
  });

  it("stores one click as one answer; a second click changes it, never adds one", async () => {
    const report = await sendSurvey(h, { users: ["U1", "U2"] });
    expect(report).toContain("was sent to *2* recipients");
    const [dm] = surveysTo(h, "U1");
    if (!dm) throw new Error("U1 got no survey");
    // NPS: eleven buttons in two rows.
    const rows = blocksOf(dm).filter((b) => b.type === "actions");
    expect(rows.map((r) => r.elements?.length)).toEqual([6, 5]);

    const first = await clickScore(h, dm, "U1", 7);
    expect(first.status).toBe(200);
    // Stored before the click was acknowledged.
    let stored = await responses(h);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      score: 7,
      kind: "nps",
      respondentSlackId: "U1",
      source: "slack",
      idempotencyKey: `slack:survey:${stored[0]?.surveyId}:U1`,
      touchpoint: "relationship",
    });
    const thanks = await h.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Your answer: *7*"));
    expect(thanks.body).toMatchObject({ replace_original: true });
    expect(JSON.stringify(thanks.body)).toContain("Tell us why");

    await clickScore(h, dm, "U1", 9);
    await Promise.all([clickScore(h, dm, "U1", 9), clickScore(h, dm, "U1", 9)]);
    stored = await responses(h);
    expect(stored).toHaveLength(1);
    expect(stored[0]?.score).toBe(9);

    const delivery = await h.db.prisma.surveyDelivery.findFirst({ where: { recipientSlackId: "U1" } });
    expect(delivery?.status).toBe("answered");
  });

  it("stores a burst of clicks arriving together once each; a double click in the burst leaves one answer", async () => {
    const people = Array.from({ length: 24 }, (_, i) => `UB${i}`);
    await sendSurvey(h, { users: people });
    const clicks = people.map((p, i) => {
      const [dm] = surveysTo(h, p);
      if (!dm) throw new Error(`${p} got no survey`);
      return { p, dm, score: i % 11 };
    });
    // Everyone at once, and the first four click twice in the same burst (a double click).
    const sent = await Promise.all([
      ...clicks.map(({ p, dm, score }) => clickScore(h, dm, p, score)),
      ...clicks.slice(0, 4).map(({ p, dm }) => clickScore(h, dm, p, 10)),
    ]);
    expect(sent.map((r) => r.status)).toEqual(sent.map(() => 200));
    const stored = await responses(h);
    expect(stored).toHaveLength(people.length);
    const scoreOf = new Map(stored.map((r) => [r.respondentSlackId, r.score]));
    for (const { p, score } of clicks.slice(4)) expect(scoreOf.get(p)).toBe(score);
    // A double click in one burst leaves one answer, with one of the two scores clicked.
    for (const { p, score } of clicks.slice(0, 4)) expect([score, 10]).toContain(scoreOf.get(p));
    const answered = await h.db.prisma.surveyDelivery.count({ where: { status: "answered" } });
    expect(answered).toBe(people.length);
  });
});

describe("surveys", () => {
  let h: SlackHarness;
  let now: Date;
  beforeEach(async () => {
    now = new Date("2026-03-10T10:00:00Z");
    h = await startSlackHarness(await openPglite(), { env: ENV, clock: () => now });
  });
  afterEach(async () => {
    // Work after an ack (thank-yous, reports) may still be on its way to the fake Slack.
    await h.fake.waitForQuiet(200);
    await h.stop();
    await h.db.close();
  });

  it("opens the modal with the question in the sender's language", async () => {
    const view = await openSendModal(h, "nps");
    expect(view.callback_id).toBe(SURVEY.sendModal);
    expect(JSON.stringify(view)).toContain("How likely are you to recommend us to a friend or colleague?");
    const blockIds = view.blocks.map((b) => b.block_id);
    expect(blockIds).toEqual(
      expect.arrayContaining([
        SURVEY_BLOCK.channels,
        SURVEY_BLOCK.users,
        SURVEY_BLOCK.subject,
        SURVEY_BLOCK.anonymous,
      ]),
    );
  });

  it("offers user groups and sends to their members", async () => {
    h.fake.setUsergroup("S0CX", ["U5", "U6"], { handle: "cx-team", name: "CX team" });
    const view = await openSendModal(h, "csat");
    expect(JSON.stringify(view)).toContain("@cx-team");
    const report = await sendSurvey(h, {
      kind: "csat",
      usergroup: "S0CX",
      question: "How satisfied are you with onboarding?",
    });
    expect(report).toContain("*2* recipients");
    expect(surveysTo(h, "U5")).toHaveLength(1);
    const [msg] = surveysTo(h, "U6");
    expect(JSON.stringify(msg?.args.blocks)).toContain("How satisfied are you with onboarding?");
    expect(blocksOf(msg as never).filter((b) => b.type === "actions")[0]?.elements).toHaveLength(5);
  });

  it("posts once in a channel; everyone there answers for themselves, privately thanked", async () => {
    const report = await sendSurvey(h, { channels: ["C100"], mode: "channel" });
    expect(report).toContain("*1* recipient");
    const [post] = surveysTo(h, "C100");
    if (!post) throw new Error("no channel post");
    await clickScore(h, post, "U1", 10);
    await clickScore(h, post, "U2", 4);
    const stored = await responses(h);
    expect(stored.map((r) => [r.respondentSlackId, r.score])).toEqual([
      ["U1", 10],
      ["U2", 4],
    ]);
    const thanks = await h.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Your answer: *4*"));
    expect(thanks.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const delivery = await h.db.prisma.surveyDelivery.findMany();
    expect(delivery.map((d) => [d.recipientSlackId, d.status])).toEqual([["C100", "sent"]]);
  });

  it("DMs each human member of a channel when asked to, leaving bots out", async () => {
    h.fake.setChannel("C200", { members: ["U1", "U2", "UBOT", "UAPP"] });
    h.fake.setUser("UAPP", { is_bot: true });
    await sendSurvey(h, {
      channels: ["C200"],
      mode: "dm",
      kind: "ces",
      question: "How easy was it to get help today?",
    });
    expect(surveysTo(h, "C200")).toHaveLength(0);
    expect(surveysTo(h, "U1")).toHaveLength(1);
    expect(surveysTo(h, "U2")).toHaveLength(1);
    expect(surveysTo(h, "UBOT")).toHaveLength(0);
    expect(surveysTo(h, "UAPP")).toHaveLength(0);
    // CES labels its ends on the buttons.
    const labels = JSON.stringify(surveysTo(h, "U1")[0]?.args.blocks);
    expect(labels).toContain("1 · Very difficult");
    expect(labels).toContain("7 · Very easy");
  });

  it("throttles: nobody is asked the same kind twice within the window, and the sender hears who and when", async () => {
    await sendSurvey(h, { users: ["U1"], channels: ["C100"] });
    now = new Date("2026-03-20T10:00:00Z");
    const report = await sendSurvey(h, { users: ["U1", "U2"], channels: ["C100"] });
    expect(surveysTo(h, "U1")).toHaveLength(1);
    expect(surveysTo(h, "U2")).toHaveLength(1);
    expect(surveysTo(h, "C100")).toHaveLength(1);
    expect(report).toContain("was sent to *1* recipient");
    expect(report).toContain("Skipped — asked recently");
    expect(report).toContain("every 30 days");
    expect(report).toMatch(/<@U1> — last asked on <!date\^\d+\^\{date_short\}\|2026-03-10>/);
    expect(report).toMatch(/<#C100> — last asked on .*2026-03-10/);
    const skipped = await h.db.prisma.surveyDelivery.findMany({ where: { status: "skipped" } });
    expect(skipped.map((d) => d.recipientSlackId).sort()).toEqual(["C100", "U1"]);

    // Another kind is another question.
    await sendSurvey(h, { kind: "csat", users: ["U1"], question: "How satisfied are you with support?" });
    expect(surveysTo(h, "U1")).toHaveLength(2);
    // After the window, NPS again.
    now = new Date("2026-04-09T10:00:00Z");
    await sendSurvey(h, { users: ["U1"] });
    expect(surveysTo(h, "U1")).toHaveLength(3);
  });

  it("tells the sender which recipients Slack refused, with Slack's error", async () => {
    h.fake.failNext("chat.postMessage", { kind: "slack_error", error: "channel_not_found" });
    const report = await sendSurvey(h, { channels: ["C999"] });
    expect(report).toContain("was not sent to anyone");
    expect(report).toContain("<#C999> — Slack said `channel_not_found`");
    const [d] = await h.db.prisma.surveyDelivery.findMany();
    expect(d).toMatchObject({ status: "failed", skipReason: "channel_not_found" });
  });

  it("anonymous surveys go as DMs and store no identity anywhere in the answers", async () => {
    h.fake.setChannel("C300", { members: ["U1", "U2"] });
    const report = await sendSurvey(h, {
      channels: ["C300"],
      mode: "channel",
      anonymous: true,
      kind: "csat",
      question: "How satisfied are you with the new plan?",
    });
    expect(report).toContain("anonymous");
    expect(surveysTo(h, "C300")).toHaveLength(0);
    const [dm1] = surveysTo(h, "U1");
    const [dm2] = surveysTo(h, "U2");
    if (!dm1 || !dm2) throw new Error("missing DMs");
    expect(JSON.stringify(dm1.args.blocks)).toContain("This survey is anonymous");

    await clickScore(h, dm1, "U1", 2);
    await clickScore(h, dm1, "U1", 3); // changes the same anonymous answer
    await clickScore(h, dm2, "U2", 5);
    const stored = await responses(h);
    expect(stored.map((r) => r.score).sort()).toEqual([3, 5]);
    expect(stored.every((r) => r.respondentSlackId === null)).toBe(true);
    expect(stored.every((r) => r.idempotencyKey.startsWith("slack:anon:"))).toBe(true);

    // "Tell us why" stays anonymous too.
    const thanks = await h.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Your answer: *3*"));
    const whyValue = buttonValue({ args: { blocks: thanks.body.blocks } } as never, SURVEY.why);
    await h.slack.blockAction({ actionId: SURVEY.why, userId: "U1", value: whyValue, channel: "DU1" });
    const modal = await h.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id: string }).callback_id === SURVEY.whyModal,
    );
    const view = modal.args.view as { private_metadata: string };
    const sub = await h.slack.viewSubmission({
      callbackId: SURVEY.whyModal,
      userId: "U1",
      privateMetadata: view.private_metadata,
      values: {
        [SURVEY_BLOCK.comment]: { comment: { type: "plain_text_input", value: "Too pricey for us" } },
      },
    });
    expect(sub.json).toMatchObject({ response_action: "update" });

    const rows = await h.db.prisma.$queryRawUnsafe<unknown[]>("SELECT * FROM survey_response");
    const dump = JSON.stringify(rows);
    expect(dump).toContain("Too pricey for us");
    expect(dump).not.toContain("U1");
    expect(dump).not.toContain("U2");
    // The nonce that keys an answer is not kept with the person it was sent to.
    const nonce = JSON.parse(buttonValue(dm1, "survey_answer_3")).t as string;
    expect(
      JSON.stringify(await h.db.prisma.$queryRawUnsafe<unknown[]>("SELECT * FROM survey_delivery")),
    ).not.toContain(nonce);
    // Nor is an anonymous answer tied back to its delivery.
    const deliveries = await h.db.prisma.surveyDelivery.findMany();
    expect(deliveries.every((d) => d.status === "sent")).toBe(true);
  });

  it("refuses forged and out-of-range answers privately and stores nothing", async () => {
    await sendSurvey(h, { users: ["U1"], kind: "csat", question: "How satisfied are you with support?" });
    const [dm] = surveysTo(h, "U1");
    if (!dm) throw new Error("no DM");
    const good = JSON.parse(buttonValue(dm, "survey_answer_5"));
    const attempts: Array<[string, unknown]> = [
      ["survey_answer_6", { ...good, n: 6 }], // CSAT stops at 5
      ["survey_answer_0", { ...good, n: 0 }],
      ["survey_answer_5", { ...good, n: 4 }], // value disagrees with the button
      ["survey_answer_5", { ...good, k: "nps" }], // not this survey's kind
      ["survey_answer_5", { ...good, s: "0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b" }], // no such survey
      ["survey_answer_5", { ...good, t: "AAAAAAAAAAAAAAAAAAAAAA", g: "AAAAAAAAAAAAAAAAAAAAAA" }], // token on a signed survey
      ["survey_answer_5", "not json"],
    ];
    for (const [actionId, value] of attempts) {
      const before = h.fake.responses.length;
      const res = await h.slack.blockAction({
        actionId,
        userId: "U1",
        value: typeof value === "string" ? value : JSON.stringify(value),
        channel: "DU1",
      });
      expect(res.status).toBe(200);
      await h.fake.waitForResponse(() => h.fake.responses.length > before);
      const reply = h.fake.responses.at(-1)?.body ?? {};
      expect(reply).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect(String(reply.text)).toMatch(/Nothing was saved/);
    }
    expect(await responses(h)).toHaveLength(0);
  });

  it("refuses a forged anonymous token", async () => {
    await sendSurvey(h, { users: ["U1"], anonymous: true });
    const [dm] = surveysTo(h, "U1");
    const good = JSON.parse(buttonValue(dm as never, "survey_answer_8"));
    await h.slack.blockAction({
      actionId: "survey_answer_8",
      userId: "U1",
      value: JSON.stringify({ ...good, t: "BBBBBBBBBBBBBBBBBBBBBB" }),
      channel: "DU1",
    });
    const reply = await h.fake.waitForResponse();
    expect(String(reply.body.text)).toContain("not valid");
    expect(await responses(h)).toHaveLength(0);
  });

  it("saves the comment from “Tell us why” on the same answer", async () => {
    await sendSurvey(h, { users: ["U1"] });
    const [dm] = surveysTo(h, "U1");
    await clickScore(h, dm as never, "U1", 8);
    const thanks = await h.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Tell us why"));
    const whyValue = buttonValue({ args: { blocks: thanks.body.blocks } } as never, SURVEY.why);
    await h.slack.blockAction({ actionId: SURVEY.why, userId: "U1", value: whyValue, channel: "DU1" });
    const modal = await h.fake.waitFor(
      "views.open",
      (c) => (c.args.view as { callback_id: string }).callback_id === SURVEY.whyModal,
    );
    const view = modal.args.view as { private_metadata: string };
    expect(JSON.stringify(modal.args.view)).toContain("your score of 8");

    const empty = await h.slack.viewSubmission({
      callbackId: SURVEY.whyModal,
      userId: "U1",
      privateMetadata: view.private_metadata,
      values: { [SURVEY_BLOCK.comment]: { comment: { type: "plain_text_input", value: "  " } } },
    });
    expect(empty.json).toMatchObject({
      response_action: "errors",
      errors: { [SURVEY_BLOCK.comment]: "Please write your comment." },
    });

    const ok = await h.slack.viewSubmission({
      callbackId: SURVEY.whyModal,
      userId: "U1",
      privateMetadata: view.private_metadata,
      values: {
        [SURVEY_BLOCK.comment]: { comment: { type: "plain_text_input", value: "Great onboarding team" } },
      },
    });
    expect(ok.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(ok.json)).toContain("your comment was saved");
    const stored = await responses(h);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ score: 8, comment: "Great onboarding team", respondentSlackId: "U1" });

    // Someone else cannot comment on U1's answer: they have none.
    const other = await h.slack.viewSubmission({
      callbackId: SURVEY.whyModal,
      userId: "U2",
      privateMetadata: view.private_metadata,
      values: { [SURVEY_BLOCK.comment]: { comment: { type: "plain_text_input", value: "sneaky" } } },
    });
    expect(JSON.stringify(other.json)).toContain("can't find your answer");
    expect((await responses(h))[0]?.comment).toBe("Great onboarding team");
  });

  it("refuses /cx survey to an employee, and answers a bad kind with the usage", async () => {
    const denied = await h.slack.command({ command: "/cx", text: "survey nps", user_id: "UEMP" });
    expect(denied.json).toMatchObject({ response_type: "ephemeral" });
    expect((denied.json as { text: string }).text).toContain("sending a survey needs the manager role");
    expect(h.fake.callsTo("views.open")).toHaveLength(0);

    for (const text of ["survey", "survey npx"]) {
      const usage = await h.slack.command({ command: "/cx", text, user_id: "UMGR" });
      expect((usage.json as { text: string }).text).toContain("Usage: `/cx survey nps|csat|ces`");
    }

    // A submission forged for an employee is refused on the server too.
    const res = await h.slack.viewSubmission({
      callbackId: SURVEY.sendModal,
      userId: "UEMP",
      privateMetadata: JSON.stringify({ v: 1, kind: "nps" }),
      values: sendValues({ users: ["U1"] }),
    });
    expect(res.json).toMatchObject({ response_action: "errors" });
    expect(JSON.stringify(res.json)).toContain("manager role");
    expect(await h.db.prisma.survey.count()).toBe(0);
  });

  it("validates the modal: an audience, a question of 5–300 characters, a known form", async () => {
    const view = await openSendModal(h, "nps");
    const submit = (values: ReturnType<typeof sendValues>, privateMetadata = view.private_metadata) =>
      h.slack.viewSubmission({ callbackId: SURVEY.sendModal, userId: "UMGR", privateMetadata, values });
    const noAudience = await submit(sendValues({}));
    expect(noAudience.json).toMatchObject({
      response_action: "errors",
      errors: { [SURVEY_BLOCK.channels]: "Choose at least one channel, person or user group." },
    });
    const short = await submit(sendValues({ users: ["U1"], question: "Hm?" }));
    expect(short.json).toMatchObject({
      errors: { [SURVEY_BLOCK.question]: expect.stringContaining("at least 5") },
    });
    const long = await submit(sendValues({ users: ["U1"], question: "x".repeat(301) }));
    expect(long.json).toMatchObject({ errors: { [SURVEY_BLOCK.question]: expect.stringContaining("300") } });
    const tp = await submit(sendValues({ users: ["U1"], touchpoint: "billing" }));
    expect(tp.json).toMatchObject({ errors: { [SURVEY_BLOCK.touchpoint]: expect.any(String) } });
    const subject = await submit(sendValues({ users: ["U1"], subject: "customer:../../etc" }));
    expect(subject.json).toMatchObject({ errors: { [SURVEY_BLOCK.subject]: expect.any(String) } });
    const gone = await submit(
      sendValues({ users: ["U1"], subject: "customer:0b0b0b0b-0b0b-4b0b-8b0b-0b0b0b0b0b0b" }),
    );
    expect(gone.json).toMatchObject({
      errors: { [SURVEY_BLOCK.subject]: expect.stringContaining("no longer exists") },
    });
    const stale = await submit(sendValues({ users: ["U1"] }), "{not json");
    expect(stale.json).toMatchObject({
      errors: { [SURVEY_BLOCK.question]: expect.stringContaining("out of date") },
    });
    expect(await h.db.prisma.survey.count()).toBe(0);
    expect(surveysTo(h, "U1")).toHaveLength(0);
  });

  it("creates one survey when the same form is submitted twice", async () => {
    const view = await openSendModal(h, "nps");
    const submit = () =>
      h.slack.viewSubmission({
        callbackId: SURVEY.sendModal,
        viewId: "VSAMEFORM01",
        userId: "UMGR",
        privateMetadata: view.private_metadata,
        values: sendValues({ users: ["U1"] }),
      });
    await submit();
    await submit();
    await h.fake.waitFor("chat.postMessage", () => reportsTo(h, "UMGR").length > 0);
    await h.fake.waitForQuiet(200);
    expect(reportsTo(h, "UMGR")).toHaveLength(1);
    expect(await h.db.prisma.survey.count()).toBe(1);
    expect(surveysTo(h, "U1")).toHaveLength(1);
  });

  it("speaks Spanish to Spanish speakers: the sender's modal and report, the recipient's survey", async () => {
    h.fake.setUser("UMGR", { locale: "es-ES" });
    h.fake.setUser("UES", { locale: "es-ES" });
    const view = await openSendModal(h, "nps");
    expect(view.title.text).toBe("Enviar encuesta NPS");
    const question = "¿Qué probabilidad hay de que nos recomiendes a un amigo o colega?";
    expect(JSON.stringify(view)).toContain(question);

    const report = await sendSurvey(h, { users: ["UES", "UEN"], question });
    expect(report).toContain("se ha enviado a *2* destinatarios");
    const es = JSON.stringify(surveysTo(h, "UES")[0]?.args.blocks);
    expect(es).toContain(question);
    expect(es).toContain("responde con un clic");
    // The default question reaches an English reader in English.
    expect(JSON.stringify(surveysTo(h, "UEN")[0]?.args.blocks)).toContain(
      "How likely are you to recommend us to a friend or colleague?",
    );

    await clickScore(h, surveysTo(h, "UES")[0] as never, "UES", 9);
    const thanks = await h.fake.waitForResponse((r) => JSON.stringify(r.body).includes("Cuéntanos por qué"));
    expect(JSON.stringify(thanks.body)).toContain("¡Gracias! Tu respuesta: *9*");
  });

  it("tells the person their answer was not saved when the database does not answer", async () => {
    await sendSurvey(h, { users: ["U1"] });
    const [dm] = surveysTo(h, "U1");
    const value = buttonValue(dm as never, "survey_answer_6");
    await h.db.close();
    const res = await h.slack.blockAction({
      actionId: "survey_answer_6",
      userId: "U1",
      value,
      channel: "DU1",
    });
    expect(res.status).toBe(200);
    const reply = await h.fake.waitForResponse();
    expect(String(reply.body.text)).toContain("not saved");
    // Reopen a database so that afterEach can close one.
    h.db = await openPglite();
  });
});
