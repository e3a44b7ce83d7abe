import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { openPglite } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";
import { blockAction } from "../../helpers/slack-requests.js";

const fixture = (name: string) => join(import.meta.dirname, "../../fixtures", name);

describe("/cx digest preview and “Why did this change?”", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness(await openPglite(), {
      env: { ROLE_EXECUTIVES: "UEXEC", ROLE_MANAGERS: "UMGR" },
      clock: () => new Date("2026-03-29T00:00:00Z"),
    });
    const ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    const opts = {
      workspaceId: ws.id,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    };
    await importCsv(h.db, "movements", fixture("movements.csv"), opts);
    await importCsv(h.db, "responses", fixture("responses.csv"), opts);
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  it("shows executives the next digest privately", async () => {
    const res = await h.slack.command({ command: "/cx", text: "digest preview", user_id: "UEXEC" });
    const body = res.json as { response_type: string; text: string; blocks: Array<{ type: string }> };
    expect(body.response_type).toBe("ephemeral");
    expect(body.text).toContain("Did we earn the right to grow?");
    expect(JSON.stringify(body.blocks)).toContain("Why did this change?");
    expect(body.blocks.length).toBeLessThanOrEqual(50);
  });

  it("previews a meeting's digest over the same period the scheduler will use", async () => {
    const ws = await h.db.prisma.workspace.findFirstOrThrow();
    const meeting = (periodDays: number | null, name: string) =>
      h.db.prisma.meeting.create({
        data: {
          workspaceId: ws.id,
          name,
          channelId: "C0001",
          schedule: "0 9 * * 1",
          timezone: "UTC",
          periodDays,
        },
      });
    await meeting(null, "Weekly");
    await meeting(30, "Monthly");
    const periodOf = async (name: string) => {
      const res = await h.slack.command({ command: "/cx", text: `digest preview ${name}`, user_id: "UEXEC" });
      const blocks = (res.json as { blocks: Array<{ type: string; elements?: Array<{ text: string }> }> })
        .blocks;
      return blocks.find((b) => b.type === "context")?.elements?.[0]?.text ?? "";
    };
    // Sunday 29 March: since the previous meeting (Monday 23 March, 09:00), or the last 30 days.
    const since = await periodOf("weekly");
    const fixed = await periodOf("Monthly");
    expect(since).not.toBe(fixed);
    expect(since).toMatch(/23/);
    expect(fixed).toMatch(/27/);
  });

  it("refuses employees and names an unknown meeting", async () => {
    const denied = await h.slack.command({ command: "/cx", text: "digest preview", user_id: "UEMP" });
    expect((denied.json as { text: string }).text).toContain("executive");
    const unknown = await h.slack.command({ command: "/cx", text: "digest preview Board", user_id: "UEXEC" });
    expect((unknown.json as { text: string }).text).toContain('There is no meeting "Board"');
  });

  it("explains a segment's change privately to whoever clicks", async () => {
    const res = await h.slack.command({ command: "/cx", text: "digest preview", user_id: "UEXEC" });
    const blocks = (res.json as { blocks: Array<{ accessory?: { action_id: string; value: string } }> })
      .blocks;
    const enterprise = blocks.find((b) => JSON.stringify(b).includes("*Enterprise*"))?.accessory;
    expect(enterprise).toBeDefined();
    await h.slack.action(
      blockAction({
        actionId: enterprise?.action_id ?? "",
        value: enterprise?.value,
        userId: "UMGR",
        responseUrl: h.fake.responseUrl(),
      }),
    );
    const reply = JSON.stringify(await h.fake.waitForResponse());
    // The preview covers the last seven days: Northwind's contraction on 25 March.
    expect(reply).toContain("What is behind Enterprise");
    expect(reply).toContain("contracted");
    expect(reply).toContain("Northwind");
    expect(reply).not.toContain("Beta, S.L.");
  });

  it("shows the week's biggest moves, each with a button that explains its segment", async () => {
    // The last seven days (22 → 29 March): Northwind's contraction (−5 000, budget cut) is the
    // only loss; Theta's gain on 29 March 00:00 is outside the period, so there is no gain.
    const res = await h.slack.command({ command: "/cx", text: "digest preview", user_id: "UEXEC" });
    const blocks = (
      res.json as {
        blocks: Array<{ text?: { text: string }; accessory?: { action_id: string; value: string } }>;
      }
    ).blocks;
    expect(blocks.length).toBeLessThanOrEqual(50);
    const moves = blocks.filter((b) => b.accessory?.action_id.startsWith("digest_why:move:"));
    expect(moves.map((b) => b.text?.text)).toEqual([
      "• Northwind (Enterprise) −EUR 5,000 · contraction · Budget cut",
    ]);
    expect(JSON.stringify(blocks)).toContain("*Biggest moves* · Largest losses");
    expect(JSON.stringify(blocks)).not.toContain("Largest gains");
    const button = moves[0]?.accessory;
    await h.slack.action(
      blockAction({
        actionId: button?.action_id ?? "",
        value: button?.value,
        userId: "UMGR",
        responseUrl: h.fake.responseUrl(),
      }),
    );
    const reply = JSON.stringify(await h.fake.waitForResponse());
    expect(reply).toContain("What is behind Enterprise");
    expect(reply).toContain("Northwind");
  });
});
