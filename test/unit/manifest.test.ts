import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/env.js";
import type { Database } from "../../src/data/database.js";
import { createSlackApp } from "../../src/slack/app.js";
import { allFeatures } from "../../src/slack/features/index.js";

// The manifest is what a person pastes into "Create an app from a manifest": it must declare
// everything the code listens to, and nothing the code ignores.

interface Manifest {
  features: {
    slash_commands?: Array<{ command: string; url?: string }>;
    shortcuts?: Array<{ callback_id: string; type: "global" | "message" }>;
    app_home?: { home_tab_enabled?: boolean };
  };
  oauth_config: { scopes: { bot: string[] } };
  settings: {
    event_subscriptions?: { bot_events?: string[]; request_url?: string };
    interactivity?: { is_enabled: boolean; request_url?: string; message_menu_options_url?: string };
  };
}

const manifest = JSON.parse(
  readFileSync(join(import.meta.dirname, "../../manifests/manifest.json"), "utf8"),
) as Manifest;

// Building the app registers every listener without touching the network or the database.
const { registry } = createSlackApp({
  db: {} as Database,
  config: parseConfig({ SLACK_BOT_TOKEN: "xoxb-x", SLACK_SIGNING_SECRET: "manifest-test-secret-123" }),
  features: allFeatures,
});
const ids = (constraints: unknown[], key: string) =>
  constraints.map((c) => (typeof c === "string" ? c : ((c as Record<string, unknown>)[key] as string)));

describe("the Slack app manifest", () => {
  it("declares exactly the slash commands the code handles", () => {
    expect((manifest.features.slash_commands ?? []).map((c) => c.command).sort()).toEqual(
      [...registry.commands].sort(),
    );
  });

  it("declares exactly the shortcuts the code handles", () => {
    expect((manifest.features.shortcuts ?? []).map((s) => s.callback_id).sort()).toEqual(
      ids(registry.shortcuts, "callback_id").sort(),
    );
  });

  it("subscribes to exactly the events the code handles, with the Home tab on if it is used", () => {
    expect([...(manifest.settings.event_subscriptions?.bot_events ?? [])].sort()).toEqual(
      [...registry.events].sort(),
    );
    if (registry.events.includes("app_home_opened")) {
      expect(manifest.features.app_home?.home_tab_enabled).toBe(true);
    }
  });

  it("turns on interactivity and the options URL the listeners need", () => {
    expect(registry.actions.length + registry.views.length).toBeGreaterThan(0);
    expect(manifest.settings.interactivity?.is_enabled).toBe(true);
    if (registry.options.length > 0)
      expect(manifest.settings.interactivity?.message_menu_options_url).toBeTruthy();
  });

  it("points every request URL at /slack/events", () => {
    const urls = [
      ...(manifest.features.slash_commands ?? []).map((c) => c.url),
      manifest.settings.event_subscriptions?.request_url,
      manifest.settings.interactivity?.request_url,
      manifest.settings.interactivity?.message_menu_options_url,
    ];
    for (const url of urls) expect(url).toMatch(/\/slack\/events$/);
  });

  it("asks for the scopes the code uses", () => {
    const scopes = manifest.oauth_config.scopes.bot;
    for (const needed of ["commands", "chat:write", "users:read", "usergroups:read", "im:write"]) {
      expect(scopes).toContain(needed);
    }
  });
});
