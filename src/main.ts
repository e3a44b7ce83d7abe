import { withDatabase } from "./cli/with-database.js";
import { type Config, ConfigError, loadConfig } from "./config/env.js";
import { type Database, openDatabase } from "./data/database.js";
import { WorkspaceChoiceError } from "./domain/errors.js";
import type { Workspace } from "./domain/workspace.js";
import { createApiRouter } from "./http/api.js";
import { operationsRoutes } from "./http/operations-routes.js";
import { apiRoutes } from "./http/routes.js";
import { startApiServer } from "./http/server.js";
import { stripeWebhookRoutes } from "./http/stripe-webhook-routes.js";
import { messages } from "./i18n/messages.js";
import { loggerFor } from "./observability/app-logger.js";
import { processMetrics } from "./observability/metrics.js";
import { renderDigestText } from "./render/digest-text.js";
import { buildMeetingDigest } from "./services/build-meeting-digest.js";
import { isLedgerEmpty, loadDemoData } from "./services/demo-data.js";
import { countWorkspaces, resolveWorkspace } from "./services/find-workspace.js";
import { createSlackApp } from "./slack/app.js";
import { writeDigestFiles } from "./slack/digest-files.js";
import { allFeatures } from "./slack/features/index.js";
import { slackHealthFor } from "./slack/health.js";
import { createPostingStatus } from "./slack/posting-status.js";

// Composition root: environment → database → (demo data) → the digest of the last two weeks
// → Slack (or, without credentials, the digest's files and how to connect Slack).

const PREVIEW_DAYS = 14;

async function main(): Promise<number> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  const t = messages[config.defaultLocale];
  // Log lines (Bolt, scheduler, unexpected errors) go through the redacting logger; what a person
  // starting the program reads (the preview, how to connect Slack) stays plain console output.
  const logger = loggerFor(config);
  // One registry for the process: every server, the API, the Slack app and its queues count into it.
  const metrics = processMetrics;
  return withDatabase(
    () => openDatabase(config.database),
    async (db) => {
      console.log(`RightToGrow · database: ${db.description}`);
      const applied = await db.migrate();
      if (applied.length) console.log(`Applied migrations: ${applied.join(", ")}`);
      // One bot token (one workspace) or the OAuth install (any number of them).
      const slackConfigured = Boolean(config.slack.botToken || config.slack.oauth);
      // With the OAuth install and nothing installed yet there is no workspace to preview, and none
      // is made up: the first install creates its own.
      const noneYet = Boolean(config.slack.oauth) && (await countWorkspaces(db.prisma)) === 0;
      const workspace = noneYet
        ? undefined
        : await resolveWorkspace(db.prisma, {
            reportingCurrency: config.reportingCurrency,
            defaultLocale: config.defaultLocale,
            timezone: config.defaultTimezone,
          }).catch((error: unknown) => {
            // Several installed workspaces: there is no one preview to print; each has its own in Slack.
            if (config.slack.oauth && error instanceof WorkspaceChoiceError) return undefined;
            throw error;
          });
      if (workspace) await printPreview(db, config, workspace, slackConfigured);
      else console.log((noneYet ? NO_WORKSPACE_YET : SEVERAL_WORKSPACES)[config.defaultLocale]);
      // The API rides on Slack's HTTP server when there is one; otherwise it gets its own server,
      // but only when asked for, so npm start without Slack still prints and exits.
      const slackServesHttp = slackConfigured && !config.slack.appToken;
      const ownApiServer =
        (config.api.port !== undefined && !(slackServesHttp && config.api.port === config.port)) ||
        (config.api.serve && !slackServesHttp);
      const api = createApiRouter({
        db,
        maxBodyBytes: config.api.maxBodyBytes,
        rateLimitPerMinute: config.api.rateLimitPerMinute,
        logError: (message, error) => logger.error(message, error),
        metrics,
      });
      const routes = [...apiRoutes(api)];
      // POST /webhooks/stripe, only with STRIPE_WEBHOOK_SECRET; served wherever the API is.
      routes.push(
        ...stripeWebhookRoutes({
          db,
          config,
          log: (line) => logger.info(line),
          logError: (message, error) => logger.error(message, error),
        }),
      );
      // Health and metrics on every server this process runs.
      // Digest delivery records the workspaces that cannot post exactly once; /healthz lists them.
      const postingStatus = createPostingStatus();
      const operations = operationsRoutes({
        db,
        config,
        logger,
        slack: slackHealthFor(config, logger, postingStatus),
        metrics,
      });
      routes.push(...operations);
      if (!slackConfigured) {
        console.log(t.connectSlack);
        if (!ownApiServer) return 0;
      }
      const slack = slackConfigured
        ? createSlackApp({
            db,
            config,
            features: allFeatures,
            digests: { log: (line) => logger.info(line), postingStatus },
            routes: ownApiServer ? operations : routes,
            logger,
            metrics,
          })
        : undefined;
      if (slack) {
        const { port } = await slack.start();
        console.log(
          slack.mode === "socket"
            ? "Connected to Slack in Socket Mode. Press Ctrl+C to stop."
            : `Listening for Slack on port ${port} (request URL path /slack/events; health at /healthz and /readyz, metrics at /metrics${ownApiServer ? "" : "; HTTP API at /api/v1/"}). Press Ctrl+C to stop.`,
        );
        if (config.slack.oauth && port !== null) console.log(installHint(port, config.defaultLocale));
        console.log("Meeting digests and survey campaigns are sent on schedule (checked every minute).");
      }
      const apiServer = ownApiServer
        ? await startApiServer(
            routes,
            config.api.port ?? config.port,
            undefined,
            (message, error) => logger.error(message, error),
            metrics,
          )
        : undefined;
      if (apiServer) {
        console.log(
          `HTTP API on port ${apiServer.port}: POST /api/v1/movements and /api/v1/responses (tokens: npm run cli -- tokens create NAME). Press Ctrl+C to stop.`,
        );
      }
      await new Promise<void>((resolve) => {
        const shutdown = async (signal: string) => {
          console.log(`${signal}: stopping…`);
          await slack?.stop().catch(() => {});
          await apiServer?.close().catch(() => {});
          resolve();
        };
        process.once("SIGINT", () => void shutdown("SIGINT"));
        process.once("SIGTERM", () => void shutdown("SIGTERM"));
      });
      return 0;
    },
  );
}

