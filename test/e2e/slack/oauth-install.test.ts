import { randomBytes } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../../src/data/database.js";
import { createInstallationStore } from "../../../src/data/installations.js";
import { createTokenCipher, TokenCipherError } from "../../../src/data/token-cipher.js";
import { createWorkspace } from "../../../src/data/workspaces.js";
import { BOT_SCOPES } from "../../../src/slack/install/scopes.js";
import { testDatabases } from "../../helpers/db.js";
import { type OAuthHarness, startOAuthHarness } from "../../helpers/oauth-app.js";

// The OAuth install through the real Bolt installer over HTTP, the fake Slack answering
// oauth.v2.access and auth.test: what lands in the database, what the browser sees, and what
// happens on a forged state, a re-install, an uninstall and a tampered row.

const ACME = { teamId: "TACME", teamName: "Acme <Labs>", botUserId: "UBOTACME", installerUserId: "UADMIN1" };

const ACME_QUERY = { teamId: "TACME", enterpriseId: undefined, isEnterpriseInstall: false };

interface RawRow {
  install_key: string;
  workspace_id: string;
  team_id: string | null;
  bot_user_id: string | null;
  installer_user_id: string | null;
  key_id: string;
  encrypted: string;
  id: string;
}

const rawRows = (db: Database) =>
  db.prisma.$queryRawUnsafe<RawRow[]>("SELECT * FROM slack_installation ORDER BY install_key");
const rawText = async (db: Database) =>
  JSON.stringify(
    await db.prisma.$queryRawUnsafe("SELECT row_to_json(i)::text AS row FROM slack_installation i"),
  );

