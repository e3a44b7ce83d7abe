import type { IncomingMessage, Server, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Logger, LogLevel, SocketModeReceiver } from "@slack/bolt";
import type { WebClientOptions } from "@slack/web-api";
import type { Config } from "../config/env.js";
import type { Database } from "../data/database.js";
import type { Workspace } from "../domain/workspace.js";
import { loggerFor } from "../observability/app-logger.js";
import { type Metrics, processMetrics } from "../observability/metrics.js";
import { instrumentRequests } from "../observability/request-metrics.js";
import type { Scheduler } from "../scheduler/start-scheduler.js";
import { workspaceForTeam } from "../services/find-workspace.js";
import type { PrismaInstallationStore } from "../services/open-installation-store.js";
import { openInstallationStore } from "../services/open-installation-store.js";
import { type DigestDeliveryOptions, startDigestDelivery } from "./digest-delivery.js";
import { oauthReceiverOptions } from "./install/receiver-options.js";
import type { Feature, SlackDeps } from "./kit/deps.js";
import { createDirectory, type Directory } from "./kit/directory.js";
import { requestContextMiddleware } from "./kit/request-context.js";
import { registerCxCommand } from "./listeners/cx-command.js";
import { registerErrorHandler } from "./listeners/errors.js";
import { registerUninstallListeners } from "./listeners/uninstall.js";
import { type ListenerRegistry, trackListeners, unknownInteractionGuard } from "./registry.js";
import { installationClients, singleTokenClients } from "./workspace-clients.js";

// Receivers only carry requests; listeners stay thin and call services. HTTP mode (Slack's
// signing secret, /slack/events) for production; Socket Mode when an app-level token is set.

