import { expect } from "vitest";
import type { OAuthHarness } from "../helpers/oauth-app.js";
import { type BadCase, INJECTIONS } from "./kit.js";

// Bad requests to GET /slack/oauth_redirect (the OAuth install's return from Slack): forged,
// foreign, missing and hostile state values, a missing code, a cancelled approval. Each gets the
// failure page with its reason and a 400, and stores no installation.

const FAILED = "The installation did not finish";
const STATE = "the link expired or was opened in another browser";

const oauthCase = (
  category: string,
  name: string,
  run: (h: OAuthHarness) => Promise<Response>,
  reason: string,
): BadCase<OAuthHarness> => ({
  entry: "Slack OAuth redirect",
  category,
  name,
  run: async (h) => {
    const res = await run(h);
    const html = await res.text();
    expect(res.status, html).toBe(400);
    expect(html).toContain(FAILED);
    expect(html).toContain(reason);
    // Nothing the request carried is echoed into the page as markup.
    expect(html).not.toMatch(/<script>|onerror=|<!channel>/);
    return undefined;
  },
});

export function oauthCases(): Array<BadCase<OAuthHarness>> {
  const code = (h: OAuthHarness, team = "TBAD") => {
    const c = `code-${team}-${Math.random().toString(36).slice(2)}`;
    h.fake.grantOAuthCode(c, { teamId: team, teamName: "Bad", installerUserId: "UBAD" });
    return c;
  };
  const cases: Array<BadCase<OAuthHarness>> = [
    oauthCase(
      "forged signature",
      `a forged state and no cookie → 400 "${STATE}"`,
      (h) => h.finishInstall({ code: code(h), state: "forged-state" }),
      STATE,
    ),
    oauthCase(
      "forged signature",
      `a forged state with a matching forged cookie → 400 "${STATE}"`,
      (h) => h.finishInstall({ code: code(h), state: "forged-state" }, "slack-app-oauth-state=forged-state"),
      STATE,
    ),
    oauthCase(
      "forged signature",
      `a real state with another browser's cookie → 400 "${STATE}"`,
      async (h) => {
        const mine = await h.startInstall();
        const theirs = await h.startInstall();
        return h.finishInstall({ code: code(h), state: mine.state }, theirs.cookie);
      },
      STATE,
    ),
    oauthCase(
      "missing auth",
      `a real state without its cookie → 400 "${STATE}"`,
      async (h) => h.finishInstall({ code: code(h), state: (await h.startInstall()).state }),
      STATE,
    ),
    oauthCase(
      "missing fields",
      `no state at all → 400 "${STATE}"`,
      async (h) => h.finishInstall({ code: code(h) }, (await h.startInstall()).cookie),
      STATE,
    ),
    oauthCase(
      "missing fields",
      `no code → 400 "${STATE}"`,
      async (h) => {
        const { state, cookie } = await h.startInstall();
        return h.finishInstall({ state }, cookie);
      },
      STATE,
    ),
    oauthCase(
      "wrong types",
      'approval cancelled (error=access_denied) → 400 "it was cancelled"',
      async (h) => {
        const { state, cookie } = await h.startInstall();
        return h.finishInstall({ error: "access_denied", state }, cookie);
      },
      "it was cancelled",
    ),
    oauthCase(
      "oversized body",
      `a 6 KB state → 400 "${STATE}"`,
      async (h) =>
        h.finishInstall({ code: code(h), state: "s".repeat(6 * 1024) }, (await h.startInstall()).cookie),
      STATE,
    ),
    oauthCase(
      "invalid UTF-8",
      `a state with %FF and %00 bytes → 400 "${STATE}"`,
      async (h) => {
        const { cookie } = await h.startInstall();
        return fetch(`${h.baseUrl}/slack/oauth_redirect?code=x&state=%FF%00%C0%AF`, {
          redirect: "manual",
          headers: { cookie },
        });
      },
      STATE,
    ),
  ];
  cases.push({
    entry: "Slack OAuth redirect",
    category: "oversized body",
    name: "a 20 KB state → 431 from the HTTP server, before the app",
    run: async (h) => {
      const res = await h.finishInstall({ code: code(h), state: "s".repeat(20 * 1024) });
      expect(res.status).toBe(431);
      await res.arrayBuffer();
      return undefined;
    },
  });
  for (const [label, text] of Object.entries(INJECTIONS)) {
    cases.push(
      oauthCase(
        "injection strings",
        `state = ${label} → 400 "${STATE}", nothing echoed`,
        async (h) =>
          h.finishInstall(
            { code: code(h), state: text },
            `slack-app-oauth-state=${encodeURIComponent(text)}`,
          ),
        STATE,
      ),
    );
  }
  return cases;
}
