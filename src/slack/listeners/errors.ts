import type { App } from "@slack/bolt";
import { ErrorCode } from "@slack/bolt";

// One place that logs what listeners did not handle (the kit answers the person, then rethrows
// here), telling Slack API failures (rate limits, platform errors such as channel_not_found,
// HTTP errors) apart from our own bugs.

export interface ErrorVerdict {
  level: "warn" | "error";
  message: string;
  detail?: unknown;
  /** Rethrown so the receiver answers 401 and no listener runs. */
  rethrow?: boolean;
}

/** How an error that reached app.error is logged. */
export function classifyListenerError(error: Error, opts: { oauth?: boolean } = {}): ErrorVerdict {
  const e = error as {
    code?: string;
    original?: { code?: string; data?: { error?: string }; message?: string };
  };
  const original = e.original;
  switch (original?.code) {
    case "slack_webapi_rate_limited_error":
      return { level: "warn", message: "Slack rate-limited a call after retries", detail: original.message };
    case "slack_webapi_platform_error":
      return { level: "warn", message: `Slack refused a call: ${original.data?.error}` };
    case "slack_webapi_http_error":
    case "slack_webapi_request_error":
      return { level: "error", message: "Slack API unreachable or failing", detail: original.message };
  }
  if (e.code === ErrorCode.AuthorizationError && opts.oauth)
    // A team without a usable installation (never installed, uninstalled, or a row that does
    // not decrypt).
    return {
      level: "warn",
      message: `Refused a request: its team has no usable installation (${error.message})`,
      rethrow: true,
    };
  if (e.code === ErrorCode.AuthorizationError)
    return { level: "error", message: "Authorization failed: check SLACK_BOT_TOKEN", detail: error };
  return { level: "error", message: "Unhandled error in a listener", detail: error };
}

export function registerErrorHandler(app: App, opts: { oauth?: boolean } = {}): void {
  app.error(async (error) => {
    const verdict = classifyListenerError(error, opts);
    const log = verdict.level === "warn" ? app.logger.warn : app.logger.error;
    if ("detail" in verdict) log.call(app.logger, verdict.message, verdict.detail);
    else log.call(app.logger, verdict.message);
    if (verdict.rethrow) throw error;
  });
}