/** A plain-HTTP endpoint served beside Slack's (the same shape as src/http/routes.ts HttpRoute). */
export interface ExtraRoute {
  path: string;
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

export interface SlackAppOptions {
  db: Database;
  config: Config;
  features: Feature[];
  clock?: () => Date;
  directory?: Directory;
  /** WebClient retry policy; tests shorten it. */
  retryConfig?: WebClientOptions["retryConfig"];
  /**
   * Post meeting digests on schedule from start() to stop() (npm start sets this). Off by default
   * so tests of other features never see a digest posted by a wall-clock wake-up.
   */
  digests?: DigestDeliveryOptions;
  /** Plain-HTTP endpoints (ingestion API, webhooks, ...) served on Slack's port in HTTP mode (ignored in Socket Mode). */
  routes?: readonly ExtraRoute[];
  /** Where Bolt, the WebClient and the routes log (default: the redacting logger for `config`). */
  logger?: Logger;
  /** Where the app counts what it does (default: the process's metrics); give the same to operationsRoutes. */
  metrics?: Metrics;
}

export interface SlackApp {
  app: App;
  deps: SlackDeps;
  /** What the app listens to: commands, events, actions, views, shortcuts, options. */
  registry: ListenerRegistry;
  mode: "http" | "socket";
  /** The OAuth install's store (undefined with one bot token). */
  installations?: PrismaInstallationStore;
  /** The digest scheduler, between start() and stop() when `digests` was given. */
  readonly scheduler: Scheduler | undefined;
  start(port?: number, host?: string): Promise<{ port: number | null }>;
  stop(): Promise<void>;
}

export class SlackNotConfiguredError extends Error {
  readonly code = "SLACK_NOT_CONFIGURED";
}

export function createSlackApp(opts: SlackAppOptions): SlackApp {
  const { config } = opts;
  const logger = opts.logger ?? loggerFor(config);
  const metrics = opts.metrics ?? processMetrics;
  const token = config.slack.botToken;
  const oauth = config.slack.oauth;
  if (!token && !oauth)
    throw new SlackNotConfiguredError("SLACK_BOT_TOKEN (or the OAuth install) is not set");
  const clientOptions: WebClientOptions = {
    slackApiUrl: config.slack.apiUrl,
    logger,
    retryConfig: opts.retryConfig ?? { retries: 3, factor: 2, minTimeout: 500, maxTimeout: 5000 },
  };
  const logLevel = { debug: LogLevel.DEBUG, info: LogLevel.INFO, warn: LogLevel.WARN, error: LogLevel.ERROR }[
    config.logLevel
  ];
  const socket = Boolean(config.slack.appToken);
  const installations = oauth
    ? openInstallationStore(opts.db, config, oauth, () => teams.clear())
    : undefined;
  const receiver = socket
    ? new SocketModeReceiver({
        appToken: config.slack.appToken as string,
        logLevel,
        logger,
        installerOptions: { clientOptions },
      })
    : new HTTPReceiver({
        signingSecret: config.slack.signingSecret as string,
        endpoints: "/slack/events",
        logLevel,
        logger,
        ...(oauth && installations
          ? oauthReceiverOptions({
              oauth,
              store: installations,
              clientOptions,
              defaultLocale: config.defaultLocale,
              log: (line) => app.logger.info(line),
            })
          : {}),
        customRoutes: [
          // Every method, so the route itself answers 405 rather than Bolt a bare 404.
          ...(opts.routes ?? []).map((route) => ({
            path: route.path,
            method: ["GET", "POST", "PUT", "PATCH", "DELETE"],
            handler: (req: IncomingMessage, res: ServerResponse) => {
              // Through then(): a handler that throws before returning a promise is caught too.
              void Promise.resolve()
                .then(() => route.handle(req, res))
                .catch((error) => {
                  app.logger.error(`Unexpected error on ${route.path}:`, error);
                  if (!res.headersSent) {
                    res.writeHead(500, { "content-type": "application/json" });
                    res.end(JSON.stringify({ error: "Internal error: nothing was stored.", issues: [] }));
                  } else res.end();
                });
            },
          })),
        ],
      });
  const app = new App({ receiver, token, clientOptions, logger, logLevel, deferInitialization: true });
  // Counts every request and times Slack's acks (see request-metrics.ts); Bolt reads the
  // property on each request, so replacing it before start() is enough.
  if (receiver instanceof HTTPReceiver)
    receiver.requestListener = instrumentRequests(receiver.requestListener, metrics);

  const teams = new Map<string, { at: number; workspace: Promise<Workspace> }>();
  const deps: SlackDeps = {
    db: opts.db,
    config,
    clock: opts.clock ?? (() => new Date()),
    metrics,
    directory:
      opts.directory ?? createDirectory({ roles: config.roles, defaultLocale: config.defaultLocale }),
    workspaceForTeam: (teamId) => {
      const hit = teams.get(teamId);
      if (hit && Date.now() - hit.at < 60_000) return hit.workspace;
      const workspace = workspaceForTeam(opts.db.prisma, teamId, {
        reportingCurrency: config.reportingCurrency,
        defaultLocale: config.defaultLocale,
        timezone: config.defaultTimezone,
      });
      teams.set(teamId, { at: Date.now(), workspace });
      workspace.catch(() => teams.delete(teamId));
      return workspace;
    },
  };

  registerErrorHandler(app, { oauth: Boolean(oauth) });
  const registry = trackListeners(app);
  registerUninstallListeners(app, installations);
  app.use(unknownInteractionGuard(registry, config.defaultLocale));
  app.use(requestContextMiddleware(deps));
  registerCxCommand(app, deps, opts.features);
  for (const feature of opts.features) feature.register?.(app, deps);

  let scheduler: Scheduler | undefined;
  // After app.init(): the scheduler posts with the client Bolt authorized at start.
  const startDigests = () => {
    if (opts.digests && !scheduler) {
      const log = opts.digests.log;
      const clients = installations
        ? installationClients({ store: installations, clientOptions, log })
        : singleTokenClients(app.client);
      scheduler = startDigestDelivery(clients, deps, opts.digests);
    }
  };

  return {
    app,
    deps,
    registry,
    mode: socket ? "socket" : "http",
    installations,
    get scheduler() {
      return scheduler;
    },
    start: async (port = config.port, host?: string) => {
      await app.init();
      if (socket) {
        await app.start();
        startDigests();
        return { port: null };
      }
      const server = (await app.start({ port, host: host ?? "0.0.0.0" })) as Server;
      startDigests();
      return { port: (server.address() as AddressInfo).port };
    },
    stop: async () => {
      // A digest being posted finishes first; then no new wake-up can start one.
      await scheduler?.stop();
      scheduler = undefined;
      await app.stop();
    },
  };
}
