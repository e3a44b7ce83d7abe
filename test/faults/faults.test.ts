import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromPostgresUrl, openDatabase } from "../../src/data/database.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import { importCsv } from "../../src/services/import-csv.js";
import { openPglite } from "../helpers/db.js";
import { killAll } from "./child-process.js";
import { digestRow, killDigestPostThenRestart } from "./digest-kill.js";
import { type FaultRow, publishFaultReport } from "./fault-report.js";
import {
  type ImportTarget,
  importRow,
  killImportThenRerun,
  type LedgerSnapshot,
  snapshotLedger,
} from "./import-kill.js";
import { type MovementsFile, writeMovementsFile } from "./movements-file.js";
import { type Cluster, NO_POSTGRES_SERVER, postgresBin, startCluster } from "./pg-cluster.js";
import { restartMidTraffic } from "./restart-mid-traffic.js";
import { slackErrorsDuringWork } from "./slack-errors.js";

// The fault suite (issue 5): PostgreSQL restarted mid-traffic, Slack answering 429 and 5xx, the
// process killed during an import and during a digest post. After recovery nothing accepted is
// lost and nothing is doubled. One file, run in order, so the summary table is printed once, at
// the end, whatever else vitest runs in parallel.

const rows: FaultRow[] = [];
const skipped: string[] = [];
const bin = postgresBin();
if (!bin) {
  skipped.push(NO_POSTGRES_SERVER);
  console.warn(NO_POSTGRES_SERVER);
}

let cluster: Cluster | undefined;
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "rtg-faults-"));
  if (bin) cluster = await startCluster(bin);
});
afterAll(async () => {
  await killAll();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
  await publishFaultReport(rows, skipped);
});

describe.runIf(bin)("PostgreSQL restarted mid-traffic", () => {
  it("loses no accepted write and doubles none; the app recovers without restarting", async () => {
    const outcome = await restartMidTraffic(cluster as Cluster);
    rows.push(outcome.row);
    expect(outcome.restarts).toBe(2);
    // Every client got its 2xx in the end: the app came back by itself.
    expect(Object.fromEntries(outcome.api.abandoned)).toEqual({});
    expect(Object.fromEntries(outcome.clicks.abandoned)).toEqual({});
    expect(outcome.api.refusedThenRetried).toBeGreaterThan(0);
    // While the database was away the API said so (503, Retry-After) or the connection dropped:
    // never a 2xx, never a bare 500.
    expect([...outcome.api.refusals.keys()].filter((k) => k !== "503" && k !== "connection")).toEqual([]);
    expect(outcome.row).toMatchObject({ duplicates: 0, losses: 0 });
    // Nothing stored that was not accepted either (no client gave up on a write that landed).
    expect(outcome.row.stored).toBe(outcome.row.accepted);
  }, 180_000);
});

describe("Slack API returning 429 and 5xx", () => {
  it("every survey, alert and digest part goes out once; the digest thread is finished by the next run", async () => {
    const outcome = await slackErrorsDuringWork();
    rows.push(outcome.row);
    expect(outcome.faults).toBeGreaterThan(0);
    expect([...outcome.perRecipient.values()].every((n) => n === 1)).toBe(true);
    expect(outcome.thanks.every((n) => n === 1)).toBe(true);
    expect(outcome.alertsRaised).toBeGreaterThan(0);
    expect(outcome.alertsPosted).toBe(outcome.alertsRaised);
    expect(outcome.alertsWithMessage).toBe(outcome.alertsRaised);
    expect(outcome.modals).toBe(1);
    expect(outcome.digest.status).toBe("posted");
    // The burst on the 2nd reply outlasted the client's retries: a second run finished the thread.
    expect(outcome.digest.attempts).toBe(2);
    expect(outcome.digest.mains).toBe(1);
    expect(outcome.digest.charts).toBe(1);
    expect(outcome.digest.replies).toEqual(outcome.digest.reference);
    expect(outcome.row).toMatchObject({ duplicates: 0, losses: 0 });
  }, 120_000);
});

