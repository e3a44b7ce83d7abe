import type { WebClient } from "@slack/web-api";
import { recordDigestRun, recordDigestRunFailure } from "../observability/metrics.js";
import { describeRunSummary, type Scheduler, startScheduler } from "../scheduler/start-scheduler.js";
import { createDigestAdminAlerts } from "../services/notify-digest-admins.js";
import { createPostDigest } from "../services/post-digest.js";
import type { RunSummary } from "../services/run-due-digests.js";
import { campaignTickJob } from "./campaign-delivery.js";
import type { SlackDeps } from "./deps.js";

// Meetings get their digests while the Slack app runs: the scheduler posts with the app's own
// WebClient (its retry policy, its token) and tells admins what could not be posted.

export interface DigestDeliveryOptions {
  /** One line per run that did something, and the first run after start. */
  log: (line: string) => void;
  /** Skip the catch-up run at start (tests that drive tick() themselves). */
  runAtStart?: boolean;
}

const idle = (s: RunSummary) =>
  s.posted + s.missed + s.failed + s.retrying + s.skipped + s.paused + s.errors.length === 0;

export function startDigestDelivery(
  client: WebClient,
  deps: SlackDeps,
  options: DigestDeliveryOptions,
): Scheduler {
  let first = true;
  return startScheduler({
    db: deps.db.prisma,
    clock: deps.clock,
    post: createPostDigest({ db: deps.db, client, warn: options.log }),
    ...createDigestAdminAlerts({ client, directory: deps.directory, roles: deps.config.roles }),
    runAtStart: options.runAtStart,
    // Moments-of-truth survey campaigns are checked on the same tick.
    alsoEachTick: [campaignTickJob(client, deps, options.log)],
    // A quiet minute is not news; the first run is, as the sign that the scheduler is on.
    onRun: (summary) => {
      recordDigestRun(summary);
      if (first || !idle(summary)) options.log(describeRunSummary(summary));
      first = false;
    },
    onError: (error) => {
      recordDigestRunFailure();
      options.log(
        `digests: run failed, next minute tries again: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  });
}
