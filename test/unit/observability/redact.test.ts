import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { createRedactor, isSensitiveKey, REDACT_PATHS, REDACTED } from "../../../src/observability/redact.js";

// Fake credentials built at run time, so no secret scanner mistakes this file for a leak.
const fake = (prefix: string) => `${prefix}${"A1b2C3d4".repeat(3)}`;

describe("redaction of log text", () => {
  const r = createRedactor();

  it.each([
    ["a Slack bot token", fake("xoxb-1234-"), "xoxb-"],
    ["a Slack user token", fake("xoxp-1234-"), "xoxp-"],
    ["a Slack app configuration token", fake("xoxe.xoxp-1-"), "xoxe.xoxp-"],
    ["a Slack refresh token", fake("xoxe-1-"), "xoxe-"],
    ["a Slack legacy workspace token", fake("xoxa-2-"), "xoxa-"],
    ["a Slack Socket Mode app token", fake("xapp-1-A0-"), "xapp-"],
    ["an API token of this app", fake("rtg_"), "rtg_"],
    ["a Stripe webhook secret", fake("whsec_"), "whsec_"],
    ["a Stripe live secret key", fake("sk_live_"), "sk_live_"],
    ["a Stripe test secret key", fake("sk_test_"), "sk_test_"],
    ["a Stripe restricted key", fake("rk_live_"), "rk_live_"],
  ])("hides %s but keeps its kind", (_kind, secret, prefix) => {
    const out = r.text(`calling with ${secret} now`);
    expect(out).toBe(`calling with ${prefix}${REDACTED} now`);
    expect(out).not.toContain(secret.slice(prefix.length));
  });

  it("hides bearer and basic credentials and header-like assignments", () => {
    const bearer = fake("opaque.");
    expect(r.text(`Authorization: Bearer ${bearer}`)).toBe(`Authorization: Bearer ${REDACTED}`);
    expect(r.text("authorization=Basic dXNlcjpwYXNz")).toBe(`authorization=Basic ${REDACTED}`);
    expect(r.text('{"authorization":"abc123xyz"}')).toBe(`{"authorization":"${REDACTED}"}`);
    expect(r.text("signing_secret=8f14e45fceea167a5a36dedd4bea2543")).toBe(`signing_secret=${REDACTED}`);
    expect(r.text("password: hunter2hunter2")).toBe(`password: ${REDACTED}`);
  });

  it("hides the password of a connection URL, keeping the rest", () => {
    expect(r.text("connect postgresql://app:s3cr%40t@db.example.com:5432/rtg failed")).toBe(
      `connect postgresql://app:${REDACTED}@db.example.com:5432/rtg failed`,
    );
    expect(r.text("https://user:pa55@example.com/x")).toBe(`https://user:${REDACTED}@example.com/x`);
  });

  it("hides e-mail addresses and phone numbers, not dates, times or ids", () => {
    expect(r.text("ana.garcia+cx@example.co.uk asked")).toBe("[EMAIL] asked");
    expect(r.text("call +34 612 345 678 or +1 (415) 555-0100")).toBe("call [PHONE] or [PHONE]");
    expect(r.text("call (415) 555-0100 or 415-555-0100 or 612 345 678")).toBe(
      "call [PHONE] or [PHONE] or [PHONE]",
    );
    const ordinary = "2026-03-30T07:00:00.000Z ts 1711782000.123456 user U0123ABC took 1234 ms, 12.5%";
    expect(r.text(ordinary)).toBe(ordinary);
  });

  it("hides the exact secrets it was given, whatever their shape", () => {
    const signing = "8f14e45fceea167a5a36dedd4bea2543";
    const withSecrets = createRedactor([signing, "short", undefined]);
    expect(withSecrets.text(`bad signature with ${signing}`)).toBe(`bad signature with ${REDACTED}`);
    expect(withSecrets.text("a short word stays")).toBe("a short word stays");
    const token = fake("xoxb-7-");
    expect(createRedactor([token.slice(0, 12)]).text(`${token}-and-more`)).toBe(`xoxb-${REDACTED}`);
  });
});

