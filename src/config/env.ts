import { existsSync } from "node:fs";
import { z } from "zod";

// The only module that reads process.env. Everything else receives a parsed Config.

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === "" ? undefined : v))
  .optional();

// "U0123ABC, @cx-leads" → user IDs and user group handles.
const roleList = optionalString
  .transform((v) => (v ?? "").split(/[\s,]+/).filter(Boolean))
  .pipe(
    z.array(
      z
        .string()
        .regex(
          /^(U[A-Z0-9]{2,}|W[A-Z0-9]{2,}|@[a-z0-9._-]+)$/,
          "must list Slack user IDs (U…) or user group handles (@name)",
        ),
    ),
  );

const isTimeZone = (zone: string): boolean => {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
};

export const ZEnv = z
  .object({
    DATABASE_URL: optionalString.pipe(
      z
        .string()
        .regex(
          /^postgres(ql)?:\/\//,
          "must start with postgresql:// (leave it empty to use the embedded database)",
        )
        .optional(),
    ),
    DATA_DIR: optionalString.default("./data"),
    OUTPUT_DIR: optionalString.default("./out"),
    CHROMIUM_PATH: optionalString.default("/usr/bin/chromium"),
    SLACK_BOT_TOKEN: optionalString.pipe(
      z.string().startsWith("xoxb-", "must be a bot token starting with xoxb-").optional(),
    ),
    SLACK_SIGNING_SECRET: optionalString.pipe(
      z.string().min(16, "looks too short: copy the Signing Secret from Basic Information").optional(),
    ),
    SLACK_APP_TOKEN: optionalString.pipe(
      z.string().startsWith("xapp-", "must be an app-level token starting with xapp-").optional(),
    ),
    // OAuth install for many workspaces (instead of SLACK_BOT_TOKEN): see src/slack/oauth.ts.
    SLACK_CLIENT_ID: optionalString.pipe(
      z
        .string()
        .regex(/^\d+\.\d+$/, "must be the Client ID from Basic Information (digits.digits)")
        .optional(),
    ),
    SLACK_CLIENT_SECRET: optionalString.pipe(
      z.string().min(16, "looks too short: copy the Client Secret from Basic Information").optional(),
    ),
    SLACK_STATE_SECRET: optionalString.pipe(
      z
        .string()
        .min(16, "must be at least 16 characters (any random string; it signs the install state)")
        .optional(),
    ),
    TOKEN_ENCRYPTION_KEY: optionalString.pipe(
      z
        .string()
        .transform((v, ctx) => {
          const key = decodeEncryptionKey(v);
          if (typeof key === "string") {
            ctx.addIssue({ code: "custom", message: key });
            return z.NEVER;
          }
          return key;
        })
        .optional(),
    ),
    TOKEN_ENCRYPTION_KEY_ID: optionalString
      .default("k1")
      .pipe(
        z
          .string()
          .regex(/^[A-Za-z0-9._-]{1,32}$/, "must be 1-32 letters, digits, dots, dashes or underscores"),
      ),
    // After a key rotation: the keys installations may still be written with, "id:key,id:key".
    TOKEN_ENCRYPTION_PREVIOUS_KEYS: optionalString.transform((v, ctx) => {
      const keys: Array<{ id: string; key: Buffer }> = [];
      for (const entry of (v ?? "")
        .split(",")
        .map((e) => e.trim())
        .filter(Boolean)) {
        const [id, text, ...extra] = entry.split(":");
        if (!id || !text || extra.length > 0 || !/^[A-Za-z0-9._-]{1,32}$/.test(id)) {
          ctx.addIssue({
            code: "custom",
            message: `must list id:key pairs separated by commas ("${entry.slice(0, 12)}…" is not one)`,
          });
          return z.NEVER;
        }
        const key = decodeEncryptionKey(text);
        if (typeof key === "string") {
          ctx.addIssue({ code: "custom", message: `key "${id}" ${key}` });
          return z.NEVER;
        }
        keys.push({ id, key });
      }
      return keys;
    }),
    SLACK_API_URL: optionalString
      .default("https://slack.com/api/")
      .pipe(z.url("must be a URL such as https://slack.com/api/"))
      .transform((u) => (u.endsWith("/") ? u : `${u}/`)),
    PORT: optionalString
      .default("3000")
      .pipe(z.string().regex(/^\d+$/, "must be a port number"))
      .transform(Number)
      .pipe(z.number().int().max(65535, "must be at most 65535")),
    DEFAULT_LOCALE: optionalString.default("en").pipe(z.enum(["en", "es"], "must be en or es")),
    REPORTING_CURRENCY: optionalString
      .default("EUR")
      .transform((v) => v.toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{3}$/, "must be a three-letter ISO 4217 code such as EUR")),
    DEFAULT_TIMEZONE: optionalString
      .default("UTC")
      .pipe(z.string().refine(isTimeZone, "must be an IANA time zone such as Europe/Madrid")),
    LOG_LEVEL: optionalString.default("info").pipe(z.enum(["debug", "info", "warn", "error"])),
    LOG_FORMAT: optionalString.pipe(z.enum(["json", "pretty"], "must be json or pretty").optional()),
    METRICS_TOKEN: optionalString.pipe(
      z.string().min(16, "must be at least 16 characters (it guards /metrics)").optional(),
    ),
    ROLE_ADMINS: roleList,
    ROLE_EXECUTIVES: roleList,
    ROLE_MANAGERS: roleList,
    SURVEY_THROTTLE_DAYS: optionalString
      .default("30")
      .pipe(z.string().regex(/^\d+$/, "must be a whole number of days"))
      .transform(Number),
    MIN_SCORE_ANSWERS: optionalString
      .default("10")
      .pipe(z.string().regex(/^\d+$/, "must be a whole number of answers"))
      .transform(Number)
      .pipe(z.number().int().min(1, "must be at least 1")),
    // Themes (/cx themes) quote an anonymous text only from a group of at least this many.
    ANONYMITY_MIN: optionalString
      .default("5")
      .pipe(z.string().regex(/^\d+$/, "must be a whole number of people"))
      .transform(Number)
      .pipe(z.number().int().min(2, "must be at least 2")),
    SERVE_API: optionalString
      .default("false")
      .transform((v) => v.toLowerCase())
      .pipe(z.enum(["true", "false"], "must be true or false"))
      .transform((v) => v === "true"),
    API_PORT: optionalString.pipe(
      z
        .string()
        .regex(/^\d+$/, "must be a port number")
        .transform(Number)
        .pipe(z.number().int().max(65535, "must be at most 65535"))
        .optional(),
    ),
    API_MAX_BODY_BYTES: optionalString
      .default("1048576")
      .pipe(z.string().regex(/^\d+$/, "must be a whole number of bytes"))
      .transform(Number)
      .pipe(z.number().int().min(1024, "must be at least 1024 bytes")),
    API_RATE_LIMIT_PER_MINUTE: optionalString
      .default("120")
      .pipe(z.string().regex(/^\d+$/, "must be a whole number of requests"))
      .transform(Number)
      .pipe(z.number().int().min(1, "must be at least 1")),
    ALERT_CHANNEL: optionalString.pipe(
      z
        .string()
        .regex(/^[CG][A-Z0-9]{2,}$/, "must be a channel ID such as C0123456789 (not a #name)")
        .optional(),
    ),
    // Stripe webhooks (POST /webhooks/stripe): off unless the endpoint's signing secret is set.
    STRIPE_WEBHOOK_SECRET: optionalString.pipe(
      z
        .string()
        .regex(
          /^whsec_\S+$/,
          "must be the endpoint's signing secret starting with whsec_ (Stripe dashboard → Webhooks, or stripe listen)",
        )
        .optional(),
    ),
    STRIPE_SLACK_TEAM_ID: optionalString.pipe(
      z
        .string()
        .regex(/^[TE][A-Z0-9]{2,}$/, "must be a Slack team ID such as T0123ABCD")
        .optional(),
    ),
    // The backfill (npm run cli -- import stripe): a secret or restricted key, read access suffices.
    STRIPE_API_KEY: optionalString.pipe(
      z
        .string()
        .regex(
          /^(sk|rk)_(test|live)_[A-Za-z0-9]+$/,
          "must be a secret (sk_…) or restricted (rk_…) key from Stripe (Developers → API keys)",
        )
        .optional(),
    ),
    // Another Stripe API base, for a local fake or stripe-mock (http://127.0.0.1:12111).
    STRIPE_API_BASE: optionalString.pipe(z.url("must be a URL such as http://127.0.0.1:12111").optional()),
    STRIPE_DEFAULT_SEGMENT: optionalString
      .default("Stripe")
      .pipe(z.string().max(100, "must be at most 100 characters")),
  })
  .superRefine((env, ctx) => {
    if (env.SLACK_BOT_TOKEN && !env.SLACK_SIGNING_SECRET && !env.SLACK_APP_TOKEN) {
      ctx.addIssue({
        code: "custom",
        path: ["SLACK_SIGNING_SECRET"],
        message: "is required with SLACK_BOT_TOKEN for HTTP mode (or set SLACK_APP_TOKEN for Socket Mode)",
      });
    }
    for (const issue of oauthIssues(env)) ctx.addIssue({ code: "custom", ...issue });
    if (env.TOKEN_ENCRYPTION_PREVIOUS_KEYS.some((k) => k.id === env.TOKEN_ENCRYPTION_KEY_ID)) {
      ctx.addIssue({
        code: "custom",
        path: ["TOKEN_ENCRYPTION_PREVIOUS_KEYS"],
        message: `must not reuse the current key's id "${env.TOKEN_ENCRYPTION_KEY_ID}" (give the new key a new TOKEN_ENCRYPTION_KEY_ID)`,
      });
    }
  });

