import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

// Slack installations (bot and user tokens) are stored encrypted with AES-256-GCM.
//
// Stored text: "v1.<iv>.<tag>.<ciphertext>", each part base64url; a random 12-byte IV per
// write, the 16-byte GCM tag, and the row's install key ("T:<team>" or "E:<enterprise>") as
// additional authenticated data, so a payload copied onto another team's row does not decrypt.
// The key's id is kept in its own column beside the payload. Rotation: the new key gets a new id
// and the old ones stay readable as previous keys (open() picks the key by the row's id; the
// installation store then writes the row again with the current key). A row whose key id is
// unknown is refused by name instead of failing as a tampered payload.

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

export class TokenCipherError extends Error {
  readonly code = "TOKEN_CIPHER";
}

export interface Sealed {
  keyId: string;
  encrypted: string;
}

export interface TokenCipher {
  readonly keyId: string;
  seal(plaintext: string, associatedData: string): Sealed;
  open(sealed: Sealed, associatedData: string): string;
}

export function createTokenCipher(
  key: Buffer,
  keyId: string,
  previousKeys: ReadonlyArray<{ id: string; key: Buffer }> = [],
): TokenCipher {
  const keys = new Map([...previousKeys.map((k) => [k.id, k.key] as const), [keyId, key] as const]);
  for (const [id, k] of keys) {
    if (k.length !== 32)
      throw new TokenCipherError(`encryption key "${id}" must be 32 bytes, not ${k.length}`);
  }
  return {
    keyId,
    seal(plaintext, associatedData) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(associatedData, "utf8"));
      const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
      const parts = [iv, cipher.getAuthTag(), body].map((b) => b.toString("base64url"));
      return { keyId, encrypted: [VERSION, ...parts].join(".") };
    },
    open(sealed, associatedData) {
      const rowKey = keys.get(sealed.keyId);
      if (!rowKey) {
        throw new TokenCipherError(
          `installation encrypted with key "${sealed.keyId}", but the configured key is "${keyId}" (TOKEN_ENCRYPTION_KEY_ID) and no previous key has that id (TOKEN_ENCRYPTION_PREVIOUS_KEYS)`,
        );
      }
      const [version, iv, tag, body, extra] = sealed.encrypted.split(".");
      if (
        version !== VERSION ||
        iv === undefined ||
        tag === undefined ||
        body === undefined ||
        extra !== undefined
      ) {
        throw new TokenCipherError("installation payload is not in the v1.<iv>.<tag>.<ciphertext> format");
      }
      const ivBytes = Buffer.from(iv, "base64url");
      const tagBytes = Buffer.from(tag, "base64url");
      if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) {
        throw new TokenCipherError("installation payload has a malformed IV or tag");
      }
      try {
        const decipher = createDecipheriv("aes-256-gcm", rowKey, ivBytes, { authTagLength: TAG_BYTES });
        decipher.setAAD(Buffer.from(associatedData, "utf8"));
        decipher.setAuthTag(tagBytes);
        return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString(
          "utf8",
        );
      } catch {
        // GCM checks the tag in final(): nothing decrypted is ever returned unauthenticated.
        throw new TokenCipherError(
          `installation payload failed authentication: it was altered, belongs to another row, or key "${sealed.keyId}" is not the key it was written with`,
        );
      }
    },
  };
}