describe("redaction of log fields", () => {
  const r = createRedactor();

  it("replaces the values of sensitive keys at any depth, in any naming style", () => {
    const out = r.value({
      team: "T0001",
      count: 3,
      botToken: "anything",
      nested: {
        signing_secret: "x",
        "user-email": "not-even-an-address",
        list: [{ comment: "the product is slow", score: 2 }, { note: "call back" }],
        message: { text: "Hi Ana", ts: "1.2" },
      },
      headers: { Authorization: "opaque", "x-slack-signature": "v0=abc" },
      password: null,
    });
    expect(out).toEqual({
      team: "T0001",
      count: 3,
      botToken: REDACTED,
      nested: {
        signing_secret: REDACTED,
        "user-email": REDACTED,
        list: [{ comment: REDACTED, score: 2 }, { note: REDACTED }],
        message: { text: REDACTED, ts: "1.2" },
      },
      headers: { Authorization: REDACTED, "x-slack-signature": REDACTED },
      password: null,
    });
  });

  it("applies the text rules to every other string value", () => {
    expect(r.value({ url: "postgresql://u:p4ss@h/db", who: ["ana@example.com"] })).toEqual({
      url: `postgresql://u:${REDACTED}@h/db`,
      who: ["[EMAIL]"],
    });
  });

  it("turns Errors into their name, message, stack, code and cause, all redacted", () => {
    const token = fake("xoxb-99-");
    const cause = new Error("socket closed for ops@example.com");
    const error = Object.assign(new Error(`auth failed with ${token}`, { cause }), {
      code: "slack_webapi_platform_error",
      data: { ok: false, error: "invalid_auth", token },
    });
    const out = r.value(error) as Record<string, unknown>;
    expect(out).toMatchObject({
      name: "Error",
      message: `auth failed with xoxb-${REDACTED}`,
      code: "slack_webapi_platform_error",
      data: { ok: false, error: "invalid_auth", token: REDACTED },
      cause: { name: "Error", message: "socket closed for [EMAIL]" },
    });
    expect(out.stack).toContain(`auth failed with xoxb-${REDACTED}`);
    expect(out.stack).toContain("redact.test.ts");
    expect(JSON.stringify(out)).not.toContain(token.slice(5));
    expect(JSON.stringify(out)).not.toContain("ops@example.com");
  });

  it("survives cycles and keeps dates readable", () => {
    const a: Record<string, unknown> = { at: new Date("2026-03-30T07:00:00Z") };
    a.self = a;
    expect(r.value(a)).toEqual({ at: "2026-03-30T07:00:00.000Z", self: "[Circular]" });
  });

  it("matches sensitive words, not substrings of other words", () => {
    expect(
      ["accessToken", "SLACK_BOT_TOKEN", "clientSecret", "comments", "noteText"].every(isSensitiveKey),
    ).toBe(true);
    expect(["context", "notification", "tokenizer", "secretary", "textual"].some(isSensitiveKey)).toBe(false);
  });
});

describe("pino's redact paths", () => {
  it("censor the secret and personal fields on their own, at the top and up to three objects down", () => {
    const out: string[] = [];
    const log = pino(
      { base: {}, redact: { paths: REDACT_PATHS, censor: REDACTED } },
      {
        write: (line: string) => out.push(line),
      },
    );
    log.info({
      token: "t0",
      team: "T1",
      headers: { authorization: "Bearer b1", "x-slack-signature": "v0=s1", host: "h" },
      installation: { bot: { token: "t2" }, user: { email: "e2", id: "U1" } },
      stripe: { event: { data: { webhookSecret: "w3" } } },
      view: { state: { values: { comment: "c3" } } },
    });
    const line = JSON.parse(out[0] ?? "{}");
    expect(line).toMatchObject({
      token: REDACTED,
      team: "T1",
      headers: { authorization: REDACTED, "x-slack-signature": REDACTED, host: "h" },
      installation: { bot: { token: REDACTED }, user: { email: REDACTED, id: "U1" } },
      stripe: { event: { data: { webhookSecret: REDACTED } } },
      view: { state: { values: { comment: REDACTED } } },
    });
  });
});