const NO_WORKSPACE_YET = {
  en: "No workspace has installed RightToGrow yet: the digest preview starts with the first install.",
  es: "Ningún espacio de trabajo ha instalado RightToGrow todavía: la vista previa del resumen llegará con la primera instalación.",
};

const SEVERAL_WORKSPACES = {
  en: "Several workspaces have installed RightToGrow: each one's digest is in Slack (/cx digest preview).",
  es: "Varios espacios de trabajo han instalado RightToGrow: cada uno ve su resumen en Slack (/cx digest preview).",
};

function installHint(port: number, locale: "en" | "es"): string {
  return locale === "es"
    ? `Instalación en un espacio de trabajo: abre https://<tu dominio público>/slack/install (aquí: http://localhost:${port}/slack/install); la URL de redirección de la app es https://<tu dominio público>/slack/oauth_redirect.`
    : `Install into a workspace: open https://<your public host>/slack/install (here: http://localhost:${port}/slack/install); the app's redirect URL is https://<your public host>/slack/oauth_redirect.`;
}

/** The last two weeks' digest of the one workspace, printed (and, without Slack, written to files). */
async function printPreview(
  db: Database,
  config: Config,
  workspace: Workspace,
  slackConfigured: boolean,
): Promise<void> {
  const t = messages[config.defaultLocale];
  const now = new Date();
  // Demo data only while Slack is not connected: a real workspace should not start with invented customers.
  if (!slackConfigured && (await isLedgerEmpty(db, workspace.id))) {
    const loaded = await loadDemoData(
      db,
      { workspaceId: workspace.id, reportingCurrency: workspace.reportingCurrency },
      now,
    );
    console.log(
      `The database was empty: loaded demo data (${loaded.movements} movements, ${loaded.responses} survey answers). ` +
        "Remove it with npm run cli -- demo --remove.",
    );
  }
  const digest = await buildMeetingDigest(db, {
    workspaceId: workspace.id,
    meeting: null,
    to: now,
    previousOccurrenceAt: null,
    locale: config.defaultLocale,
    timeZone: config.defaultTimezone,
    defaultDays: PREVIEW_DAYS,
    anonymityMin: config.anonymityMin,
  });
  console.log("");
  console.log(renderDigestText(digest));
  console.log("");
  if (!slackConfigured) {
    const files = await writeDigestFiles(digest, config.outputDir, { executablePath: config.chromiumPath });
    console.log(t.previewWritten(files.text, files.blocks, files.chart));
    console.log(t.previewPage(files.html));
    const shot = files.screenshot;
    console.log(
      shot.taken
        ? t.previewScreenshot(shot.file)
        : shot.reason === "no-browser"
          ? t.screenshotNoBrowser(shot.executablePath)
          : t.screenshotFailed(shot.detail),
    );
    console.log("");
  }
}

process.exitCode = await main();
