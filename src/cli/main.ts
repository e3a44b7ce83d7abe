import { loadConfig } from "../config/env.js";
import { type Database, openDatabase } from "../data/database.js";
import { parseInstant } from "../domain/time.js";
import { createPresetRun } from "../import/presets/index.js";
import { StripeAccessError } from "../import/stripe-api.js";
import { renderStatsText } from "../render/stats-text.js";
import { hasDemoData, loadDemoData, removeDemoData } from "../services/demo-data.js";
import { resolveWorkspace } from "../services/find-workspace.js";
import { getStats } from "../services/get-stats.js";
import { importCsv } from "../services/import-csv.js";
import { type Command, parseCommand, USAGE, UsageError } from "./args.js";
import { runExportCommand, runForgetCommand } from "./privacy.js";
import { createProgress } from "./progress.js";
import { renderImportReport } from "./render-import-report.js";
import { runStripeBackfill } from "./stripe-backfill.js";
import { runTokensCommand } from "./tokens.js";
import { withDatabase } from "./with-database.js";

async function run(command: Exclude<Command, { name: "help" }>, db: Database): Promise<number> {
  const config = loadConfig();
  const applied = await db.migrate();
  if (applied.length) console.error(`Applied migrations: ${applied.join(", ")}`);
  if (command.name === "migrate") {
    console.log(
      applied.length ? "Database is up to date." : "No pending migrations: the database is up to date.",
    );
    return 0;
  }
  const workspace = await resolveWorkspace(
    db.prisma,
    {
      reportingCurrency: config.reportingCurrency,
      defaultLocale: config.defaultLocale,
      timezone: config.defaultTimezone,
    },
    command.workspace,
  );
  switch (command.name) {
    case "import": {
      const progress = createProgress(process.stderr, `Importing ${command.kind}`);
      const timeZone = command.tz ?? config.defaultTimezone;
      const preset =
        command.preset && createPresetRun(command.preset.name, { ...command.preset.options, timeZone });
      await preset?.prepare(command.file);
      const imported = await importCsv(db, command.kind, command.file, {
        workspaceId: workspace.id,
        reportingCurrency: workspace.reportingCurrency,
        timeZone,
        skipInvalid: command.skipInvalid,
        dryRun: command.dryRun,
        onProgress: progress.update,
        recordSource: preset?.wrap,
      });
      progress.done();
      const report = preset ? preset.relabel(imported) : imported;
      console.log(renderImportReport(report, command.file, preset?.summary));
      return report.outcome === "rejected" ? 1 : 0;
    }
    case "import-stripe":
      try {
        return await runStripeBackfill(command, db, workspace, config);
      } catch (error) {
        if (error instanceof StripeAccessError) {
          console.error(error.message);
          return 1;
        }
        throw error;
      }
    case "stats": {
      const tz = command.tz ?? config.defaultTimezone;
      const from = parseInstant(command.from, tz);
      const to = parseInstant(command.to, tz);
      if (!from)
        throw new UsageError(
          `--from "${command.from}" is not a date (2026-03-02) or an ISO 8601 time with offset`,
        );
      if (!to)
        throw new UsageError(
          `--to "${command.to}" is not a date (2026-03-30) or an ISO 8601 time with offset`,
        );
      if (to <= from) throw new UsageError("--to must be after --from (the window is [from, to))");
      const report = await getStats(db.prisma, {
        workspaceId: workspace.id,
        currency: workspace.reportingCurrency,
        from,
        to,
        segment: command.segment,
        minAnswers: config.minScoreAnswers,
      });
      if (command.json) console.log(JSON.stringify(report, null, 2));
      else
        console.log(
          renderStatsText(report, command.locale ?? config.defaultLocale, {
            demo: await hasDemoData(db, workspace.id),
            timeZone: tz,
          }),
        );
      return 0;
    }
    case "tokens":
      return runTokensCommand(command, db, workspace.id);
    case "export":
      return runExportCommand(command, db, workspace, config);
    case "forget":
      return runForgetCommand(command, db, workspace, config);
    case "demo": {
      if (command.remove) {
        const removed = await removeDemoData(db, workspace.id);
        console.log(`Removed the demo data (${removed} movements).`);
        return 0;
      }
      if (await hasDemoData(db, workspace.id)) {
        console.log("The demo data is already loaded. Remove it with: npm run cli -- demo --remove");
        return 0;
      }
      const loaded = await loadDemoData(
        db,
        { workspaceId: workspace.id, reportingCurrency: workspace.reportingCurrency },
        new Date(),
      );
      console.log(
        `Loaded demo data: ${loaded.movements} movements and ${loaded.responses} survey answers over twelve weeks, marked as demo.`,
      );
      return 0;
    }
  }
}

async function main(argv: string[]): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv);
  } catch (error) {
    console.error(`${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  if (command.name === "help") {
    console.log(USAGE);
    return 0;
  }
  return withDatabase(
    () => openDatabase(loadConfig().database),
    (db) => run(command, db),
  );
}

process.exitCode = await main(process.argv.slice(2));
