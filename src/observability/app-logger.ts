import type { Config } from "../config/env.js";
import { type AppLogger, createLogger, type LoggerOptions } from "./logger.js";

// The process's logger for a configuration: its level and format, and every secret the
// configuration holds, so those exact values are redacted even where no pattern knows them.

export function configuredSecrets(config: Config): string[] {
  const oauth = config.slack.oauth;
  const dbPassword = config.database.kind === "postgres" ? safePassword(config.database.url) : undefined;
  return [
    config.slack.botToken,
    config.slack.signingSecret,
    config.slack.appToken,
    oauth?.clientSecret,
    oauth?.stateSecret,
    oauth?.encryptionKey.toString("base64"),
    oauth?.encryptionKey.toString("base64url"),
    oauth?.encryptionKey.toString("hex"),
    config.metricsToken,
    config.stripe.webhookSecret,
    dbPassword,
  ].filter((s): s is string => Boolean(s));
}

function safePassword(url: string): string | undefined {
  try {
    return decodeURIComponent(new URL(url).password) || undefined;
  } catch {
    return undefined;
  }
}

export function loggerFor(
  config: Config,
  options: Pick<LoggerOptions, "name" | "destination"> = {},
): AppLogger {
  return createLogger({
    level: config.logLevel,
    format: config.logFormat,
    name: options.name,
    destination: options.destination,
    secrets: configuredSecrets(config),
  });
}
