import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { PGlite } from "@electric-sql/pglite";
import { expect } from "vitest";
import { fromPGlite } from "../../src/data/database.js";
import { type BadCase, type Snapshot, snapshot } from "./kit.js";

// A few bad files through the real program, `npm run cli -- import`, as a person runs it: the
// message it prints, the exit code, and its embedded database unchanged afterwards.

const exec = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");

export interface CliEnv {
  dataDir: string;
}

export async function cli(env: CliEnv, ...args: string[]): Promise<{ code: number; out: string }> {
  const processEnv = {
    ...process.env,
    DATA_DIR: join(env.dataDir, "data"),
    DATABASE_URL: "",
    SLACK_BOT_TOKEN: "",
    DEFAULT_LOCALE: "en",
  };
  try {
    const { stdout, stderr } = await exec(tsx, [join(root, "src/cli/main.ts"), ...args], {
      cwd: env.dataDir,
      env: processEnv,
    });
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Every table of the CLI's embedded database (opened only while no CLI runs). */
export async function cliSnapshot(env: CliEnv): Promise<Snapshot> {
  const db = fromPGlite(await PGlite.create(join(env.dataDir, "data")));
  try {
    return await snapshot(db);
  } finally {
    await db.close();
  }
}

const HEADER = "id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note";

const cliCase = (
  category: string,
  name: string,
  file: (env: CliEnv) => Promise<string>,
  expected: RegExp,
): BadCase<CliEnv> => ({
  entry: "CSV import",
  category: `${category} (CLI)`,
  name,
  run: async (env) => {
    const { code, out } = await cli(env, "import", "movements", await file(env));
    expect(code, out).toBe(1);
    expect(out).toMatch(expected);
    expect(out).not.toMatch(/Unexpected error|\n\s+at /);
    return undefined;
  },
});

const write = (name: string, content: string) => async (env: CliEnv) => {
  const path = join(env.dataDir, name);
  await writeFile(path, content);
  return path;
};

export function cliCases(): Array<BadCase<CliEnv>> {
  return [
    cliCase(
      "path traversal",
      'a directory → exit 1 "is not a file"',
      async (env) => env.dataDir,
      /is not a file/,
    ),
    cliCase(
      "path traversal",
      '../../../../etc/passwd → exit 1 "The header is missing"',
      async () => "../../../../../../../../../etc/passwd",
      /The header is missing id, occurred_at/,
    ),
    cliCase(
      "malformed file",
      'a file that does not exist → exit 1 "File not found"',
      async () => "no-such-file.csv",
      /File not found: no-such-file\.csv/,
    ),
    cliCase(
      "malformed file",
      'an unclosed quote → exit 1 "not valid CSV: Quote Not Closed"',
      write("quote.csv", `${HEADER}\n"x,2026-03-02,c1,Acme,SMB,gained,10,,referral,\n`),
      /The file is not valid CSV: Quote Not Closed/,
    ),
    cliCase(
      "injection strings",
      'a NUL byte in a note → exit 1 "line 2, note: contains a NUL character"',
      write("nul.csv", `${HEADER}\nx,2026-03-02,c1,Acme,SMB,gained,10,,referral,"a\u0000b"\n`),
      /line 2, note: contains a NUL character[\s\S]*Nothing was imported/,
    ),
  ];
}