describe.each(testDatabases())("OAuth install on $name", ({ open }) => {
  let db: Database;
  let h: OAuthHarness;
  beforeEach(async () => {
    db = await open();
    h = await startOAuthHarness(db);
  });
  afterEach(async () => {
    await h.stop();
    await db.close();
  });

  it("sends /slack/install to Slack's authorize page with the bot scopes and a state pinned by a cookie", async () => {
    const start = await h.startInstall();
    expect(start.status).toBe(302);
    const url = new URL(start.location);
    expect(`${url.origin}${url.pathname}`).toBe("https://slack.com/oauth/v2/authorize");
    expect(url.searchParams.get("client_id")).toBe("1111111111.2222222222");
    expect(url.searchParams.get("scope")?.split(",").sort()).toEqual([...BOT_SCOPES].sort());
    expect(start.state.length).toBeGreaterThan(20);
    expect(start.cookie).toBe(`slack-app-oauth-state=${start.state}`);
  });

  it("stores the installation encrypted, linked to the team's workspace, and shows the success page", async () => {
    const result = await h.install(ACME);
    expect(result.status).toBe(200);
    expect(result.html).toContain("RightToGrow is installed");
    expect(result.html).toContain("Acme &lt;Labs&gt;");
    expect(result.html).not.toContain("Acme <Labs>");
    expect(h.fake.lastCall("oauth.v2.access")?.args).toMatchObject({ client_id: "1111111111.2222222222" });

    const rows = await rawRows(db);
    expect(rows).toHaveLength(1);
    const row = rows[0] as RawRow;
    const workspace = await db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: "TACME" } });
    expect(row).toMatchObject({
      install_key: "T:TACME",
      workspace_id: workspace.id,
      team_id: "TACME",
      bot_user_id: "UBOTACME",
      installer_user_id: "UADMIN1",
      key_id: "k1",
    });
    expect(workspace.name).toBe("Acme <Labs>");
    // Read back as the database holds it: no token anywhere in the row.
    const text = await rawText(db);
    expect(text).toContain("T:TACME");
    expect(text).not.toContain("xoxb-");
    expect(text).not.toContain("xoxp-");
    expect(text).not.toContain(result.token);

    const installation = await h.app.installations?.fetchInstallation(ACME_QUERY);
    expect(installation?.bot?.token).toBe(result.token);
    expect(installation?.team?.id).toBe("TACME");
  });

  it("keeps data imported before Slack in its local workspace instead of handing it to the first installer", async () => {
    const local = await createWorkspace(db.prisma, {
      name: "Local workspace",
      slackTeamId: null,
      reportingCurrency: "EUR",
      defaultLocale: "en",
      timezone: "UTC",
    });
    await h.install(ACME);
    const acme = await db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: "TACME" } });
    expect(acme.id).not.toBe(local.id);
    expect(await db.prisma.workspace.findUniqueOrThrow({ where: { id: local.id } })).toMatchObject({
      slackTeamId: null,
    });
  });

  it("answers in Spanish to a Spanish browser", async () => {
    const result = await h.install(ACME, { "accept-language": "es-ES,es;q=0.9,en;q=0.5" });
    expect(result.html).toContain("RightToGrow está instalado");
    expect(result.html).toContain('lang="es"');
  });

  it("refuses a forged or foreign state, a missing cookie and a bad code, storing nothing", async () => {
    const { state, cookie } = await h.startInstall();
    const forgedCode = "code-forged";
    h.fake.grantOAuthCode(forgedCode, ACME);

    const forged = await h.finishInstall(
      { code: forgedCode, state: "forged-state" },
      "slack-app-oauth-state=forged-state",
    );
    expect(forged.status).toBe(400);
    expect(await forged.text()).toContain("The installation did not finish");

    const noCookie = await h.finishInstall({ code: forgedCode, state });
    expect(noCookie.status).toBe(400);

    const otherBrowser = await h.startInstall();
    const mismatched = await h.finishInstall({ code: forgedCode, state }, otherBrowser.cookie, {
      "accept-language": "es",
    });
    expect(mismatched.status).toBe(400);
    expect(await mismatched.text()).toContain("La instalación no ha terminado");

    // A valid state with a code Slack does not know: the exchange fails, nothing is stored.
    const badCode = await h.finishInstall({ code: "code-nobody-granted", state }, cookie);
    expect(badCode.status).toBe(500);
    expect(await badCode.text()).toContain("Nothing was stored");

    expect(h.fake.callsTo("oauth.v2.access").map((c) => c.args.code)).toEqual(["code-nobody-granted"]);
    expect(await rawRows(db)).toEqual([]);
    expect(await db.prisma.workspace.count({ where: { slackTeamId: "TACME" } })).toBe(0);
  });

  it("updates the installation in place on a re-install", async () => {
    const first = await h.install(ACME);
    const [before] = await rawRows(db);
    const second = await h.install({ ...ACME, installerUserId: "UADMIN2" });
    expect(second.token).not.toBe(first.token);
    const after = await rawRows(db);
    expect(after).toHaveLength(1);
    expect(after[0]?.id).toBe(before?.id);
    expect(after[0]?.workspace_id).toBe(before?.workspace_id);
    expect(after[0]?.installer_user_id).toBe("UADMIN2");
    expect(after[0]?.encrypted).not.toBe(before?.encrypted);
    const installation = await h.app.installations?.fetchInstallation(ACME_QUERY);
    expect(installation?.bot?.token).toBe(second.token);
    expect(await db.prisma.workspace.count()).toBe(1);
  });

  it("deletes the installation on app_uninstalled and on a revoked bot token, keeping the workspace's data", async () => {
    await h.install(ACME);
    const workspace = await db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: "TACME" } });
    const acme = h.slackFor("TACME");
    const before = await acme.command({ command: "/cx", text: "help", user_id: "U1", team_id: "TACME" });
    expect(before.status).toBe(200);

    // A revoked user token alone leaves the installation alone.
    expect((await acme.event({ type: "tokens_revoked", tokens: { oauth: ["UADMIN1"] } })).status).toBe(200);
    await h.fake.waitForQuiet();
    expect(await rawRows(db)).toHaveLength(1);

    expect((await acme.event({ type: "app_uninstalled" })).status).toBe(200);
    await expect.poll(async () => (await rawRows(db)).length).toBe(0);
    expect(await db.prisma.workspace.findUnique({ where: { id: workspace.id } })).not.toBeNull();
    expect(await db.prisma.reasonCode.count({ where: { workspaceId: workspace.id } })).toBeGreaterThan(0);

    const after = await acme.command({ command: "/cx", text: "help", user_id: "U1", team_id: "TACME" });
    expect(after.status).toBe(401);

    await h.install(ACME);
    expect(await db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: "TACME" } })).toMatchObject({
      id: workspace.id,
    });
    expect((await acme.event({ type: "tokens_revoked", tokens: { bot: ["UBOTACME"] } })).status).toBe(200);
    await expect.poll(async () => (await rawRows(db)).length).toBe(0);
  });

  it("refuses a tampered row or the wrong key with a clear error, never a garbage token", async () => {
    await h.install(ACME);
    const [row] = await rawRows(db);
    const [v, iv, tag, body] = (row as RawRow).encrypted.split(".") as [string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[5] = (flipped[5] ?? 0) ^ 0x20;
    await db.prisma.$executeRawUnsafe(
      "UPDATE slack_installation SET encrypted = $1 WHERE install_key = 'T:TACME'",
      [v, iv, tag, flipped.toString("base64url")].join("."),
    );
    await expect(
      h.app.installations?.fetchInstallation({
        teamId: "TACME",
        enterpriseId: undefined,
        isEnterpriseInstall: false,
      }),
    ).rejects.toThrow(TokenCipherError);
    h.fake.reset();
    const refused = await h
      .slackFor("TACME")
      .command({ command: "/cx", text: "help", user_id: "U1", team_id: "TACME" });
    expect(refused.status).toBe(401);
    expect(h.fake.calls).toEqual([]);

    const wrongKey = createInstallationStore({
      db: db.prisma,
      cipher: createTokenCipher(randomBytes(32), "k1"),
      workspaceDefaults: { reportingCurrency: "EUR", defaultLocale: "en", timezone: "UTC" },
    });
    await h.install(ACME);
    await expect(
      wrongKey.fetchInstallation({ teamId: "TACME", enterpriseId: undefined, isEnterpriseInstall: false }),
    ).rejects.toThrow(/failed authentication/);
  });

  it("reads rows of a rotated-out key and writes them again with the new one", async () => {
    const installed = await h.install(ACME);
    const store = (cipher: ReturnType<typeof createTokenCipher>) =>
      createInstallationStore({
        db: db.prisma,
        cipher,
        workspaceDefaults: { reportingCurrency: "EUR", defaultLocale: "en", timezone: "UTC" },
      });
    const newKey = randomBytes(32);
    const rotated = store(createTokenCipher(newKey, "k2", [{ id: "k1", key: h.key }]));
    expect((await rotated.fetchInstallation(ACME_QUERY)).bot?.token).toBe(installed.token);
    const [row] = await rawRows(db);
    expect(row?.key_id).toBe("k2");
    expect(await rawText(db)).not.toContain("xoxb-");
    // The old key can go now; the old key alone no longer reads the row.
    expect((await store(createTokenCipher(newKey, "k2")).fetchInstallation(ACME_QUERY)).bot?.token).toBe(
      installed.token,
    );
    await expect(store(createTokenCipher(h.key, "k1")).fetchInstallation(ACME_QUERY)).rejects.toThrow(
      /encrypted with key "k2".*no previous key has that id/,
    );
  });

  it("refuses requests from a team that never installed the app, creating nothing", async () => {
    await h.install(ACME);
    h.fake.reset();
    const res = await h
      .slackFor("TNOBODY")
      .command({ command: "/cx", text: "stats", user_id: "U9", team_id: "TNOBODY" });
    expect(res.status).toBe(401);
    expect(h.fake.calls).toEqual([]);
    expect(await db.prisma.workspace.count({ where: { slackTeamId: "TNOBODY" } })).toBe(0);
  });
});
