import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SURVEY, SURVEY_BLOCK } from "../../../src/slack/features/surveys/ids.js";
import { openPglite } from "../../helpers/db.js";
import type { RecordedCall } from "../../helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { buttonValue, clickScore, makeCustomer, responses, sendSurvey, surveysTo } from "./surveys-kit.js";

// What an acknowledgement promises: a comment Slack saw saved is never told afterwards that it
// was not; and a refused click is answered privately even when Slack gave no response_url.

describe("surveys: what was acknowledged stands", () => {
  let h: SlackHarness;
  const now = new Date("2026-03-10T10:00:00Z");
  beforeEach(async () => {
    h = await startSlackHarness(await openPglite(), { env: { ROLE_MANAGERS: "UMGR" }, clock: () => now });
  });
  afterEach(async () => {
    await h.fake.waitForQuiet(200);
    await h.stop();
    await h.db.close();
  });

  it("does not tell a saved comment it was lost when its alert cannot be updated", async () => {
    const { customer } = await makeCustomer(h, { owner: "UOWN" });
    await sendSurvey(h, { kind: "csat", users: ["U1"], subject: `customer:${customer.id}` });
    const [dm] = surveysTo(h, "U1");
    await clickScore(h, dm as RecordedCall, "U1", 1);
    const thanks = await h.fake.waitForResponse((r) => JSON.stringify(r.body).includes(SURVEY.why));
    await h.fake.waitFor("chat.postMessage", (c) => JSON.stringify(c.args.blocks ?? []).includes("CSAT 1"));
    const why = buttonValue({ args: { blocks: thanks.body.blocks } } as never, SURVEY.why);
    await h.slack.blockAction({ actionId: SURVEY.why, userId: "U1", value: why, channel: "DU1" });
    const modal = await h.fake.waitFor("views.open", (c) =>
      JSON.stringify(c.args.view).includes(SURVEY.whyModal),
    );
    const from = h.fake.calls.length;
    h.fake.failNext("chat.update", { kind: "slack_error", error: "message_not_found" }, 5);
    const res = await h.slack.viewSubmission({
      callbackId: SURVEY.whyModal,
      userId: "U1",
      privateMetadata: (modal.args.view as { private_metadata: string }).private_metadata,
      values: { [SURVEY_BLOCK.comment]: { comment: { type: "plain_text_input", value: "Slow answers" } } },
    });
    expect(res.json).toMatchObject({ response_action: "update" });
    expect((await responses(h))[0]).toMatchObject({ comment: "Slow answers" });
    // The alert's update is tried (and refused) after the ack; then nothing more is said.
    await h.fake.waitFor("chat.update", (c) => h.fake.calls.indexOf(c) >= from);
    await h.fake.waitForQuiet(300);
    const told = h.fake.calls.slice(from).filter((c) => c.method.startsWith("chat.post"));
    expect(told.map((c) => c.args.text)).toEqual([]);
  });

  it("answers a refused click in its channel, privately, when Slack gave no response_url", async () => {
    const res = await h.slack.blockAction({
      actionId: `${SURVEY.answerPrefix}9`,
      userId: "U1",
      value: "not a survey value",
      channel: "CGENERAL",
      responseUrl: "",
    });
    expect(res.status).toBe(200);
    const reply = await h.fake.waitFor("chat.postEphemeral");
    expect(reply.args).toMatchObject({ channel: "CGENERAL", user: "U1" });
    expect(String(reply.args.text)).toContain("not valid");
  });
});
