import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, LogLevel } from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { FAST_RETRIES, type FakeSlack, startFakeSlack } from "../helpers/fake-slack.js";
import { createSlackClient, nowSeconds, sign, slashCommand } from "../helpers/slack-requests.js";

// Proves the offline Slack kit against the real @slack/web-api and @slack/bolt.

const SECRET = "test-signing-secret";

let fake: FakeSlack;
const cleanups: Array<() => Promise<unknown> | unknown> = [];

beforeAll(async () => {
  fake = await startFakeSlack();
});

afterEach(async () => {
  while (cleanups.length > 0) await cleanups.pop()?.();
  await fake.waitForQuiet();
  fake.reset();
});

afterAll(async () => {
  await fake.close();
});

const webClient = (extra: ConstructorParameters<typeof WebClient>[1] = {}) =>
  new WebClient("xoxb-test", {
    slackApiUrl: fake.url,
    retryConfig: FAST_RETRIES,
    logLevel: LogLevel.ERROR,
    ...extra,
  });

describe("fake Slack Web API with WebClient", () => {
  it("records a posted message with its blocks parsed back into objects", async () => {
    const blocks = [{ type: "section", text: { type: "mrkdwn", text: "*hello*" } }];
    const res = await webClient().chat.postMessage({ channel: "C1", text: "hello", blocks });

    expect(res.ok).toBe(true);
    expect(res.ts).toMatch(/^\d{10}\.\d{6}$/);
    const call = await fake.waitFor("chat.postMessage");
    expect(call.token).toBe("xoxb-test");
    expect(call.args).toMatchObject({ channel: "C1", text: "hello", blocks });
  });

  it("retries an injected 500 and then succeeds", async () => {
    fake.failNext("chat.postMessage", { kind: "server_error" });
    const res = await webClient().chat.postMessage({ channel: "C1", text: "again" });

    expect(res.ok).toBe(true);
    expect(fake.callsTo("chat.postMessage").map((c) => c.status)).toEqual([500, 200]);
  });

  it("throws a platform error for an ok:false reply, without retrying", async () => {
    fake.failNext("chat.postMessage", { kind: "slack_error", error: "channel_not_found" });
    await expect(webClient().chat.postMessage({ channel: "CNOPE", text: "x" })).rejects.toMatchObject({
      code: "slack_webapi_platform_error",
      data: { ok: false, error: "channel_not_found" },
    });
    expect(fake.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("rejects a 429 at once with rejectRateLimitedCalls", async () => {
    fake.failNext("users.info", { kind: "rate_limited", retryAfter: 30 });
    const started = Date.now();
    await expect(
      webClient({ rejectRateLimitedCalls: true }).users.info({ user: "U1" }),
    ).rejects.toMatchObject({ code: "slack_webapi_rate_limited_error", retryAfter: 30 });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("takes a files.uploadV2 upload through to uploads", async () => {
    const bytes = Buffer.from("csv,data\n1,2\n");
    const res = await webClient().files.uploadV2({
      channel_id: "C1",
      file: bytes,
      filename: "report.csv",
      title: "Report",
    });

    expect(res.ok).toBe(true);
    expect(fake.uploads).toHaveLength(1);
    expect(fake.uploads[0]?.filename).toBe("report.csv");
    expect(fake.uploads[0]?.bytes.equals(bytes)).toBe(true);
    const complete = fake.lastCall("files.completeUploadExternal");
    expect(complete?.args).toMatchObject({
      channel_id: "C1",
      files: [{ id: fake.uploads[0]?.fileId, title: "Report" }],
    });
  });

  it("keeps posted messages: history after `oldest`, newest first, metadata only when asked; replies", async () => {
    const client = webClient();
    const metadata = { event_type: "t", event_payload: { run_id: "r1" } };
    const first = await client.chat.postMessage({ channel: "C2", text: "one" });
    const second = await client.chat.postMessage({ channel: "C2", text: "two", metadata });
    await client.chat.postMessage({ channel: "C2", thread_ts: second.ts, text: "reply", metadata });
    await client.chat.postMessage({ channel: "C3", text: "elsewhere" });

    const all = await client.conversations.history({ channel: "C2" });
    expect(all.messages?.map((m) => m.text)).toEqual(["two", "one"]);
    expect(all.messages?.[0]?.metadata).toBeUndefined();
    const since = await client.conversations.history({
      channel: "C2",
      oldest: first.ts,
      include_all_metadata: true,
    });
    expect(since.messages?.map((m) => [m.text, m.bot_id, m.app_id, m.metadata])).toEqual([
      ["two", fake.botId, fake.appId, metadata],
    ]);
    const paged = await client.conversations.history({ channel: "C2", limit: 1 });
    expect(paged.messages?.map((m) => m.text)).toEqual(["two"]);
    expect(paged.response_metadata?.next_cursor).toBeTruthy();

    const thread = await client.conversations.replies({
      channel: "C2",
      ts: second.ts as string,
      include_all_metadata: true,
    });
    expect(thread.messages?.map((m) => [m.text, m.metadata?.event_payload])).toEqual([
      ["two", { run_id: "r1" }],
      ["reply", { run_id: "r1" }],
    ]);
    await expect(client.conversations.replies({ channel: "C2", ts: "1.000001" })).rejects.toMatchObject({
      data: { error: "thread_not_found" },
    });
  });

  it("can carry a post out and lose its answer: the connection dropped, or never answered", async () => {
    const client = webClient({ retryConfig: { retries: 0 }, timeout: 200 });
    fake.failNext("chat.postMessage", { kind: "accept_then_drop", when: (args) => args.channel === "C5" });
    // A call it does not match passes; the fault waits for its own.
    await client.chat.postMessage({ channel: "C4", text: "passes" });
    await expect(client.chat.postMessage({ channel: "C5", text: "dropped" })).rejects.toMatchObject({
      code: "slack_webapi_request_error",
    });
    fake.failNext("chat.postMessage", { kind: "accept_then_hang" });
    await expect(client.chat.postMessage({ channel: "C5", text: "never" })).rejects.toMatchObject({
      code: "slack_webapi_request_error",
    });
    // Slack has both, as it would.
    expect(fake.messagesIn("C5").map((m) => m.text)).toEqual(["dropped", "never"]);
    expect(fake.callsTo("chat.postMessage").map((c) => c.answerLost)).toEqual([
      undefined,
      "dropped",
      "never",
    ]);
  });

  it("serves configured users and explains a waitFor timeout", async () => {
    fake.setUser("U2", { locale: "es-ES", is_admin: true });
    const { user } = await webClient().users.info({ user: "U2" });
    expect(user).toMatchObject({ id: "U2", locale: "es-ES", is_admin: true, is_owner: false });

    await expect(fake.waitFor("chat.update", undefined, 30)).rejects.toThrow(
      /no chat\.update call within 30 ms; methods seen: users\.info/,
    );
  });
});

describe("Bolt App over HTTP", () => {
  let slack: ReturnType<typeof createSlackClient>;

  beforeAll(async () => {
    const app = new App({
      receiver: new HTTPReceiver({ signingSecret: SECRET, logLevel: LogLevel.ERROR }),
      token: "xoxb-test",
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.url, retryConfig: FAST_RETRIES },
    });
    app.command("/cx", async ({ command, ack, say }) => {
      await ack(`got: ${command.text}`);
      await say(`working on ${command.text}`);
    });
    const server = (await app.start({ port: 0, host: "127.0.0.1" })) as { address(): AddressInfo };
    slack = createSlackClient({
      baseUrl: `http://127.0.0.1:${server.address().port}`,
      signingSecret: SECRET,
      responseUrl: () => fake.responseUrl(),
    });
    return () => app.stop();
  });

  it("acks a signed slash command, then keeps working after the ack", async () => {
    const res = await slack.command({ command: "/cx", text: "hello", user_id: "U1" });

    expect(res.status).toBe(200);
    expect(res.body).toBe("got: hello");
    const post = await fake.waitFor("chat.postMessage");
    expect(post.args).toMatchObject({ channel: "C0001", text: "working on hello" });
  });

  it("rejects a forged signature with 401", async () => {
    const res = await slack.command({ command: "/cx", text: "x", user_id: "U1" }, { signingSecret: "wrong" });
    expect(res.status).toBe(401);

    const body = new URLSearchParams({ command: "/cx", text: "x" }).toString();
    const forged = await slack.raw(body, { ...sign(SECRET, body), "x-slack-signature": "v0=00" });
    expect(forged.status).toBe(401);
  });

  it("rejects a stale timestamp (> 5 minutes old) with 401", async () => {
    const res = await slack.command(
      { command: "/cx", text: "x", user_id: "U1" },
      { timestamp: nowSeconds() - 301 },
    );
    expect(res.status).toBe(401);
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);
  });
});

describe("Bolt App in Socket Mode", () => {
  it("receives a slash command envelope and acks it over the socket", async () => {
    const app = new App({
      socketMode: true,
      appToken: "xapp-test",
      token: "xoxb-test",
      logLevel: LogLevel.ERROR,
      // App passes clientOptions on to the SocketModeClient's WebClient (apps.connections.open).
      clientOptions: { slackApiUrl: fake.url, retryConfig: FAST_RETRIES },
    });
    app.command("/cx", async ({ command, ack }) => {
      await ack({ text: `socket: ${command.text}` });
    });
    await app.start();
    cleanups.push(() => app.stop());

    expect(fake.socketConnections).toBe(1);
    expect(fake.lastCall("apps.connections.open")?.token).toBe("xapp-test");
    const ack = await fake.sendSocketEnvelope(
      "slash_commands",
      { ...slashCommand({ command: "/cx", text: "hi", user_id: "U1" }) },
      { envelopeId: "env-1" },
    );
    expect(ack).toEqual({ envelope_id: "env-1", payload: { text: "socket: hi" } });
  });
});