const OAUTH_VARIABLES = ["SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET", "SLACK_STATE_SECRET"] as const;

// One bot token (one workspace) or the OAuth install (many workspaces): never both, never half.
function oauthIssues(env: {
  SLACK_BOT_TOKEN?: string;
  SLACK_SIGNING_SECRET?: string;
  SLACK_APP_TOKEN?: string;
  SLACK_CLIENT_ID?: string;
  SLACK_CLIENT_SECRET?: string;
  SLACK_STATE_SECRET?: string;
  TOKEN_ENCRYPTION_KEY?: Buffer;
}): Array<{ path: string[]; message: string }> {
  const given = OAUTH_VARIABLES.filter((name) => env[name] !== undefined);
  if (given.length === 0) return [];
  const issues: Array<{ path: string[]; message: string }> = OAUTH_VARIABLES.filter(
    (name) => env[name] === undefined,
  ).map((name) => ({
    path: [name],
    message: `is required with ${given.join(", ")} (the OAuth install needs all of ${OAUTH_VARIABLES.join(", ")})`,
  }));
  if (env.SLACK_BOT_TOKEN) {
    issues.push({
      path: ["SLACK_BOT_TOKEN"],
      message: `must be empty with the OAuth install (${given.join(", ")}): each workspace's token comes from its installation`,
    });
  }
  if (!env.TOKEN_ENCRYPTION_KEY) {
    issues.push({
      path: ["TOKEN_ENCRYPTION_KEY"],
      message:
        "is required with the OAuth install: installations are stored encrypted (generate one with: openssl rand -base64 32)",
    });
  }
  if (!env.SLACK_SIGNING_SECRET) {
    issues.push({ path: ["SLACK_SIGNING_SECRET"], message: "is required with the OAuth install" });
  }
  if (env.SLACK_APP_TOKEN) {
    issues.push({
      path: ["SLACK_APP_TOKEN"],
      message:
        "must be empty with the OAuth install: installing needs HTTP mode (/slack/install, /slack/oauth_redirect)",
    });
  }
  return issues;
}

