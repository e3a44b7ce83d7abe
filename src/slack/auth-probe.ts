import { type Logger, WebClient } from "@slack/web-api";

// The Slack half of /healthz: auth.test with the bot token. Its own WebClient, without retries
// and with a short timeout, so a health probe answers in bounded time instead of waiting out the
// app client's retry policy; the answer is shared for a while so probes do not hammer Slack.

export interface SlackAuthProbeOptions {
  token: string;
  apiUrl: string;
  timeoutMs?: number;
  logger?: Logger;
}

/** Resolves when Slack accepts the token; rejects with Slack's error code (invalid_auth, ...) otherwise. */
export function slackAuthProbe(opts: SlackAuthProbeOptions): () => Promise<void> {
  const client = new WebClient(opts.token, {
    slackApiUrl: opts.apiUrl,
    retryConfig: { retries: 0 },
    timeout: opts.timeoutMs ?? 2000,
    rejectRateLimitedCalls: true,
    ...(opts.logger ? { logger: opts.logger } : {}),
  });
  return async () => {
    try {
      await client.auth.test();
    } catch (error) {
      const e = error as { data?: { error?: string }; code?: string; message?: string };
      // Slack's error code says what is wrong (invalid_auth, account_inactive) and holds nothing secret.
      throw new Error(e.data?.error ?? e.code ?? "Slack did not answer");
    }
  };
}
