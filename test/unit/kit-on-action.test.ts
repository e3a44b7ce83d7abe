import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import type { RequestContext, SlackDeps } from "../../src/slack/kit/deps.js";
import { onAction } from "../../src/slack/kit/listen.js";

// onAction's options: ackLate acknowledges once the handler is done (or replies), and `failure`
// says which "it went wrong" text a failure gets.

type Handler = (args: Record<string, unknown>) => Promise<void>;

function harness(role: "admin" | "employee" = "admin") {
  let handler: Handler | undefined;
  const app = {
    action: (_id: string, h: Handler) => {
      handler = h;
    },
  } as unknown as App;
  const deps = { config: { defaultLocale: "en" } } as unknown as SlackDeps;
  const ctx = {
    userId: "U1",
    teamId: "T1",
    role,
    locale: "en",
    can: () => role === "admin",
  } as unknown as RequestContext;
  const events: string[] = [];
  const click = () =>
    (handler as Handler)({
      ack: async () => void events.push("ack"),
      respond: async (m: { text: string }) => void events.push(`respond: ${m.text}`),
      body: { response_url: "https://hooks.slack.test/r", user: { id: "U1" } },
      context: { rightToGrowRequest: () => Promise.resolve(ctx) },
    });
  return { app, deps, events, click };
}

describe("onAction", () => {
  it("acknowledges at once by default, before the handler runs", async () => {
    const h = harness();
    onAction(h.app, h.deps, "a", {}, async () => void h.events.push("work"));
    await h.click();
    expect(h.events).toEqual(["ack", "work"]);
  });

  it("with ackLate, acknowledges once the handler's work is done, and only once", async () => {
    const h = harness();
    onAction(h.app, h.deps, "a", { ackLate: true }, async ({ ack }) => {
      h.events.push("work");
      await ack();
      await ack();
    });
    await h.click();
    expect(h.events).toEqual(["work", "ack"]);
  });

  it("with ackLate, a refusal is acknowledged before it is answered", async () => {
    const h = harness("employee");
    onAction(h.app, h.deps, "a", { allow: "admin.configure", ackLate: true }, async () => {
      h.events.push("work");
    });
    await h.click();
    expect(h.events[0]).toBe("ack");
    expect(h.events[1]).toContain("needs the admin role");
    expect(h.events).toHaveLength(2);
  });

  it("says 'not saved' when asked to, and rethrows the failure for app.error", async () => {
    const h = harness();
    onAction(h.app, h.deps, "a", { ackLate: true, failure: "notSaved" }, async () => {
      throw new Error("database down");
    });
    await expect(h.click()).rejects.toThrow("database down");
    expect(h.events[0]).toBe("ack");
    expect(h.events[1]).toContain("not saved");
  });
});