/** 32 bytes from 64 hex digits or base64 (standard or URL-safe); otherwise what is wrong. */
export function decodeEncryptionKey(text: string): Buffer | string {
  const hint = "must be 32 bytes, as 64 hex digits or base64 (generate one with: openssl rand -base64 32)";
  if (/^[0-9a-fA-F]+$/.test(text) && text.length % 2 === 0 && text.length !== 44) {
    const key = Buffer.from(text, "hex");
    return key.length === 32 ? key : `${hint}; got ${key.length} bytes of hex`;
  }
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(text)) return `${hint}; it is neither hex nor base64`;
  const key = Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
  return key.length === 32 ? key : `${hint}; got ${key.length} bytes of base64`;
}

export type Env = z.infer<typeof ZEnv>;

export interface Config {
  database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string };
  slack: {
    botToken?: string;
    signingSecret?: string;
    appToken?: string;
    apiUrl: string;
    /** The OAuth install (many workspaces); set instead of botToken. */
    oauth?: OAuthConfig;
  };
  port: number;
  /** Where npm start writes the digest preview (text, Block Kit JSON, chart PNG) without Slack. */
  outputDir: string;
  /** The headless Chromium that screenshots the digest preview page (skipped when absent). */
  chromiumPath: string;
  defaultLocale: "en" | "es";
  reportingCurrency: string;
  defaultTimezone: string;
  logLevel: Env["LOG_LEVEL"];
  /** Unset: pretty on a terminal, JSON otherwise (decided by the logger). */
  logFormat?: "json" | "pretty";
  /** When set, /metrics answers only requests with Authorization: Bearer <this>. */
  metricsToken?: string;
  roles: RoleConfig;
  surveyThrottleDays: number;
  /** Below this many answers a score reads "too few answers" and calls no change. */
  minScoreAnswers: number;
  /** The smallest group an anonymous text may be quoted from (ANONYMITY_MIN, default 5). */
  anonymityMin: number;
  alertChannel?: string;
  api: ApiConfig;
  stripe: StripeConfig;
}

