import { ConfigError } from "../config/env.js";
import { isDatabaseUnavailable } from "../data/database.js";
import { DatabaseInUseError, MigrationError, WorkspaceChoiceError } from "../domain/errors.js";
import { CsvFileError, CsvHeaderError } from "../import/csv-errors.js";
import { TokenError } from "../services/api-tokens.js";
import { UnknownSegmentError } from "../services/get-stats.js";
import { USAGE, UsageError } from "./args.js";

/** Turns an error into what a person at the terminal needs to read, and an exit code. */
export function describeError(error: unknown): { message: string; exitCode: number } {
  if (error instanceof UsageError) return { message: `${error.message}\n\n${USAGE}`, exitCode: 2 };
  if (
    error instanceof ConfigError ||
    error instanceof DatabaseInUseError ||
    error instanceof WorkspaceChoiceError ||
    error instanceof UnknownSegmentError ||
    error instanceof CsvHeaderError ||
    error instanceof CsvFileError ||
    error instanceof MigrationError ||
    error instanceof TokenError
  ) {
    return { message: error.message, exitCode: error instanceof UnknownSegmentError ? 2 : 1 };
  }
  const e = error as NodeJS.ErrnoException & {
    data?: { error?: string };
    original?: { data?: { error?: string } };
  };
  const slackError = e?.data?.error ?? e?.original?.data?.error;
  if (
    slackError === "invalid_auth" ||
    slackError === "not_authed" ||
    slackError === "account_inactive" ||
    slackError === "token_revoked"
  ) {
    return {
      message: `Slack refused SLACK_BOT_TOKEN (${slackError}). Copy the Bot User OAuth Token (xoxb-…) from OAuth & Permissions again.`,
      exitCode: 1,
    };
  }
  if (e?.code === "slack_webapi_request_error") {
    return {
      message: "Cannot reach the Slack API (SLACK_API_URL). Check the network or the URL.",
      exitCode: 1,
    };
  }
  if (e?.code === "ENOENT" && e.path) return { message: `File not found: ${e.path}`, exitCode: 1 };
  // csv-parse's errors (CSV_QUOTE_NOT_CLOSED, CSV_INVALID_CLOSING_QUOTE, ...) say where the file
  // breaks; a stack trace would only hide that.
  if (typeof e?.code === "string" && e.code.startsWith("CSV_")) {
    return { message: `The file is not valid CSV: ${e.message}`, exitCode: 1 };
  }
  if (isDatabaseUnavailable(error)) {
    const why = e?.code === "ECONNREFUSED" ? "connection refused" : "it is not answering";
    return {
      message: `Cannot reach PostgreSQL at DATABASE_URL (${why}). Is the server running?`,
      exitCode: 1,
    };
  }
  return { message: `Unexpected error: ${e?.stack ?? String(error)}`, exitCode: 1 };
}
