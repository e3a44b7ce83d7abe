import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SURVEY, SURVEY_BLOCK } from "../../../src/slack/features/surveys/ids.js";
import { testDatabases } from "../../helpers/db.js";
import type { RecordedCall } from "../../helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { buttonValue, clickScore, makeCustomer, responses, sendSurvey, surveysTo } from "./surveys-kit.js";

// Closing the loop: a detractor about a customer raises one alert, posted to whoever can act on
// it, with buttons that only managers and above may use.

const alertsTo = (h: SlackHarness, channel: string) =>
  h.fake
    .callsTo("chat.postMessage")
    .filter(
      (c) => c.args.channel === channel && JSON.stringify(c.args.blocks ?? []).includes(SURVEY.alertActioned),
    );

describe.each(testDatabases())("survey alerts on $name", ({ open }) => {
  let h: SlackHarness;
  const now = new Date("2026-03-10T10:00:00Z");
  const start = async (env: Record<string, string> = {}) => {
    h = await startSlackHarness(await open(), { env: { ROLE_MANAGERS: "UMGR", ...env }, clock: () => now });
  };
  afterEach(async () => {
    await h.fake.waitForQuiet(200);
    await h.stop();
    await h.db.close();
  });

  const clickAlert = (alert: RecordedCall, actionId: string, userId: string) =>
    h.slack.blockAction({
      actionId,
      blockId: SURVEY_BLOCK.alertActions,
      userId,
      value: buttonValue(alert, actionId),
      channel: "DUOWN",
      message: { ts: "1700000000.000999" },
    });

  describe("with an owner", () => {
    beforeEach(() => start());

    it("alerts the owner once for a detractor; acknowledge and actioned work, for managers only", async () => {
      const { customer, segment } = await makeCustomer(h, { owner: "UOWN" });
      await sendSurvey(h, { users: ["U1", "U2"], subject: `customer:${customer.id}`, touchpoint: "support" });
      const [dm] = surveysTo(h, "U1");
      if (!dm) throw new Error("no DM");

      await clickScore(h, dm, "U1", 3);
      const alert = await h.fake.waitFor("chat.postMessage", (c) => alertsTo(h, "UOWN").includes(c));
      const text = JSON.stringify(alert.args.blocks);
      expect(text).toContain("NPS 3 from Acme Tools");
      expect(text).toContain("<@U1>");
      expect(text).toContain("Support");

      // The answer counts for the customer and the customer's segment.
      const [answer] = await responses(h);
      expect(answer).toMatchObject({ customerId: customer.id, segmentId: segment.id, score: 3 });

      // Still a detractor after a change of mind, or a promoter: no second alert.
      await clickScore(h, dm, "U1", 5);
      await clickScore(h, dm, "U1", 10);
      await h.fake.waitForQuiet(200);
      expect(await h.db.prisma.alert.count()).toBe(1);
      expect(alertsTo(h, "UOWN")).toHaveLength(1);

      // A promoter raises nothing.
      await clickScore(h, surveysTo(h, "U2")[0] as RecordedCall, "U2", 9);
      await h.fake.waitForQuiet(200);
      expect(await h.db.prisma.alert.count()).toBe(1);

      // An employee may not handle it.
      await clickAlert(alert, SURVEY.alertAcknowledge, "UEMP");
      const denied = await h.fake.waitForResponse((r) => String(r.body.text).includes("handling alerts"));
      expect(denied.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
      expect((await h.db.prisma.alert.findFirst())?.status).toBe("open");

      await clickAlert(alert, SURVEY.alertAcknowledge, "UMGR");
      let stored = await h.db.prisma.alert.findFirst();
      expect(stored).toMatchObject({ status: "acknowledged", handledBy: "UMGR" });
      const ackUpdate = await h.fake.waitFor("chat.update", (c) =>
        JSON.stringify(c.args.blocks).includes("Acknowledged by"),
      );
      expect(ackUpdate.args).toMatchObject({ channel: "DUOWN", ts: "1700000000.000999" });
      expect(JSON.stringify(ackUpdate.args.blocks)).toContain(SURVEY.alertActioned);

      await clickAlert(alert, SURVEY.alertActioned, "UMGR");
      stored = await h.db.prisma.alert.findFirst();
      expect(stored?.status).toBe("actioned");
      const done = await h.fake.waitFor("chat.update", (c) =>
        JSON.stringify(c.args.blocks).includes("Actioned by"),
      );
      expect(JSON.stringify(done.args.blocks)).not.toContain(SURVEY.alertAcknowledge);
      expect(JSON.stringify(done.args.blocks)).not.toContain(SURVEY.alertActioned);

      // Actioned is final: acknowledging again changes nothing.
      await clickAlert(alert, SURVEY.alertAcknowledge, "UMGR");
      await h.fake.waitForResponse((r) => String(r.body.text).includes("already *actioned*"));
      expect((await h.db.prisma.alert.findFirst())?.status).toBe("actioned");
    });

    it("adds the comment to the alert, and alerts anonymous answers without any identity", async () => {
      const { customer } = await makeCustomer(h, { owner: "UOWN" });
      await sendSurvey(h, {
        kind: "csat",
        users: ["U1"],
        anonymous: true,
        subject: `customer:${customer.id}`,
        question: "How satisfied are you with support?",
      });
      const [dm] = surveysTo(h, "U1");
      await clickScore(h, dm as RecordedCall, "U1", 1);
      const alert = await h.fake.waitFor("chat.postMessage", (c) => alertsTo(h, "UOWN").includes(c));
      const text = JSON.stringify(alert.args.blocks);
      expect(text).toContain("CSAT 1 from Acme Tools");
      expect(text).toContain("Anonymous");
      expect(text).not.toContain("U1");

      const thanks = await h.fake.waitForResponse((r) => JSON.stringify(r.body).includes(SURVEY.why));
      const why = buttonValue({ args: { blocks: thanks.body.blocks } } as never, SURVEY.why);
      await h.slack.blockAction({ actionId: SURVEY.why, userId: "U1", value: why, channel: "DU1" });
      const modal = await h.fake.waitFor("views.open", (c) =>
        JSON.stringify(c.args.view).includes(SURVEY.whyModal),
      );
      await h.slack.viewSubmission({
        callbackId: SURVEY.whyModal,
        userId: "U1",
        privateMetadata: (modal.args.view as { private_metadata: string }).private_metadata,
        values: {
          [SURVEY_BLOCK.comment]: { comment: { type: "plain_text_input", value: "Nobody called back" } },
        },
      });
      const updated = await h.fake.waitFor("chat.update", (c) =>
        JSON.stringify(c.args.blocks).includes("Nobody called back"),
      );
      expect(JSON.stringify(updated.args)).not.toContain("U1");
      const all = JSON.stringify(
        await h.db.prisma.$queryRawUnsafe<unknown[]>("SELECT * FROM survey_response"),
      );
      expect(all).not.toContain("U1");
      expect(JSON.stringify(await h.db.prisma.alert.findMany())).not.toContain("U1");
    });

    it("raises nothing for a survey about a segment, or for a customer's CES", async () => {
      const { customer, segment } = await makeCustomer(h);
      await sendSurvey(h, { users: ["U1"], subject: `segment:${segment.id}` });
      await clickScore(h, surveysTo(h, "U1")[0] as RecordedCall, "U1", 0);
      await sendSurvey(h, {
        kind: "ces",
        users: ["U2"],
        subject: `customer:${customer.id}`,
        question: "How easy was it?",
      });
      await clickScore(h, surveysTo(h, "U2")[0] as RecordedCall, "U2", 1);
      await h.fake.waitForQuiet(200);
      expect((await responses(h)).map((r) => [r.score, r.segmentId])).toEqual([
        [0, segment.id],
        [1, segment.id],
      ]);
      expect(await h.db.prisma.alert.count()).toBe(0);
    });
  });

  describe("without an owner", () => {
    it("posts to the alert channel when one is configured", async () => {
      await start({ ALERT_CHANNEL: "C0ALERTS" });
      const { customer } = await makeCustomer(h, { owner: null });
      await sendSurvey(h, { users: ["U1"], subject: `customer:${customer.id}` });
      await clickScore(h, surveysTo(h, "U1")[0] as RecordedCall, "U1", 6);
      await h.fake.waitFor("chat.postMessage", (c) => alertsTo(h, "C0ALERTS").includes(c));
      await h.fake.waitForQuiet(200);
      expect((await h.db.prisma.alert.findFirst())?.channelId).toBe("C0ALERTS");
    });

    it("falls back to the survey's sender, and past a destination Slack refuses", async () => {
      await start();
      const { customer } = await makeCustomer(h, { owner: "UGONE" });
      await sendSurvey(h, { users: ["U1"], subject: `customer:${customer.id}` });
      h.fake.failNext("chat.postMessage", { kind: "slack_error", error: "user_not_found" });
      await clickScore(h, surveysTo(h, "U1")[0] as RecordedCall, "U1", 2);
      const alert = await h.fake.waitFor("chat.postMessage", (c) => alertsTo(h, "UMGR").includes(c));
      expect(JSON.stringify(alert.args.blocks)).toContain("comes to you, who sent the survey");
    });
  });
});
