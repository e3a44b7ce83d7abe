import type { App } from "@slack/bolt";
import { ErrorCode } from "@slack/bolt";

// One place that logs what listeners did not handle, telling Slack API failures (rate limits,
// platform errors such as channel_not_found, HTTP errors) apart from our own bugs.
export function registerErrorHandler(app: App, opts: { oauth?: boolean } = {}): void {
  app.error(async (error) => {
    const e = error as {
      code?: string;
      original?: { code?: string; data?: { error?: string }; message?: string };
    };
    const original = e.original;
    const apiCode = original?.code;
    if (apiCode === "slack_webapi_rate_limited_error") {
      app.logger.warn("Slack rate-limited a call after retries", original?.message);
    } else if (apiCode === "slack_webapi_platform_error") {
      app.logger.warn(`Slack refused a call: ${original?.data?.error}`);
    } else if (apiCode === "slack_webapi_http_error" || apiCode === "slack_webapi_request_error") {
      app.logger.error("Slack API unreachable or failing", original?.message);
    } else if (e.code === ErrorCode.AuthorizationError && opts.oauth) {
      // A team without a usable installation (never installed, uninstalled, or a row that does
      // not decrypt): rethrown so the receiver answers 401 and no listener runs.
      app.logger.warn(`Refused a request: its team has no usable installation (${error.message})`);
      throw error;
    } else if (e.code === ErrorCode.AuthorizationError) {
      app.logger.error("Authorization failed: check SLACK_BOT_TOKEN", error);
    } else {
      app.logger.error("Unhandled error in a listener", error);
    }
  });
}
