import { createHash } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openPglite } from "../../helpers/db.js";
import { type SlackHarness, startSlackHarness } from "../../helpers/slack-app.js";

// /cx tokens: admins manage the HTTP API's tokens; the secret is shown once, privately.

describe("/cx tokens", () => {
  let h: SlackHarness;
  beforeEach(async () => {
    h = await startSlackHarness(await openPglite(), {
      env: { ROLE_ADMINS: "UADMIN", ROLE_MANAGERS: "UMGR" },
    });
  });
  afterEach(async () => {
    await h.stop();
    await h.db.close();
  });
  const cx = async (text: string, user = "UADMIN") => {
    const res = await h.slack.command({ command: "/cx", text, user_id: user });
    const json = res.json as { response_type: string; text: string };
    expect(json.response_type).toBe("ephemeral");
    return json.text;
  };

  it("creates a token and shows its secret once, privately; lists and revokes it", async () => {
    expect(await cx("tokens")).toContain("No API tokens yet");
    const created = await cx("tokens create hubspot sync");
    const secret = /```(rtg_[A-Za-z0-9_-]{32})```/.exec(created)?.[1] as string;
    expect(secret).toBeDefined();
    const stored = await h.db.prisma.apiToken.findFirstOrThrow();
    expect(stored).toMatchObject({ name: "hubspot sync", createdBy: "UADMIN", revokedAt: null });
    expect(stored.secretHash).toBe(createHash("sha256").update(secret).digest("hex"));
    // Nothing but the ephemeral reply carried it: no message was posted through the Web API.
    expect(h.fake.calls.some((c) => JSON.stringify(c).includes(secret))).toBe(false);

    const list = await cx("tokens");
    expect(list).toContain(`*hubspot sync* \`${stored.prefix}…\``);
    expect(list).toContain("<@UADMIN>");
    expect(list).not.toContain(secret);
    expect(await cx("tokens create Hubspot Sync")).toContain("An active token is already named");

    expect(await cx(`tokens revoke ${stored.prefix}`)).toContain("Revoked API token *hubspot sync*");
    expect(await cx("tokens revoke hubspot sync")).toContain("No active token is named");
    expect((await h.db.prisma.apiToken.findFirstOrThrow()).revokedAt).not.toBeNull();
  });

  it("refuses anyone but an admin, and answers in Spanish", async () => {
    expect(await cx("tokens create x", "UMGR")).toContain("needs the admin role");
    expect(await h.db.prisma.apiToken.count()).toBe(0);
    h.fake.setUser("UADMIN", { locale: "es-ES" });
    expect(await cx("tokens create mal/nombre")).toContain("El nombre de un token");
    expect(await cx("tokens")).toContain("Aún no hay tokens de API");
  });
});
