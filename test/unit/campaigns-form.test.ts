import { describe, expect, it } from "vitest";
import { campaignsList, MAX_LISTED } from "../../src/slack/features/campaigns/blocks.js";
import { parseCampaignForm, parseOffsets } from "../../src/slack/features/campaigns/form.js";
import { CAMPAIGN_BLOCK as B, CAMPAIGN_INPUT as I } from "../../src/slack/features/campaigns/ids.js";

// The add-campaign modal's rules, and the list's Block Kit limits, without Slack or a database.

const text = (value: string | null) => ({ [I]: { type: "plain_text_input", value } });
const pick = (value: string) => ({ [I]: { type: "static_select", selected_option: { value } } });

function state(o: Record<string, unknown> = {}) {
  return {
    [B.name]: text("Pulse"),
    [B.kind]: pick("nps"),
    [B.trigger]: pick("after_gained"),
    [B.offsets]: text("30, 60, 90"),
    [B.every]: text("90"),
    [B.schedule]: text(null),
    [B.timezone]: text("Europe/Madrid"),
    [B.channels]: { [I]: { type: "multi_conversations_select", selected_conversations: [] } },
    [B.users]: { [I]: { type: "multi_users_select", selected_users: [] } },
    [B.mode]: pick("dm"),
    [B.touchpoint]: pick("relationship"),
    [B.question]: text(null),
    [B.anonymous]: { [I]: { type: "checkboxes", selected_options: [{ value: "anonymous" }] } },
    ...o,
  };
}

describe("campaign form", () => {
  it("reads offsets as sorted distinct whole days, refusing anything else", () => {
    expect(parseOffsets("90,30 60 30")).toEqual([30, 60, 90]);
    expect(parseOffsets("0")).toBeNull();
    expect(parseOffsets("731")).toBeNull();
    expect(parseOffsets("30.5")).toBeNull();
    expect(parseOffsets("1,2,3,4,5,6,7")).toBeNull();
    expect(parseOffsets("")).toBeNull();
  });

  it("keeps only the chosen trigger's fields", () => {
    const r = parseCampaignForm(state(), "en");
    expect(r).toEqual({
      ok: true,
      settings: {
        name: "Pulse",
        kind: "nps",
        trigger: "after_gained",
        offsetsDays: [30, 60, 90],
        everyDays: null,
        schedule: null,
        timezone: null,
        audience: null,
        touchpoint: "relationship",
        question: null,
        anonymous: true,
      },
    });
  });

  it("relationship needs 7 to 730 days; the error is in the person's language", () => {
    const bad = parseCampaignForm(state({ [B.trigger]: pick("relationship"), [B.every]: text("3") }), "es");
    expect(bad).toEqual({
      ok: false,
      errors: { [B.every]: "Escribe un número entero de días entre 7 y 730." },
    });
    const ok = parseCampaignForm(state({ [B.trigger]: pick("relationship"), [B.every]: text("30") }), "en");
    expect(ok.ok && ok.settings.everyDays).toBe(30);
  });

  it("recurring needs a valid cron, a known zone and someone to ask", () => {
    const bad = parseCampaignForm(
      state({
        [B.trigger]: pick("recurring"),
        [B.schedule]: text("* * * * *"),
        [B.timezone]: text("Nowhere/Land"),
      }),
      "en",
    );
    expect(bad.ok).toBe(false);
    const errors = bad.ok ? {} : bad.errors;
    expect(errors[B.schedule]).toContain("at most once an hour");
    expect(errors[B.timezone]).toContain("Unknown time zone");
    expect(errors[B.channels]).toBe("Choose at least one channel or person to ask.");
    const ok = parseCampaignForm(
      state({
        [B.trigger]: pick("recurring"),
        [B.schedule]: text("0  10 * * 1"),
        [B.users]: { [I]: { type: "multi_users_select", selected_users: ["U123"] } },
      }),
      "en",
    );
    expect(ok.ok && ok.settings).toMatchObject({
      schedule: "0 10 * * 1",
      timezone: "Europe/Madrid",
      audience: { channels: [], users: ["U123"], usergroup: null, mode: "dm" },
    });
  });

  it("refuses a missing name, a short question and a forged kind", () => {
    const r = parseCampaignForm(
      state({ [B.name]: text("  "), [B.question]: text("Hm?"), [B.kind]: pick("xyz") }),
      "en",
    );
    expect(r.ok).toBe(false);
    expect(Object.keys(r.ok ? {} : r.errors).sort()).toEqual([B.kind, B.name, B.question].sort());
  });
});

describe("campaigns list", () => {
  it("stays within Slack's 50 blocks with many campaigns and a notice", () => {
    const campaigns = Array.from({ length: 40 }, (_, i) => ({
      id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      workspaceId: "w",
      name: `<Campaign ${i}>`,
      kind: "nps" as const,
      trigger: "relationship" as const,
      offsetsDays: [],
      everyDays: 90,
      schedule: null,
      timezone: null,
      audience: null,
      touchpoint: "relationship",
      question: null,
      anonymous: false,
      paused: i % 2 === 0,
      createdBy: "U1",
      createdAt: new Date(0),
    }));
    const { blocks, text: fallback } = campaignsList({ locale: "en", campaigns, notice: "Done." });
    expect(blocks.length).toBeLessThanOrEqual(50);
    expect(JSON.stringify(blocks)).toContain(`…and ${40 - MAX_LISTED} more.`);
    // Names are escaped, so a name cannot mention anyone or inject formatting.
    expect(JSON.stringify(blocks)).toContain("&lt;Campaign 1&gt;");
    expect(fallback).toContain("to every customer contact every 90 days");
  });
});
