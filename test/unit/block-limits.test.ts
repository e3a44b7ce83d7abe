import { describe, expect, it } from "vitest";
import { explainRunReason } from "../../src/i18n/digest-delivery.js";
import { fitBlocks, splitText } from "../../src/slack/kit/block-limits.js";

const section = (text: string, accessory?: Record<string, unknown>) => ({
  type: "section",
  text: { type: "mrkdwn", text },
  ...(accessory ? { accessory } : {}),
});

describe("fitting messages to Slack's limits", () => {
  it("splits more than 50 blocks into messages of at most 50, in order", () => {
    const blocks = Array.from({ length: 121 }, (_, i) => section(`line ${i}`));
    const messages = fitBlocks(blocks);
    expect(messages.map((m) => m.length)).toEqual([50, 50, 21]);
    expect(messages.flat()).toEqual(blocks);
  });

  it("splits a long section at line breaks, keeping the button on the first part", () => {
    const lines = Array.from({ length: 400 }, (_, i) => `• customer ${String(i).padStart(3, "0")}`);
    const button = { type: "button", action_id: "why" };
    const [message] = fitBlocks([section(lines.join("\n"), button), { type: "divider" }]);
    const parts = (message ?? []).filter((b) => b.type === "section") as Array<ReturnType<typeof section>>;
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.text.text.length).toBeLessThanOrEqual(3000);
    expect(parts.map((p) => p.text.text).join("\n")).toBe(lines.join("\n"));
    expect(parts[0]?.accessory).toEqual(button);
    expect(parts.slice(1).some((p) => p.accessory)).toBe(false);
    expect(message?.at(-1)).toEqual({ type: "divider" });
  });

  it("cuts a text without line breaks at the limit", () => {
    expect(splitText("x".repeat(7000)).map((p) => p.length)).toEqual([3000, 3000, 1000]);
    expect(splitText("short")).toEqual(["short"]);
  });
});

describe("digest run reasons for admins", () => {
  it("words the known reasons in English and Spanish and keeps unknown ones as they are", () => {
    expect(explainRunReason("en", "is_archived")).toContain("archived");
    expect(explainRunReason("es", "is_archived")).toContain("archivado");
    expect(explainRunReason("en", "meeting_started (last error: slack: ratelimited)")).toContain(
      "Last error: slack: ratelimited.",
    );
    expect(explainRunReason("es", "gave_up_after_5_attempts: slack: fatal_error")).toContain(
      "tras varios intentos (slack: fatal_error)",
    );
    expect(explainRunReason("en", "something_new")).toBe("something_new");
  });
});
