import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// `npm run cli -- import … --preset` as a person runs it: a child process on a fresh embedded
// database, reading the vendor exports in test/fixtures/presets/.

const exec = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
const fixture = (name: string) => join(root, "test/fixtures/presets", name);
let dataDir: string;

async function cli(...args: string[]) {
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    DATABASE_URL: "",
    SLACK_BOT_TOKEN: "",
    DEFAULT_LOCALE: "en",
  };
  try {
    const { stdout, stderr } = await exec(tsx, [join(root, "src/cli/main.ts"), ...args], {
      cwd: dataDir,
      env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rtg-e2e-presets-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("import --preset on the command line", () => {
  it("imports a HubSpot export and says what was mapped and skipped", async () => {
    const { code, stdout } = await cli(
      "import",
      "movements",
      fixture("hubspot-deals.csv"),
      "--preset",
      "hubspot",
      "--tz",
      "Europe/Madrid",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("(hubspot export): 8 data rows");
    expect(stdout).toContain("mapped: 5    skipped: 3    not mappable: 0");
    expect(stdout).toContain("skipped, lost new-business deal (a prospect, not a customer): 1");
    expect(stdout).toContain("Imported: 5");
  });

  it("rejects a Delighted file with a bad row, naming the export's columns, and exits 1", async () => {
    const { code, stdout } = await cli(
      "import",
      "responses",
      fixture("delighted-bad.csv"),
      "--preset",
      "delighted",
    );
    expect(code).toBe(1);
    expect(stdout).toContain("line 3, Score: 11 is out of range for NPS (0–10)");
    expect(stdout).toContain("Nothing was imported");
  });

  it("refuses a preset for the other kind with usage help, and exits 2", async () => {
    const { code, stderr } = await cli(
      "import",
      "movements",
      fixture("delighted-bad.csv"),
      "--preset",
      "delighted",
    );
    expect(code).toBe(2);
    expect(stderr).toContain("use import responses FILE.csv --preset delighted");
    expect(stderr).toContain("--preset NAME");
  });

  it("stops a Salesforce report at its footer, and its 18-character export adds nothing", async () => {
    const first = await cli(
      "import",
      "movements",
      fixture("salesforce-report-footer.csv"),
      "--preset",
      "salesforce",
      "--date-order",
      "mdy",
      "--tz",
      "Europe/Madrid",
    );
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("mapped: 4    skipped: 1    not mappable: 0");
    expect(first.stdout).toContain("report footer: 3 lines skipped");
    expect(first.stdout).toContain("Imported: 4");
    const again = await cli(
      "import",
      "movements",
      fixture("salesforce-report-18.csv"),
      "--preset",
      "salesforce",
      "--date-order",
      "mdy",
      "--tz",
      "Europe/Madrid",
    );
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("report footer: 5 lines skipped");
    expect(again.stdout).toContain("Imported: 0    already there (duplicates): 4");
  });

  it("reads custom HubSpot stages named with --won-stage / --lost-stage", async () => {
    const { code, stdout } = await cli(
      "import",
      "movements",
      fixture("hubspot-deals-primary.csv"),
      "--preset",
      "hubspot",
      "--date-order",
      "mdy",
      "--won-stage",
      "Contract signed",
      "--lost-stage",
      "Churned",
      "--tz",
      "Europe/Madrid",
      "--dry-run",
    );
    expect(code).toBe(0);
    expect(stdout).toContain("mapped: 4    skipped: 2    not mappable: 0");
  });

  it("refuses a file that is another preset's export, naming the one that fits", async () => {
    const { code, stderr, stdout } = await cli(
      "import",
      "movements",
      fixture("hubspot-deals.csv"),
      "--preset",
      "salesforce",
    );
    expect(code).not.toBe(0);
    expect(`${stdout}${stderr}`).toContain("It looks like a hubspot export: try --preset hubspot.");
  });

  it("imports ChartMogul's activities from examples/, and refuses a bad activities file naming its lines", async () => {
    const example = join(root, "examples/chartmogul-activities.csv");
    const first = await cli("import", "movements", example, "--preset", "chartmogul", "--segment", "SMB");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("(chartmogul export): 6 data rows");
    expect(first.stdout).toContain("Imported: 6");
    const again = await cli("import", "movements", example, "--preset", "chartmogul", "--segment", "SMB");
    expect(again.stdout).toContain("Imported: 0");

    const bad = await cli(
      "import",
      "movements",
      fixture("chartmogul-bad.csv"),
      "--preset",
      "chartmogul",
      "--segment",
      "SMB",
    );
    expect(bad.code).toBe(1);
    expect(bad.stdout).toContain('line 3, type: "upgrade" is not a ChartMogul activity type');
    expect(bad.stdout).toContain("line 6, activity-mrr-movement:");

    const flag = await cli("import", "movements", example, "--preset", "chartmogul", "--won-stage", "Won");
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("--won-stage do not apply to --preset chartmogul");
  });
});
