// What must never reach a log line: credentials (Slack, API, Stripe, bearer values, passwords in
// URLs, the exact secrets this process was configured with) and personal data (e-mail addresses,
// phone numbers, and whatever people typed: comments, notes, message text).
//
// The logger (logger.ts) is pino, and pino's `redact` paths (REDACT_PATHS below) censor the fields
// whose names say they hold a secret or a person's data. Two things no path can express stay
// here, small: the text rules, which find secrets *inside* strings (a token in an error message,
// an address in a sentence, a password in a URL), and the word match on key names in any naming
// style and at any depth (accessToken, SLACK_BOT_TOKEN, user-email, noteText), for objects
// deeper than the paths reach and for JSON that Bolt logs as a string. pino calls them through
// its hooks (formatters.log for fields, hooks.logMethod for the message).

export const REDACTED = "[REDACTED]";

// Order matters: a URL's password goes before the e-mail rule sees "pass@host".
const TEXT_RULES: Array<[RegExp, string]> = [
  // postgresql://user:pass@host, https://user:pass@host
  [/\b([a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+@/gi, `$1${REDACTED}@`],
  // Slack bot, user, app-configuration, refresh and legacy tokens (xoxb-, xoxp-, xoxe.xoxp-, ...)
  [/\b(xox[abeoprs](?:\.xox[a-z])?-)[\w-]+/g, `$1${REDACTED}`],
  [/\b(xapp-)[\w-]+/g, `$1${REDACTED}`],
  // This app's API tokens
  [/\b(rtg_)[\w-]+/g, `$1${REDACTED}`],
  // Stripe webhook signing secrets, secret and restricted keys
  [/\b(whsec_|sk_live_|sk_test_|rk_live_|rk_test_)[A-Za-z0-9]+/g, `$1${REDACTED}`],
  // Authorization: Bearer …, Basic …, and "authorization=…" / "signing_secret: …" in free text
  [/\b(Bearer|Basic)\s+[\w.~+/=-]+/gi, `$1 ${REDACTED}`],
  [
    /\b(authorization|signing[_ -]?secret|client[_ -]?secret|password|passwd)(["']?\s*[:=]\s*["']?)(?!\[REDACTED\]|Bearer |Basic )[^\s"',;}&]+/gi,
    `$1$2${REDACTED}`,
  ],
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, "[EMAIL]"],
  // +34 612 345 678, +1 (415) 555-0100, (415) 555-0100, 415-555-0100, 612 345 678. Dates
  // (2026-03-30), times, Slack timestamps and ids do not have these shapes.
  [/\+\d{1,3}[\s.-]?\(?\d{1,4}\)?(?:[\s.-]?\d{2,4}){2,4}\b/g, "[PHONE]"],
  [/\(\d{3}\)\s?\d{3}[\s.-]\d{4}\b/g, "[PHONE]"],
  [/\b\d{3}[\s.-]\d{3}[\s.-]\d{3,4}\b/g, "[PHONE]"],
];

// Keys whose values are secrets or what a person wrote, whatever they look like. Matched on the
// words of the key: accessToken, signing_secret, user-email, commentText all count.
const SENSITIVE_WORDS = new Set([
  "token",
  "tokens",
  "secret",
  "secrets",
  "password",
  "passwd",
  "authorization",
  "cookie",
  "signature",
  "email",
  "emails",
  "phone",
  "comment",
  "comments",
  "text",
  "note",
  "notes",
]);

// The field names pino's redact censors, at the top level and up to three objects down
// ({ headers: { authorization } }, { error: { data: { token } } }).
const REDACT_KEYS = [
  "token",
  "accessToken",
  "access_token",
  "botToken",
  "bot_token",
  "userToken",
  "user_token",
  "appToken",
  "refreshToken",
  "refresh_token",
  "secret",
  "signingSecret",
  "signing_secret",
  "clientSecret",
  "client_secret",
  "stateSecret",
  "webhookSecret",
  "webhook_secret",
  "password",
  "authorization",
  "Authorization",
  "cookie",
  "signature",
  '["x-slack-signature"]',
  '["stripe-signature"]',
  "email",
  "emails",
  "phone",
  "comment",
  "comments",
  "text",
  "note",
  "notes",
];

export const REDACT_PATHS: string[] = REDACT_KEYS.flatMap((key) => {
  const dotted = key.startsWith("[") ? key : `.${key}`;
  return [key, `*${dotted}`, `*.*${dotted}`, `*.*.*${dotted}`];
});

function keyWords(key: string): string[] {
  return key
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function isSensitiveKey(key: string): boolean {
  return keyWords(key).some((w) => SENSITIVE_WORDS.has(w));
}

export interface Redactor {
  text(value: string): string;
  /** A deep copy safe to log; Errors become { name, message, stack, code, ... }. */
  value(value: unknown): unknown;
}

const MAX_DEPTH = 8;

/**
 * `secrets`: exact values this process knows are secret (signing secret, tokens, database
 * password, metrics token), removed wherever they appear even when no pattern recognises them.
 */
export function createRedactor(secrets: ReadonlyArray<string | undefined> = []): Redactor {
  // Short values would wipe ordinary words; configured secrets are long.
  const known = [...new Set(secrets.filter((s): s is string => typeof s === "string" && s.length >= 8))].sort(
    (a, b) => b.length - a.length,
  );

  const text = (input: string): string => {
    let out = input;
    // Patterns first: a configured token followed by more token characters is hidden whole.
    for (const [pattern, replacement] of TEXT_RULES) out = out.replace(pattern, replacement);
    for (const secret of known) out = out.split(secret).join(REDACTED);
    return out;
  };

  const value = (input: unknown, depth = 0, seen = new WeakSet<object>()): unknown => {
    if (typeof input === "string") return text(input);
    if (input === null || typeof input !== "object") {
      return typeof input === "bigint" ? input.toString() : input;
    }
    if (seen.has(input)) return "[Circular]";
    if (depth >= MAX_DEPTH) return "[Nested too deep]";
    seen.add(input);
    if (input instanceof Date) return Number.isNaN(input.getTime()) ? "Invalid Date" : input.toISOString();
    if (input instanceof Error) return errorValue(input, depth, seen);
    if (Buffer.isBuffer(input)) return `[${input.length} bytes]`;
    if (Array.isArray(input)) return input.map((item) => value(item, depth + 1, seen));
    if (input instanceof Map) return value(Object.fromEntries(input), depth, seen);
    return objectValue(input as Record<string, unknown>, depth, seen);
  };

  const objectValue = (input: Record<string, unknown>, depth: number, seen: WeakSet<object>) => {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(input)) {
      if (typeof v === "function" || v === undefined) continue;
      out[key] = isSensitiveKey(key) && v !== null && v !== "" ? REDACTED : value(v, depth + 1, seen);
    }
    return out;
  };

  const errorValue = (error: Error, depth: number, seen: WeakSet<object>) => {
    const out: Record<string, unknown> = { name: error.name, message: text(error.message) };
    if (error.stack) out.stack = text(error.stack);
    // Coded errors (Bolt, WebClient, Prisma) carry what happened in their own properties.
    const extra = objectValue({ ...error } as Record<string, unknown>, depth, seen);
    for (const [key, v] of Object.entries(extra)) if (!(key in out)) out[key] = v;
    if (error.cause !== undefined) out.cause = value(error.cause, depth + 1, seen);
    return out;
  };

  return { text, value: (input) => value(input) };
}
