import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPglite } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";

// Malformed, unknown and outdated requests: a clear answer, and nothing stored.

const TABLES = ["customer_movement", "survey_response", "voice_note", "survey", "survey_delivery", "alert"];

describe("bad Slack input", () => {
  let h: SlackHarness;
  const rowCounts = async () => {
    const counts: Record<string, number> = {};
    for (const t of TABLES) {
      const [row] = await h.db.prisma.$queryRawUnsafe<Array<{ n: number }>>(
        `SELECT count(*)::int AS n FROM ${t}`,
      );
      counts[t] = row?.n ?? -1;
    }
    return counts;
  };
  beforeEach(async () => {
    h = await startSlackHarness(await openPglite());
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  it("answers a malformed interactive payload with 400", async () => {
    const before = await rowCounts();
    const res = await h.slack.post("payload=%7Bnot-json", "application/x-www-form-urlencoded");
    expect(res.status).toBe(400);
    expect(await rowCounts()).toEqual(before);
  });

  it("answers a click on a button this version does not know, privately and at once", async () => {
    const res = await h.slack.blockAction({ actionId: "retired_button_v0", userId: "U1", value: "x" });
    expect(res.status).toBe(200);
    const reply = await h.fake.waitForResponse();
    expect(JSON.stringify(reply)).toContain("older version of RightToGrow");
  });

  it("replaces an outdated form instead of failing its submission", async () => {
    const res = await h.slack.viewSubmission({ callbackId: "retired_modal_v0", userId: "U1" });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ response_action: "update" });
    expect(JSON.stringify(res.json)).toContain("older version");
  });

  it("refuses a request without a signature", async () => {
    const res = await h.slack.raw("command=%2Fcx&text=help&user_id=U1&team_id=T0001");
    expect(res.status).toBe(401);
  });
});
