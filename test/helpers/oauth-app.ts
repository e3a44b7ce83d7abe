import { randomBytes } from "node:crypto";
import { parseConfig } from "../../src/config/env.js";
import type { Database } from "../../src/data/database.js";
import { createSlackApp, type SlackApp } from "../../src/slack/app.js";
import { allFeatures } from "../../src/slack/features/index.js";
import { FAST_RETRIES, type FakeSlack, type OAuthTeam, startFakeSlack } from "./fake-slack.js";
import { SIGNING_SECRET } from "./slack-app.js";
import { createSlackClient, type SlackHttpClient } from "./slack-requests.js";

// The real Bolt app in OAuth mode (no SLACK_BOT_TOKEN) over HTTP on 127.0.0.1, against the fake
// Slack, with helpers that install it into a team through the real browser flow:
//
//   const h = await startOAuthHarness(db);
//   const a = await h.install({ teamId: "TAAA", teamName: "Acme" });  // a.token: its bot token
//   await h.slackFor("TAAA").command({ command: "/cx", text: "help", user_id: "U1", team_id: "TAAA" });

export const OAUTH_ENV = {
  SLACK_CLIENT_ID: "1111111111.2222222222",
  SLACK_CLIENT_SECRET: "client-secret-0123456789abcdef",
  SLACK_STATE_SECRET: "state-secret-0123456789abcdef",
  SLACK_SIGNING_SECRET: SIGNING_SECRET,
} as const;

export interface InstallResult {
  /** The bot token the fake Slack granted (what must never reach the database in clear). */
  token: string;
  status: number;
  html: string;
}

export interface OAuthHarness {
  app: SlackApp;
  fake: FakeSlack;
  db: Database;
  port: number;
  baseUrl: string;
  /** The key installations are encrypted with. */
  key: Buffer;
  /** GET /slack/install: the redirect to Slack and the state cookie. */
  startInstall(): Promise<{ status: number; location: string; state: string; cookie: string }>;
  /** GET /slack/oauth_redirect as the browser would after Slack's approval page. */
  finishInstall(
    query: Record<string, string>,
    cookie?: string,
    headers?: Record<string, string>,
  ): Promise<Response>;
  /** The whole flow for one team: install page, approval (a one-time code), redirect. */
  install(team: OAuthTeam, headers?: Record<string, string>): Promise<InstallResult>;
  /** Signed Slack requests as coming from one team. */
  slackFor(teamId: string): SlackHttpClient;
  stop(): Promise<void>;
}

let codes = 0;

export async function startOAuthHarness(
  db: Database,
  opts: { env?: Record<string, string>; clock?: () => Date; key?: Buffer } = {},
): Promise<OAuthHarness> {
  const fake = await startFakeSlack();
  const key = opts.key ?? randomBytes(32);
  const config = parseConfig({
    ...OAUTH_ENV,
    TOKEN_ENCRYPTION_KEY: key.toString("base64"),
    SLACK_API_URL: fake.url,
    LOG_LEVEL: "error",
    ...opts.env,
  });
  const app = createSlackApp({
    db,
    config,
    features: allFeatures,
    clock: opts.clock,
    retryConfig: FAST_RETRIES,
  });
  const { port } = await app.start(0, "127.0.0.1");
  if (port === null) throw new Error("expected HTTP mode");
  const baseUrl = `http://127.0.0.1:${port}`;

  const startInstall = async () => {
    const res = await fetch(`${baseUrl}/slack/install`, { redirect: "manual" });
    const location = res.headers.get("location") ?? "";
    const setCookie = res.headers.get("set-cookie") ?? "";
    const cookie = setCookie.split(";")[0] ?? "";
    const state = new URL(location || "http://invalid/").searchParams.get("state") ?? "";
    await res.arrayBuffer();
    return { status: res.status, location, state, cookie };
  };

  const finishInstall = (
    query: Record<string, string>,
    cookie?: string,
    headers: Record<string, string> = {},
  ) =>
    fetch(`${baseUrl}/slack/oauth_redirect?${new URLSearchParams(query)}`, {
      redirect: "manual",
      headers: { ...(cookie ? { cookie } : {}), ...headers },
    });

  return {
    app,
    fake,
    db,
    port,
    baseUrl,
    key,
    startInstall,
    finishInstall,
    async install(team, headers) {
      const { state, cookie } = await startInstall();
      codes += 1;
      const code = `code-${team.teamId}-${codes}`;
      const token = fake.grantOAuthCode(code, team);
      const res = await finishInstall({ code, state }, cookie, headers);
      return { token, status: res.status, html: await res.text() };
    },
    slackFor: (teamId) =>
      createSlackClient({
        baseUrl,
        signingSecret: SIGNING_SECRET,
        responseUrl: () => fake.responseUrl(),
        teamId,
      }),
    async stop() {
      await fake.waitForQuiet(50).catch(() => {});
      await app.stop();
      await fake.close();
    },
  };
}
