import { WebClient } from "@slack/web-api";
import { describeRunSummary, type Scheduler, startScheduler } from "../scheduler/start-scheduler.js";
import type { PostDigest, RunSummary } from "../services/run-due-digests.js";
import { campaignTickJob } from "./campaign-delivery.js";
import { createDigestAdminAlerts } from "./digest-admin-alerts.js";
import { createPostDigest } from "./digest-poster.js";
import type { SlackDeps } from "./kit/deps.js";
import { slackHistoryLookup } from "./posted-lookup.js";
import type { PostingStatus } from "./posting-status.js";
import { singleTokenClients, type WorkspaceClients } from "./workspace-clients.js";

// Meetings get their digests while the Slack app runs: the scheduler posts with the WebClient of
// the meeting's workspace (the app's own with one bot token; the installation's with OAuth) and
// tells that workspace's admins what could not be posted. A workspace without an installation
// is left out of the run (workspace-clients.ts logs it once).

export interface DigestDeliveryOptions {
  /** One line per run that did something, and the first run after start. */
  log: (line: string) => void;
  /** Skip the catch-up run at start (tests that drive tick() themselves). */
  runAtStart?: boolean;
  /** Where workspaces that cannot post exactly once (history scopes missing) are recorded for /healthz. */
  postingStatus?: PostingStatus;
}

const idle = (s: RunSummary) =>
  s.posted + s.missed + s.failed + s.retrying + s.skipped + s.paused + s.errors.length === 0;

export class NoInstallationError extends Error {
  readonly code = "NO_INSTALLATION";
}

export function startDigestDelivery(
  slack: WebClient | WorkspaceClients,
  deps: SlackDeps,
  options: DigestDeliveryOptions,
): Scheduler {
  const clients = slack instanceof WebClient ? singleTokenClients(slack) : slack;
  // Each meeting is posted, and its admins told, through its own workspace's client.
  const perClient = new WeakMap<
    WebClient,
    { post: PostDigest } & ReturnType<typeof createDigestAdminAlerts>
  >();
  const forMeeting = async (workspaceId: string) => {
    const client = await clients.forWorkspace(workspaceId);
    if (!client) throw new NoInstallationError(`no Slack installation for workspace ${workspaceId}`);
    let found = perClient.get(client);
    if (!found) {
      const alerts = createDigestAdminAlerts({ client, directory: deps.directory, roles: deps.config.roles });
      // Without the history scopes: /healthz lists the workspace and its admins are told once.
      const onMissingScope = () => {
        if (options.postingStatus && !options.postingStatus.missingHistoryScopes(workspaceId)) return;
        alerts
          .onReinstallNeeded()
          .catch((error: unknown) =>
            options.log(
              `digests: could not tell the admins of ${workspaceId} to reinstall: ${error instanceof Error ? error.message : String(error)}`,
            ),
          );
      };
      const lookup = slackHistoryLookup(client, { warn: options.log, onMissingScope });
      found = {
        post: createPostDigest({
          db: deps.db,
          client,
          warn: options.log,
          lookup,
          minAnswers: deps.config.minScoreAnswers,
          anonymityMin: deps.config.anonymityMin,
        }),
        ...alerts,
      };
      perClient.set(client, found);
    }
    return found;
  };
  let first = true;
  return startScheduler({
    db: deps.db.prisma,
    clock: deps.clock,
    post: async (input) => (await forMeeting(input.meeting.workspaceId)).post(input),
    onFailed: async (event) => (await forMeeting(event.meeting.workspaceId)).onFailed(event),
    onMissed: async (event) => (await forMeeting(event.meeting.workspaceId)).onMissed(event),
    includeWorkspace: async (workspaceId) => {
      try {
        return (await clients.forWorkspace(workspaceId)) !== null;
      } catch (error) {
        // An unreadable installation (wrong key, altered row) holds up its own workspace only.
        options.log(
          `digests: workspace ${workspaceId} skipped: ${error instanceof Error ? error.message : String(error)}`,
        );
        return false;
      }
    },
    runAtStart: options.runAtStart,
    // Moments-of-truth survey campaigns are checked on the same tick.
    alsoEachTick: [campaignTickJob(clients, deps, options.log)],
    // A quiet minute is not news; the first run is, as the sign that the scheduler is on.
    onRun: (summary) => {
      deps.metrics.recordDigestRun(summary);
      if (first || !idle(summary)) options.log(describeRunSummary(summary));
      first = false;
    },
    onError: (error) => {
      deps.metrics.recordDigestRunFailure();
      options.log(
        `digests: run failed, next minute tries again: ${error instanceof Error ? error.message : String(error)}`,
      );
    },
  });
}
