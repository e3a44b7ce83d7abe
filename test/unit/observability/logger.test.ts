import { describe, expect, it } from "vitest";
import { createLogger, type LogLevelName } from "../../../src/observability/logger.js";
import { REDACTED } from "../../../src/observability/redact.js";

const AT = new Date("2026-03-30T07:00:00.000Z");

const lineLevel = (line: string): LogLevelName => {
  try {
    return (JSON.parse(line) as { level: LogLevelName }).level;
  } catch {
    return (/\b(DEBUG|INFO|WARN|ERROR)\b/.exec(line)?.[1]?.toLowerCase() ?? "info") as LogLevelName;
  }
};

function capture(options: Parameters<typeof createLogger>[0] = {}) {
  // pino's real output: what it writes to its destination stream, one line per write.
  const lines: Array<{ line: string; level: LogLevelName }> = [];
  const logger = createLogger({
    format: "json",
    clock: () => AT,
    destination: {
      write: (chunk: string) => {
        const line = chunk.replace(/\n$/, "");
        lines.push({ line, level: lineLevel(line) });
      },
    },
    ...options,
  });
  const json = () => lines.map((l) => JSON.parse(l.line) as Record<string, unknown>);
  return { logger, lines, json };
}

describe("the logger", () => {
  it("writes one JSON object a line: time, level, name, message, then the fields", () => {
    const { logger, lines, json } = capture({ name: "rtg" });
    logger.info("digests: 1 posted", { posted: 1, meeting: "m1" });
    expect(lines).toHaveLength(1);
    expect(lines[0]?.line).not.toContain("\n");
    expect(json()[0]).toEqual({
      time: "2026-03-30T07:00:00.000Z",
      level: "info",
      name: "rtg",
      msg: "digests: 1 posted",
      posted: 1,
      meeting: "m1",
    });
  });

  it("takes Bolt's console-style calls: several strings, an Error, objects", () => {
    const { logger, json } = capture();
    logger.error("Unhandled error in a listener", new Error("boom"), { team: "T1" });
    const [entry] = json();
    expect(entry).toMatchObject({ level: "error", msg: "Unhandled error in a listener", team: "T1" });
    expect(entry?.error).toMatchObject({ name: "Error", message: "boom" });
    expect(String((entry?.error as { stack?: string } | undefined)?.stack)).toContain("logger.test.ts");
  });

  it("redacts the message, the fields and the error, stack included", () => {
    const token = `xoxb-1-${"Zz9".repeat(8)}`;
    const { logger, lines } = capture({ secrets: ["signing-secret-0123456789"] });
    logger.warn(`auth.test failed for ana@example.com with ${token}`, {
      headers: { authorization: `Bearer ${token}` },
      detail: "secret was signing-secret-0123456789",
      comment: "my phone is +34 612 345 678",
    });
    logger.error(new Error(`invalid_auth: ${token} (owner ana@example.com)`));
    const text = lines.map((l) => l.line).join("\n");
    expect(text).not.toContain(token.slice(5));
    expect(text).not.toContain("ana@example.com");
    expect(text).not.toContain("signing-secret-0123456789");
    expect(text).not.toContain("612 345 678");
    expect(text).toContain(`xoxb-${REDACTED}`);
    expect(text).toContain("[EMAIL]");
  });

  it("redacts by key inside a JSON string Bolt logs at debug level", () => {
    const { logger, json } = capture({ level: "debug" });
    logger.debug(JSON.stringify({ type: "view_submission", view: { state: { comment: "Ana hates it" } } }));
    expect(json()[0]?.msg).toBe(
      JSON.stringify({ type: "view_submission", view: { state: { comment: REDACTED } } }),
    );
  });

  it("drops what is below its level, and follows setLevel as Bolt calls it", () => {
    const { logger, lines } = capture({ level: "warn" });
    logger.info("quiet");
    logger.warn("loud");
    expect(lines.map((l) => l.level)).toEqual(["warn"]);
    logger.setLevel("debug" as Parameters<typeof logger.setLevel>[0]);
    expect(logger.getLevel()).toBe("debug");
    logger.debug("now heard");
    expect(lines).toHaveLength(2);
  });

  it("keeps the name it was given when a library names it", () => {
    const { logger, json } = capture({ name: "rtg" });
    logger.setName("socket-mode:SocketModeClient:0");
    logger.info("x");
    expect(json()[0]?.name).toBe("rtg");
  });

  it("keeps its own keys when a field has the same name", () => {
    const { logger, json } = capture();
    logger.info("x", { level: "custom", msg: "y" });
    expect(json()[0]).toMatchObject({ level: "info", msg: "x", field_level: "custom", field_msg: "y" });
  });

  it("prints a readable line through pino-pretty, the stack below it, redacted", () => {
    const { logger, lines } = capture({ format: "pretty", name: "bolt-app" });
    logger.error("failed", new Error("boom for ana@example.com"), { team: "T1" });
    const [first, ...rest] = (lines[0]?.line ?? "").split("\n");
    expect(first).toBe("[2026-03-30T07:00:00.000Z] ERROR (bolt-app): failed");
    expect(rest).toContain('    team: "T1"');
    expect(rest).toContain("          Error: boom for [EMAIL]");
    expect(rest.join("\n")).toContain("logger.test.ts");
    expect(lines[0]?.line).not.toContain("ana@example.com");
  });

  it("falls back to JSON lines when pino-pretty is not installed (a production install)", () => {
    const { logger, json } = capture({ format: "pretty", prettyModule: "pino-pretty-not-installed" });
    logger.warn("still logged", { team: "T1" });
    expect(json()[0]).toMatchObject({ level: "warn", msg: "still logged", team: "T1" });
  });
});

