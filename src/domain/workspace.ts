import type { Locale } from "./locale.js";

/** A Slack team using the app (or the local workspace used before Slack is connected). */
export interface Workspace {
  id: string;
  /** Null for the local workspace used before Slack is connected. */
  slackTeamId: string | null;
  name: string;
  /** ISO 4217 code: every value in the digest is shown in it. */
  reportingCurrency: string;
  defaultLocale: Locale;
  timezone: string;
  createdAt: Date;
}
