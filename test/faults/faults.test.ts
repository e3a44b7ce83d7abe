import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FaultRow, publishFaultReport } from "./fault-report.js";
import { type Cluster, NO_POSTGRES_SERVER, postgresBin, startCluster } from "./pg-cluster.js";
import { restartMidTraffic } from "./restart-mid-traffic.js";

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
beforeAll(async () => {
  if (bin) cluster = await startCluster(bin);
});
afterAll(async () => {
  await cluster?.stop();
  await publishFaultReport(rows, skipped);
});

describe.runIf(bin)("PostgreSQL restarted mid-traffic", () => {
  it("loses no accepted write and doubles none; the app recovers without restarting", async () => {
    const outcome = await restartMidTraffic(cluster as Cluster);
    rows.push(...outcome.rows);
    expect(outcome.restarts).toBe(2);
    expect(Object.fromEntries(outcome.api.abandoned)).toEqual({});
    expect(Object.fromEntries(outcome.clicks.abandoned)).toEqual({});
    for (const row of outcome.rows) {
      expect(row, row.fault).toMatchObject({ duplicates: 0, losses: 0 });
      expect(row.stored, row.fault).toBe(row.accepted);
    }
  });
});
