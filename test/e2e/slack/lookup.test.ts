import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { workspaceForTeam } from "../../../src/data/workspaces.js";
import { importCsv } from "../../../src/services/import-csv.js";
import { LOOKUP } from "../../../src/slack/kit/ids.js";
import { openPglite } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";

describe("searchable selects", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness(await openPglite());
    const ws = await workspaceForTeam(h.db.prisma, h.fake.teamId, {
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    await importCsv(h.db, "movements", join(import.meta.dirname, "../../fixtures/movements.csv"), {
      workspaceId: ws.id,
      reportingCurrency: "EUR",
      timeZone: "UTC",
      skipInvalid: false,
      dryRun: false,
    });
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });

  it("finds customers by part of their name, whatever the case", async () => {
    const res = await h.slack.options({
      actionId: LOOKUP.customer,
      blockId: "b",
      value: "BETA",
      userId: "U1",
    });
    expect(res.status).toBe(200);
    const options = (res.json as { options: Array<{ text: { text: string }; value: string }> }).options;
    expect(options.map((o) => o.text.text)).toEqual(["Beta, S.L. · SMB"]);
    expect(options[0]?.value).toMatch(/^customer:[0-9a-f-]{36}$/);
  });

  it("offers segments and customers together for a voice-note subject", async () => {
    const res = await h.slack.options({ actionId: LOOKUP.subject, blockId: "b", value: "e", userId: "U1" });
    const groups = (res.json as { option_groups: Array<{ label: { text: string }; options: unknown[] }> })
      .option_groups;
    expect(groups.map((g) => g.label.text)).toEqual(["Segments", "Customers"]);
    expect(groups[0]?.options).toHaveLength(1); // Enterprise
  });
});
