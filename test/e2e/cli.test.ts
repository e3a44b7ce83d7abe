import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The real programs, as a person runs them: npm start and npm run cli, in child processes, on a
// fresh embedded database in a temporary data directory, with no Slack credentials.

const exec = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
const fixture = (name: string) => join(root, "test/fixtures", name);
let dataDir: string;

async function runTs(script: string, args: string[] = []) {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    SLACK_BOT_TOKEN: "",
    DEFAULT_LOCALE: "en",
  };
  try {
    const { stdout, stderr } = await exec(tsx, [join(root, script), ...args], { cwd: dataDir, env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}
const cli = (...args: string[]) => runTs("src/cli/main.ts", args);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rtg-e2e-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("the command line", () => {
  it("npm start on an empty database loads demo data, prints the summary and explains how to connect Slack", async () => {
    const { code, stdout } = await runTs("src/main.ts");
    expect(code).toBe(0);
    expect(stdout).toContain("loaded demo data");
    expect(stdout).toContain("Did we earn the right to grow?");
    expect(stdout).toContain("DEMO DATA");
    expect(stdout).toMatch(/SMB .*(grew|shrank|mixed|held)/);
    expect(stdout).toContain("SLACK_BOT_TOKEN=xoxb-");
    expect(stdout).toContain("manifests/manifest.json");
    // The full digest, as it would reach Slack, written to ./out.
    const png = await readFile(join(dataDir, "out", "digest-chart.png"));
    expect(png.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
    const blocks = JSON.parse(await readFile(join(dataDir, "out", "digest-blocks.json"), "utf8"));
    expect(blocks.text).toContain("Did we earn the right to grow?");
    expect(blocks.blocks.length).toBeLessThanOrEqual(50);
    expect(stdout).toContain("Say vs do");
  });

  it("removes the demo data, then imports, reports and computes stats as JSON", async () => {
    expect((await cli("demo", "--remove")).stdout).toMatch(/Removed the demo data \(\d+ movements\)/);
    const imported = await cli("import", "movements", fixture("movements.csv"));
    expect(imported.code).toBe(0);
    expect(imported.stdout).toContain("Imported: 16");
    const again = await cli("import", "movements", fixture("movements.csv"));
    expect(again.stdout).toContain("Imported: 0    already there (duplicates): 16");
    const stats = await cli(
      "stats",
      "--from",
      "2026-03-01",
      "--to",
      "2026-03-29",
      "--segment",
      "smb",
      "--json",
    );
    expect(stats.code).toBe(0);
    const json = JSON.parse(stats.stdout);
    expect(json.segments[0]).toMatchObject({
      segment: "SMB",
      gained: { count: 2, value: "3100.00" },
      net: { customers: 1, value: "400.00" },
      churn: { logo: 66.7, value: 43.8 },
      // By hand: cohort c2 2000, c4 1500, c10 4500; at `to` only c10 4500 → 56.3 / 56.3 / 33.3;
      // (3100 + 800) / 3500 = 1.11. No answers imported here: no intervals, no change called.
      retention: { nrr: 56.3, grr: 56.3, logo: 33.3 },
      quickRatio: 1.11,
      nps: { n: 0, score: null, ci: null },
      csat: { n: 0, ci: null },
      ces: { n: 0, ci: null },
      changes: { nps: null, csat: null, ces: null },
    });
    expect(json.total).toMatchObject({ retention: { nrr: 56.3, grr: 56.3, logo: 33.3 }, quickRatio: 1.11 });
    expect(json.minAnswers).toBe(10);
  });

  it("prints the table in Spanish on request", async () => {
    const { stdout } = await cli("stats", "--from", "2026-03-01", "--to", "2026-03-29", "--locale", "es");
    expect(stdout).toContain("¿Nos hemos ganado el derecho a crecer?");
    expect(stdout).toContain("Principales motivos de pérdida");
    // SMB by hand: 2 + 1 − 2 = +1; cohort 8000 → 4500, 1 of 3; (3100 + 800) / 3500
    expect(stdout).toContain("clientes: ganados 2 + reactivados 1 − perdidos 2 = neto +1");
    expect(stdout).toContain("retención: NRR 56,3% · GRR 56,3% · clientes 33,3% · quick ratio 1,11");
  });

  it("answers bad input with a specific message and a non-zero exit code", async () => {
    const unknown = await cli("stats", "--from", "2026-03-01", "--to", "2026-03-29", "--segment", "Galaxy");
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown segment "Galaxy". Valid segments: Enterprise, SMB');
    const badDate = await cli("stats", "--from", "2026-13-01", "--to", "2026-03-29");
    expect(badDate.code).toBe(2);
    expect(badDate.stderr).toContain('--from "2026-13-01" is not a date');
    const typo = await cli("statz");
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown command "statz"');
    expect(typo.stderr).toContain("Usage: npm run cli");
    const missing = await cli("import", "movements", join(dataDir, "nope.csv"));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("File not found");
  });

  it("refuses to open the embedded database while another process holds it", async () => {
    const { writeFile } = await import("node:fs/promises");
    // pid 1 is always alive: it stands in for a running bot.
    await writeFile(join(dataDir, "righttogrow.pid"), "1");
    try {
      const held = await cli("stats", "--from", "2026-03-01", "--to", "2026-03-29");
      expect(held.code).toBe(1);
      expect(held.stderr).toContain("is in use by another RightToGrow process (pid 1)");
    } finally {
      await rm(join(dataDir, "righttogrow.pid"));
    }
  });
});
