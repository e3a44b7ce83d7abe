import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { ConfigError, decodeEncryptionKey, parseConfig } from "../../../src/config/env.js";

// The OAuth install's settings: all of them or none, never with SLACK_BOT_TOKEN, and a key that
// really is 32 bytes, each problem named by its variable.

const KEY = randomBytes(32);
const OAUTH = {
  SLACK_CLIENT_ID: "1234567890.9876543210",
  SLACK_CLIENT_SECRET: "client-secret-0123456789abcdef",
  SLACK_STATE_SECRET: "state-secret-0123456789",
  SLACK_SIGNING_SECRET: "signing-secret-0123456789",
  TOKEN_ENCRYPTION_KEY: KEY.toString("base64"),
};

const problems = (env: Record<string, string>): string[] => {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
};

describe("OAuth install configuration", () => {
  it("reads the OAuth set with a base64 key and the default key id", () => {
    const config = parseConfig(OAUTH);
    expect(config.slack.botToken).toBeUndefined();
    expect(config.slack.oauth).toMatchObject({
      clientId: OAUTH.SLACK_CLIENT_ID,
      clientSecret: OAUTH.SLACK_CLIENT_SECRET,
      stateSecret: OAUTH.SLACK_STATE_SECRET,
      encryptionKeyId: "k1",
    });
    expect(config.slack.oauth?.encryptionKey.equals(KEY)).toBe(true);
  });

  it("accepts the key as hex, URL-safe base64, and a chosen key id", () => {
    const hex = parseConfig({
      ...OAUTH,
      TOKEN_ENCRYPTION_KEY: KEY.toString("hex"),
      TOKEN_ENCRYPTION_KEY_ID: "2026-11",
    });
    expect(hex.slack.oauth?.encryptionKey.equals(KEY)).toBe(true);
    expect(hex.slack.oauth?.encryptionKeyId).toBe("2026-11");
    const url = parseConfig({ ...OAUTH, TOKEN_ENCRYPTION_KEY: KEY.toString("base64url") });
    expect(url.slack.oauth?.encryptionKey.equals(KEY)).toBe(true);
  });

  it("names a key of the wrong length or encoding", () => {
    expect(problems({ ...OAUTH, TOKEN_ENCRYPTION_KEY: randomBytes(16).toString("base64") })).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY must be 32 bytes.*got 16 bytes of base64/),
    ]);
    expect(problems({ ...OAUTH, TOKEN_ENCRYPTION_KEY: randomBytes(31).toString("hex") })).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY must be 32 bytes.*got 31 bytes of hex/),
    ]);
    expect(problems({ ...OAUTH, TOKEN_ENCRYPTION_KEY: "not a key!" })).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY .*neither hex nor base64/),
    ]);
    expect(decodeEncryptionKey(KEY.toString("base64"))).toEqual(KEY);
  });

  it("reads previous keys for rotation, and names a bad one", () => {
    const old = randomBytes(32);
    const config = parseConfig({
      ...OAUTH,
      TOKEN_ENCRYPTION_KEY_ID: "k2",
      TOKEN_ENCRYPTION_PREVIOUS_KEYS: `k1:${old.toString("hex")}, k0:${randomBytes(32).toString("base64")}`,
    });
    expect(config.slack.oauth?.previousKeys.map((k) => k.id)).toEqual(["k1", "k0"]);
    expect(config.slack.oauth?.previousKeys[0]?.key.equals(old)).toBe(true);
    expect(problems({ ...OAUTH, TOKEN_ENCRYPTION_PREVIOUS_KEYS: "k0:abc" })).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_PREVIOUS_KEYS key "k0" must be 32 bytes/),
    ]);
    expect(problems({ ...OAUTH, TOKEN_ENCRYPTION_PREVIOUS_KEYS: old.toString("hex") })).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_PREVIOUS_KEYS must list id:key pairs/),
    ]);
    expect(problems({ ...OAUTH, TOKEN_ENCRYPTION_PREVIOUS_KEYS: `k1:${old.toString("hex")}` })).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_PREVIOUS_KEYS must not reuse the current key's id "k1"/),
    ]);
  });

  it("requires the encryption key, the whole set, and the signing secret", () => {
    const { TOKEN_ENCRYPTION_KEY: _key, ...withoutKey } = OAUTH;
    expect(problems(withoutKey)).toEqual([
      expect.stringMatching(/^TOKEN_ENCRYPTION_KEY is required with the OAuth install/),
    ]);
    const { SLACK_STATE_SECRET: _state, SLACK_SIGNING_SECRET: _signing, ...half } = OAUTH;
    expect(problems(half)).toEqual([
      expect.stringMatching(/^SLACK_STATE_SECRET is required with SLACK_CLIENT_ID, SLACK_CLIENT_SECRET/),
      expect.stringMatching(/^SLACK_SIGNING_SECRET is required with the OAuth install/),
    ]);
  });

  it("refuses SLACK_BOT_TOKEN or Socket Mode beside the OAuth install", () => {
    expect(problems({ ...OAUTH, SLACK_BOT_TOKEN: "xoxb-fake" })).toEqual([
      expect.stringMatching(/^SLACK_BOT_TOKEN must be empty with the OAuth install/),
    ]);
    expect(problems({ ...OAUTH, SLACK_APP_TOKEN: "xapp-fake" })).toEqual([
      expect.stringMatching(/^SLACK_APP_TOKEN must be empty with the OAuth install/),
    ]);
  });

  it("leaves single-token and no-Slack configurations as they were", () => {
    const single = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-fake",
      SLACK_SIGNING_SECRET: "signing-secret-0123456789",
    });
    expect(single.slack.botToken).toBe("xoxb-fake");
    expect(single.slack.oauth).toBeUndefined();
    expect(parseConfig({}).slack.oauth).toBeUndefined();
    // A key alone (e.g. kept for a later switch to OAuth) changes nothing.
    expect(parseConfig({ TOKEN_ENCRYPTION_KEY: KEY.toString("hex") }).slack.oauth).toBeUndefined();
  });
});
