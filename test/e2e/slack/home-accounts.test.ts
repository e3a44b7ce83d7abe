import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { testDatabases } from "../../helpers/db.js";
import type { RecordedCall } from "../../helpers/fake-slack.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { appHomeOpened } from "../../helpers/slack-requests.js";

// App Home shows each owner their accounts: the customers they own (set with /cx owner), with
// the latest answer about each and its open alerts, capped with "and N more".

describe.each(testDatabases())("App Home accounts on $name", ({ open }) => {
  let h: SlackHarness;
  let workspaceId: string;
  let segmentId: string;
  const now = new Date("2026-03-30T00:00:00Z");

  beforeEach(async () => {
    h = await startSlackHarness(await open(), { env: { ROLE_MANAGERS: "UMGR" }, clock: () => now });
    workspaceId = (
      await workspaceForTeam(h.db.prisma, h.fake.teamId, {
        reportingCurrency: "EUR",
        defaultLocale: "en",
        timezone: "UTC",
      })
    ).id;
    segmentId = (await h.db.prisma.segment.create({ data: { workspaceId, key: "smb", name: "SMB" } })).id;
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  const customer = (name: string, owner: string | null = null) =>
    h.db.prisma.customer.create({
      data: {
        workspaceId,
        externalId: name.toLowerCase().replace(/\W/g, "-"),
        name,
        segmentId,
        ownerSlackUserId: owner,
      },
    });
  const answer = (customerId: string, score: number, at: string) =>
    h.db.prisma.surveyResponse.create({
      data: {
        workspaceId,
        kind: "nps",
        score,
        customerId,
        segmentId,
        respondedAt: new Date(at),
        source: "csv",
        idempotencyKey: `k-${customerId}-${at}`,
        contentHash: `h-${customerId}-${at}`,
      },
    });

  async function homeTextOf(userId: string): Promise<string> {
    const before = h.fake.callsTo("views.publish").filter((c) => c.args.user_id === userId).length;
    expect((await h.slack.event(appHomeOpened({ userId }))).status).toBe(200);
    await h.fake.waitFor(
      "views.publish",
      () => h.fake.callsTo("views.publish").filter((c) => c.args.user_id === userId).length > before,
    );
    const view = (
      h.fake
        .callsTo("views.publish")
        .filter((c) => c.args.user_id === userId)
        .at(-1) as RecordedCall
    ).args.view as { blocks: unknown[] };
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    return JSON.stringify(view.blocks);
  }

  it("lists the accounts an owner set with /cx owner has, with the latest score and open alerts", async () => {
    const acme = await customer("Acme <Tools>");
    await customer("Beta", "UOWN");
    await customer("Gamma", "USOMEONE");
    const old = await answer(acme.id, 9, "2026-03-01T10:00:00Z");
    const latest = await answer(acme.id, 3, "2026-03-20T10:00:00Z");
    await h.db.prisma.alert.create({ data: { workspaceId, responseId: latest.id, customerId: acme.id } });
    await h.db.prisma.alert.create({
      data: { workspaceId, responseId: old.id, customerId: acme.id, status: "actioned" },
    });

    const set = await h.slack.command({
      command: "/cx",
      text: "owner Acme <Tools> <@UOWN>",
      user_id: "UMGR",
    });
    expect((set.json as { text: string }).text).toContain("<@UOWN> now owns");

    const page = await homeTextOf("UOWN");
    expect(page).toContain("Your accounts");
    expect(page).toContain(
      JSON.stringify(
        "• *Acme &lt;Tools&gt;* (SMB) — latest NPS 3 on 20 Mar · 🔔 1 open alert\n• *Beta* (SMB) — no answers yet",
      ).slice(1, -1),
    );
    expect(page).not.toContain("Gamma");
    expect(page).not.toContain("and 1 more");

    // Someone who owns nothing sees no accounts section.
    expect(await homeTextOf("UMGR")).not.toContain("Your accounts");
  });

  it("caps the list and says how many more there are, in Spanish too", async () => {
    h.fake.setUser("UOWNES", { locale: "es-ES" });
    for (let i = 1; i <= 13; i += 1) {
      await customer(`Customer ${String(i).padStart(2, "0")}`, "UOWN");
      await customer(`Cliente ${String(i).padStart(2, "0")}`, "UOWNES");
    }
    const page = await homeTextOf("UOWN");
    expect(page).toContain("Customer 10");
    expect(page).not.toContain("Customer 11");
    expect(page).not.toContain("Cliente");
    expect(page).toContain("…and 3 more.");
    const es = await homeTextOf("UOWNES");
    expect(es).toContain("Tus cuentas");
    expect(es).toContain("…y 3 más.");
    expect(es).toContain("• *Cliente 01* (SMB) — aún sin respuestas");
  });
});
