import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SURVEY } from "../../../src/slack/features/surveys/ids.js";
import { testDatabases } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { clickScore, makeCustomer, sendSurvey, surveysTo } from "./surveys-kit.js";

// /cx owner: managers set, show and clear who owns a customer, through the real Bolt app and
// the fake Slack; the owner is who the customer's detractor alerts go to by DM.

describe.each(testDatabases())("/cx owner on $name", ({ open }) => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness(await open(), {
      env: { ROLE_MANAGERS: "UMGR", ALERT_CHANNEL: "CALERTS" },
      clock: () => new Date("2026-03-10T10:00:00Z"),
    });
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });
  const cx = async (text: string, user = "UMGR") => {
    const res = await h.slack.command({ command: "/cx", text, user_id: user });
    const json = res.json as { response_type: string; text: string };
    expect(json.response_type).toBe("ephemeral");
    return json.text;
  };
  /** A command acknowledged at once, answered through its response URL. */
  const cxLater = async (text: string, user = "UMGR") => {
    const before = h.fake.responses.length;
    const res = await h.slack.command({ command: "/cx", text, user_id: user });
    expect(res.status).toBe(200);
    const answer = await h.fake.waitForResponse((r) => h.fake.responses.indexOf(r) >= before);
    expect(answer.body.response_type).toBe("ephemeral");
    return String(answer.body.text);
  };
  const ownerOf = async (id: string) =>
    (await h.db.prisma.customer.findUniqueOrThrow({ where: { id } })).ownerSlackUserId;
  const audits = () =>
    h.db.prisma.auditEvent.findMany({
      where: { action: { startsWith: "customer.owner" } },
      orderBy: { createdAt: "asc" },
    });

  it("sets, shows and clears an owner, audited once per change", async () => {
    const { customer } = await makeCustomer(h, { owner: null, name: "Acme Tools" });
    expect(await cx("owner Acme Tools")).toContain("*Acme Tools* has no owner");

    expect(await cx("owner acme tools <@UJANE|jane>")).toContain("<@UJANE> now owns *Acme Tools*");
    expect(await ownerOf(customer.id)).toBe("UJANE");
    expect(await cx(`owner ${customer.externalId}`)).toContain("*Acme Tools* is owned by <@UJANE>");

    // The same owner again changes nothing and records nothing.
    expect(await cx("owner Acme Tools <@UJANE>")).toContain("already owns");
    // A typed @handle (the command is not escaped) is looked up.
    h.fake.setUser("UBOB", { name: "bob.smith" });
    expect(await cxLater("owner Acme Tools @bob.smith")).toContain(
      "<@UBOB> now owns *Acme Tools* (before: <@UJANE>)",
    );
    expect(await cx("owner Acme Tools none")).toContain("*Acme Tools* has no owner now (before: <@UBOB>)");
    expect(await ownerOf(customer.id)).toBeNull();

    const events = await audits();
    expect(events.map((e) => [e.action, e.actor, e.subjectId, e.data])).toEqual([
      [
        "customer.owner.set",
        "UMGR",
        customer.id,
        { externalId: customer.externalId, from: null, to: "UJANE" },
      ],
      [
        "customer.owner.set",
        "UMGR",
        customer.id,
        { externalId: customer.externalId, from: "UJANE", to: "UBOB" },
      ],
      [
        "customer.owner.cleared",
        "UMGR",
        customer.id,
        { externalId: customer.externalId, from: "UBOB", to: null },
      ],
    ]);
  });

  it("refuses an employee, and changes nothing for an unknown customer, several matches or a bad mention", async () => {
    const { customer } = await makeCustomer(h, { owner: "UOWN", name: "Acme Tools" });
    await makeCustomer(h, { owner: null, name: "Acme Labs" });

    expect(await cx("owner Acme Tools <@UEMP>", "UEMP")).toContain(
      "setting a customer's owner needs the manager role",
    );
    expect(await cx("owner Globex <@UJANE>")).toContain("No customer is called `Globex`");
    const several = await cx("owner acme <@UJANE>");
    expect(several).toContain("`acme` matches several customers; nothing was changed");
    expect(several).toContain("• *Acme Labs*");
    expect(several).toContain("• *Acme Tools*");
    expect(await cxLater("owner Acme Tools @nobody.here")).toContain(
      "I could not tell who `@nobody.here` is",
    );
    expect(await cx("owner Acme Tools <@not-an-id>")).toContain("I could not tell who `<@not-an-id>` is");
    expect(await cx("owner <@UJANE>")).toContain("`/cx owner <customer>` shows who owns a customer");
    expect(await cx("owner")).toContain("`/cx owner <customer> @person` sets the owner");

    expect(await ownerOf(customer.id)).toBe("UOWN");
    expect(await audits()).toHaveLength(0);
  });

  it("answers in Spanish", async () => {
    await makeCustomer(h, { owner: null, name: "Acme Tools" });
    h.fake.setUser("UMGR", { locale: "es-ES" });
    expect(await cx("owner Acme Tools <@UJANE>")).toContain("<@UJANE> es ahora responsable de *Acme Tools*");
    expect(await cx("owner Initech")).toContain("No hay ningún cliente llamado `Initech`");
  });

  it("a detractor about a customer whose owner was set with /cx owner is sent to the owner by DM", async () => {
    const { customer } = await makeCustomer(h, { owner: null, name: "Acme Tools" });
    expect(await cx("owner Acme Tools <@UJANE>")).toContain("now owns");
    await sendSurvey(h, { users: ["U1"], subject: `customer:${customer.id}` });
    const [dm] = surveysTo(h, "U1");
    if (!dm) throw new Error("no survey DM");
    await clickScore(h, dm, "U1", 2);
    const isAlert = (c: { args: Record<string, unknown> }) =>
      JSON.stringify(c.args.blocks ?? []).includes(SURVEY.alertActioned);
    const alert = await h.fake.waitFor("chat.postMessage", (c) => isAlert(c));
    expect(alert.args.channel).toBe("UJANE");
    expect(JSON.stringify(alert.args.blocks)).toContain("NPS 2 from Acme Tools");
    await h.fake.waitForQuiet(100);
    expect(
      h.fake.callsTo("chat.postMessage").filter((c) => isAlert(c) && c.args.channel === "CALERTS"),
    ).toEqual([]);
  });
});