/**
 * The HTTP ingestion API. It rides on Slack's port when Slack runs in HTTP mode; it gets a server
 * of its own on `port` when API_PORT is set, or on PORT when `serve` (SERVE_API=true) and Slack
 * has no HTTP server (Socket Mode, or no Slack at all).
 */
export interface ApiConfig {
  serve: boolean;
  port?: number;
  maxBodyBytes: number;
  rateLimitPerMinute: number;
}

export interface OAuthConfig {
  clientId: string;
  clientSecret: string;
  stateSecret: string;
  /** AES-256 key for installations at rest, and its id (stored beside each row, for rotation). */
  encryptionKey: Buffer;
  encryptionKeyId: string;
  /** Earlier keys by id: installations they encrypted are read, then written again with the current key. */
  previousKeys: Array<{ id: string; key: Buffer }>;
}

/**
 * Stripe webhooks. One Stripe account feeds one workspace's ledger: the workspace of
 * `slackTeamId`, or the only workspace there is.
 */
export interface StripeConfig {
  webhookSecret?: string;
  slackTeamId?: string;
  /** For the backfill only. */
  apiKey?: string;
  apiBase?: string;
  defaultSegment: string;
}

/** Who holds which role: Slack user IDs and user group handles (without the @). */
export interface RoleConfig {
  admins: string[];
  executives: string[];
  managers: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Invalid configuration:\n${problems.map((p) => `  - ${p}`).join("\n")}\nSee .env.example for every variable.`,
    );
    this.name = "ConfigError";
  }
}

export function parseConfig(source: Record<string, string | undefined>): Config {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join(".") || "environment"} ${issue.message}`),
    );
  }
  const env = parsed.data;
  return {
    database: env.DATABASE_URL
      ? { kind: "postgres", url: env.DATABASE_URL }
      : { kind: "pglite", dataDir: env.DATA_DIR },
    slack: {
      botToken: env.SLACK_BOT_TOKEN,
      signingSecret: env.SLACK_SIGNING_SECRET,
      appToken: env.SLACK_APP_TOKEN,
      apiUrl: env.SLACK_API_URL,
      oauth:
        env.SLACK_CLIENT_ID && env.SLACK_CLIENT_SECRET && env.SLACK_STATE_SECRET && env.TOKEN_ENCRYPTION_KEY
          ? {
              clientId: env.SLACK_CLIENT_ID,
              clientSecret: env.SLACK_CLIENT_SECRET,
              stateSecret: env.SLACK_STATE_SECRET,
              encryptionKey: env.TOKEN_ENCRYPTION_KEY,
              encryptionKeyId: env.TOKEN_ENCRYPTION_KEY_ID,
              previousKeys: env.TOKEN_ENCRYPTION_PREVIOUS_KEYS,
            }
          : undefined,
    },
    port: env.PORT,
    outputDir: env.OUTPUT_DIR,
    chromiumPath: env.CHROMIUM_PATH,
    defaultLocale: env.DEFAULT_LOCALE,
    reportingCurrency: env.REPORTING_CURRENCY,
    defaultTimezone: env.DEFAULT_TIMEZONE,
    logLevel: env.LOG_LEVEL,
    logFormat: env.LOG_FORMAT,
    metricsToken: env.METRICS_TOKEN,
    roles: { admins: env.ROLE_ADMINS, executives: env.ROLE_EXECUTIVES, managers: env.ROLE_MANAGERS },
    surveyThrottleDays: env.SURVEY_THROTTLE_DAYS,
    minScoreAnswers: env.MIN_SCORE_ANSWERS,
    anonymityMin: env.ANONYMITY_MIN,
    alertChannel: env.ALERT_CHANNEL,
    stripe: {
      webhookSecret: env.STRIPE_WEBHOOK_SECRET,
      slackTeamId: env.STRIPE_SLACK_TEAM_ID,
      apiKey: env.STRIPE_API_KEY,
      apiBase: env.STRIPE_API_BASE,
      defaultSegment: env.STRIPE_DEFAULT_SEGMENT,
    },
    api: {
      serve: env.SERVE_API,
      port: env.API_PORT,
      maxBodyBytes: env.API_MAX_BODY_BYTES,
      rateLimitPerMinute: env.API_RATE_LIMIT_PER_MINUTE,
    },
  };
}

/** Reads ./.env when present (variables already set in the environment win), then parses. */
export function loadConfig(envFile = ".env"): Config {
  if (existsSync(envFile)) process.loadEnvFile(envFile);
  return parseConfig(process.env);
}
