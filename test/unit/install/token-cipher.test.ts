import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createTokenCipher, TokenCipherError } from "../../../src/data/token-cipher.js";

const secret = JSON.stringify({ bot: { token: "xoxb-fake-111" }, user: { token: "xoxp-fake-222" } });

describe("the installation cipher (AES-256-GCM)", () => {
  const cipher = createTokenCipher(randomBytes(32), "k1");

  it("round-trips, with a fresh IV each time and no token in the stored text", () => {
    const a = cipher.seal(secret, "T:T1");
    const b = cipher.seal(secret, "T:T1");
    expect(a.keyId).toBe("k1");
    expect(a.encrypted).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(a.encrypted).not.toBe(b.encrypted);
    expect(a.encrypted).not.toContain("xox");
    expect(cipher.open(a, "T:T1")).toBe(secret);
    expect(cipher.open(b, "T:T1")).toBe(secret);
  });

  it("refuses an altered payload, another row's payload, or the wrong key, by a clear error", () => {
    const sealed = cipher.seal(secret, "T:T1");
    const [v, iv, tag, body] = sealed.encrypted.split(".") as [string, string, string, string];
    const flipped = Buffer.from(body, "base64url");
    flipped[0] = (flipped[0] ?? 0) ^ 1;
    const altered = { ...sealed, encrypted: [v, iv, tag, flipped.toString("base64url")].join(".") };
    expect(() => cipher.open(altered, "T:T1")).toThrow(/failed authentication/);
    expect(() => cipher.open(sealed, "T:T2")).toThrow(TokenCipherError);
    const otherKey = createTokenCipher(randomBytes(32), "k1");
    expect(() => otherKey.open(sealed, "T:T1")).toThrow(/failed authentication/);
    const rotated = createTokenCipher(randomBytes(32), "k2");
    expect(() => rotated.open(sealed, "T:T1")).toThrow(
      /encrypted with key "k1", but the configured key is "k2"/,
    );
    expect(() => cipher.open({ ...sealed, encrypted: "v1.abc" }, "T:T1")).toThrow(/format/);
  });

  it("wants a 32-byte key", () => {
    expect(() => createTokenCipher(randomBytes(16), "k1")).toThrow(/32 bytes/);
  });
});

describe("key rotation", () => {
  it("opens rows of a previous key by its id and seals with the current one", () => {
    const oldKey = randomBytes(32);
    const old = createTokenCipher(oldKey, "k1");
    const sealed = old.seal(secret, "T:T1");
    const rotated = createTokenCipher(randomBytes(32), "k2", [{ id: "k1", key: oldKey }]);
    expect(rotated.open(sealed, "T:T1")).toBe(secret);
    const resealed = rotated.seal(secret, "T:T1");
    expect(resealed.keyId).toBe("k2");
    expect(() => old.open(resealed, "T:T1")).toThrow(/no previous key has that id/);
  });
});