describe("the secrets the configuration holds", () => {
  it("include every credential the app was given, Stripe's webhook secret too", async () => {
    const { parseConfig } = await import("../../../src/config/env.js");
    const { configuredSecrets } = await import("../../../src/observability/app-logger.js");
    const config = parseConfig({
      SLACK_BOT_TOKEN: "xoxb-fake",
      SLACK_SIGNING_SECRET: "signing-secret-0123456789",
      STRIPE_WEBHOOK_SECRET: "whsec_fake0123456789",
      METRICS_TOKEN: "metrics-token-0123456789",
      DATABASE_URL: "postgresql://rtg:db-password-123@127.0.0.1:5432/rtg",
    });
    expect(configuredSecrets(config)).toEqual(
      expect.arrayContaining([
        "xoxb-fake",
        "signing-secret-0123456789",
        "whsec_fake0123456789",
        "metrics-token-0123456789",
        "db-password-123",
      ]),
    );
  });
});

describe("no secret reaches a log line", () => {
  // Fake credentials built at run time, so no secret scanner mistakes this file for a leak.
  const fill = "Q7r2Xk9Pz".repeat(3);
  const botToken = ["xoxb", "1111", "2222", fill].join("-");
  const userToken = ["xoxp", "3333", "4444", fill].join("-");
  const signingSecret = `8f14e45fceea167a${fill}`;
  const webhookSecret = `whsec_${fill}`;
  const apiToken = `rtg_${fill}`;
  const metricsToken = `metrics-${fill}`;
  const email = "ana.garcia@example.com";
  const secrets = [botToken, userToken, signingSecret, webhookSecret, apiToken, metricsToken, email];
  // What would give a secret away: its distinctive part, whatever prefix is kept.
  const tells = [...secrets, fill, "ana.garcia", "8f14e45fceea167a"];

  it.each(["json", "pretty"] as const)(
    "in pino's real %s output, with the configuration's logger",
    async (format) => {
      const { parseConfig } = await import("../../../src/config/env.js");
      const { loggerFor } = await import("../../../src/observability/app-logger.js");
      const config = parseConfig({
        SLACK_BOT_TOKEN: botToken,
        SLACK_SIGNING_SECRET: signingSecret,
        STRIPE_WEBHOOK_SECRET: webhookSecret,
        METRICS_TOKEN: metricsToken,
        LOG_LEVEL: "debug",
        LOG_FORMAT: format,
      });
      const out: string[] = [];
      const logger = loggerFor(config, {
        name: "rtg",
        destination: { write: (line: string) => out.push(line) },
      });

      // In the message, as Bolt and our code write them.
      logger.info(`auth.test as ${botToken} for ${email}`);
      logger.debug("request headers", `Authorization: Bearer ${apiToken}`);
      logger.warn(`user token ${userToken}; signing secret ${signingSecret}; webhook ${webhookSecret}`);
      // In fields: on pino's redact paths, nested, under other names, inside harmless-looking values.
      logger.info("fields", {
        token: botToken,
        headers: { authorization: `Bearer ${apiToken}`, "x-slack-signature": `v0=${signingSecret}` },
        installation: { bot: { token: botToken }, user: { token: userToken, email } },
        stripe: { webhookSecret, deeper: { still: { deeper: { signing_secret: signingSecret } } } },
        detail: `verified with ${webhookSecret} and ${metricsToken}`,
        owners: [email, `mailto:${email}`],
      });
      // In errors: message, stack, a coded error's data, its cause.
      const cause = new Error(`socket closed for ${email}`);
      logger.error(
        "Unhandled error in a listener",
        Object.assign(new Error(`invalid_auth with ${botToken} (secret ${signingSecret})`, { cause }), {
          code: "slack_webapi_platform_error",
          data: { ok: false, error: "invalid_auth", response_metadata: { token: userToken } },
        }),
      );
      // A request body Bolt logs as a JSON string.
      logger.debug(JSON.stringify({ token: botToken, user: { email }, text: `call ${email}` }));

      expect(out.length).toBe(6);
      const all = out.join("\n");
      for (const tell of tells) expect(all).not.toContain(tell);
      // Redacted, not dropped: the lines still say what happened.
      expect(all).toContain("xoxb-[REDACTED]");
      expect(all).toContain("[EMAIL]");
      expect(all).toContain("invalid_auth");
      if (format === "json") for (const line of out) expect(() => JSON.parse(line)).not.toThrow();
    },
  );
});