describe("process killed during an import", () => {
  let file: MovementsFile;
  let clean: LedgerSnapshot;
  beforeAll(async () => {
    file = await writeMovementsFile(join(dir, "movements.csv"));
    // The reference: the same file imported once, undisturbed, into a fresh database.
    const db = await openPglite();
    try {
      const workspace = await resolveWorkspace(db.prisma, {
        reportingCurrency: "EUR",
        defaultLocale: "en",
        timezone: "UTC",
      });
      const report = await importCsv(db, "movements", file.path, {
        workspaceId: workspace.id,
        reportingCurrency: workspace.reportingCurrency,
        timeZone: "UTC",
        skipInvalid: false,
        dryRun: false,
      });
      expect(report).toMatchObject({ outcome: "imported", inserted: file.distinct });
      clean = await snapshotLedger(db);
    } finally {
      await db.close();
    }
  });

  const targets: Array<{ label: string; target: () => Promise<ImportTarget>; when: boolean }> = [
    {
      label: "PostgreSQL",
      when: Boolean(bin),
      target: async () => ({
        kind: "postgres",
        url: await (cluster as Cluster).createDatabase("rtg_faults_import", { durable: true }),
      }),
    },
    {
      label: "PGlite DATA_DIR",
      when: true,
      target: async () => ({ kind: "pglite", dataDir: join(dir, "pglite") }),
    },
  ];
  for (const { label, target, when } of targets) {
    it.runIf(when)(
      `on ${label}: the rerun stores every distinct row once, as a clean import would`,
      async () => {
        // A few batches in: well past the migration, well before the end.
        const outcome = await killImportThenRerun(await target(), file, 256 * 1024);
        const row = importRow(label, file, outcome, file.keys);
        rows.push(row);
        expect(outcome.killedBy).toBe("SIGKILL");
        expect(outcome.rerun.code, outcome.rerun.output).toBe(0);
        expect(row).toMatchObject({ duplicates: 0, losses: 0, stored: file.distinct });
        expect(outcome.after.movementKeys).toHaveLength(file.distinct);
        expect(outcome.after.customers).toEqual(clean.customers);
      },
    );
  }
});

describe("process killed during a digest post", () => {
  it("after a restart: the main message, every thread reply and the chart once", async () => {
    // PostgreSQL when there is a server to start, the embedded data directory otherwise.
    const url = bin
      ? await (cluster as Cluster).createDatabase("rtg_faults_digest", { durable: true })
      : null;
    const dataDir = join(dir, "pglite-digest");
    const outcome = await killDigestPostThenRestart(
      () => (url ? Promise.resolve(fromPostgresUrl(url)) : openDatabase({ kind: "pglite", dataDir })),
      url ? { DATABASE_URL: url } : { DATA_DIR: dataDir },
    );
    const row = digestRow(url ? "PostgreSQL" : "PGlite DATA_DIR", outcome);
    rows.push(row);
    expect(outcome.afterKill).toMatchObject({
      status: "claimed",
      messageTs: expect.any(String),
      threadPartsPosted: 1,
      // Not waited out: the restarted process takes over the claim of the one that died.
      leaseRunning: true,
    });
    expect(outcome.finalStatus, outcome.output).toBe("posted");
    expect(outcome.reference.length).toBeGreaterThanOrEqual(2);
    expect(outcome.mains).toBe(1);
    expect(outcome.charts).toBe(1);
    expect(outcome.replies).toEqual(outcome.reference);
    expect(row).toMatchObject({ duplicates: 0, losses: 0 });
  }, 240_000);

  it("killed after Slack accepted the main message: the restart finds it, one main message and one thread", async () => {
    const url = bin
      ? await (cluster as Cluster).createDatabase("rtg_faults_digest_main", { durable: true })
      : null;
    const dataDir = join(dir, "pglite-digest-main");
    const outcome = await killDigestPostThenRestart(
      () => (url ? Promise.resolve(fromPostgresUrl(url)) : openDatabase({ kind: "pglite", dataDir })),
      url ? { DATABASE_URL: url } : { DATA_DIR: dataDir },
      "main_accepted",
    );
    const row = digestRow(`${url ? "PostgreSQL" : "PGlite DATA_DIR"}, main message accepted`, outcome);
    rows.push(row);
    // Slack had the main message; the process died before it heard, so nothing was recorded.
    expect(outcome.afterKill).toMatchObject({ status: "claimed", messageTs: null, leaseRunning: true });
    expect(outcome.finalStatus, outcome.output).toBe("posted");
    expect(outcome.mains).toBe(1);
    expect(outcome.charts).toBe(1);
    expect(outcome.replies).toEqual(outcome.reference);
    expect(row).toMatchObject({ duplicates: 0, losses: 0 });
  }, 240_000);
});
