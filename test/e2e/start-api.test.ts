import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// npm start without Slack credentials: it serves the HTTP API only when asked (API_PORT), keeps
// running for it, and stops cleanly on SIGTERM. (Without it, npm start exits: test/e2e/cli.test.ts.)

const exec = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
let dataDir: string;
let child: ChildProcess | undefined;

const env = () => ({
  ...process.env,
  DATA_DIR: dataDir,
  OUTPUT_DIR: join(dataDir, "out"),
  DATABASE_URL: "",
  SLACK_BOT_TOKEN: "",
  SLACK_APP_TOKEN: "",
  SERVE_API: "",
  API_PORT: "0",
  DEFAULT_LOCALE: "en",
});

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), "rtg-start-api-"));
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm start with API_PORT and no Slack", () => {
  it("serves the API until stopped", async () => {
    const created = await exec(tsx, [join(root, "src/cli/main.ts"), "tokens", "create", "e2e"], {
      cwd: dataDir,
      env: env(),
    });
    const secret = /^(rtg_\S+)$/m.exec(created.stdout)?.[1] as string;
    expect(secret).toBeDefined();

    const proc = spawn(tsx, [join(root, "src/main.ts")], { cwd: dataDir, env: env() });
    child = proc;
    let output = "";
    proc.stdout?.on("data", (d) => {
      output += String(d);
    });
    proc.stderr?.on("data", (d) => {
      output += String(d);
    });
    const exited = new Promise<number | null>((resolve) => proc.on("exit", (code) => resolve(code)));
    const port = await new Promise<number>((resolve, reject) => {
      const check = setInterval(() => {
        const m = /HTTP API on port (\d+)/.exec(output);
        if (m) {
          clearInterval(check);
          resolve(Number(m[1]));
        } else if (proc.exitCode !== null) {
          clearInterval(check);
          reject(new Error(`npm start exited: ${output}`));
        }
      }, 100);
    });
    expect(output).toContain("SLACK_BOT_TOKEN=xoxb-");

    const url = `http://127.0.0.1:${port}/api/v1/responses`;
    const body = JSON.stringify({
      id: "r-1",
      responded_at: "2026-03-02",
      kind: "nps",
      score: 10,
      segment: "SMB",
    });
    const headers = { "content-type": "application/json" };
    expect((await fetch(url, { method: "POST", headers, body })).status).toBe(401);
    const ok = await fetch(url, {
      method: "POST",
      headers: { ...headers, authorization: `Bearer ${secret}` },
      body,
    });
    expect(ok.status).toBe(201);

    proc.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(output).toContain("SIGTERM: stopping");
  }, 180_000);
});
