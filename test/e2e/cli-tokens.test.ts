import { execFile } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// npm run cli -- tokens …, in child processes on a fresh embedded database.

const exec = promisify(execFile);
const root = join(import.meta.dirname, "../..");
const tsx = join(root, "node_modules/.bin/tsx");
let dataDir: string;

async function cli(...args: string[]) {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: "", SLACK_BOT_TOKEN: "" };
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
  dataDir = await mkdtemp(join(tmpdir(), "rtg-tokens-"));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm run cli -- tokens", () => {
  it("creates a token (secret shown once), lists it without the secret, revokes it by prefix", async () => {
    const created = await cli("tokens", "create", "hubspot sync");
    expect(created.code).toBe(0);
    const secret = /^(rtg_[A-Za-z0-9_-]{32})$/m.exec(created.stdout)?.[1];
    expect(secret).toBeDefined();
    const prefix = (secret as string).slice(0, 12);
    expect(created.stdout).toContain(`"hubspot sync" (${prefix}…)`);

    const listed = await cli("tokens", "list");
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      new RegExp(`hubspot sync\\s+${prefix}….*by cli.*last used never\\s+active`),
    );
    expect(listed.stdout).not.toContain(secret);

    const revoked = await cli("tokens", "revoke", prefix);
    expect(revoked.code).toBe(0);
    expect(revoked.stdout).toContain('Revoked API token "hubspot sync"');
    const again = await cli("tokens", "revoke", "hubspot sync");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('No active token is named "hubspot sync"');
  }, 240_000);

  it("explains its usage", async () => {
    const missing = await cli("tokens", "create");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("tokens create needs one NAME");
    const bad = await cli("tokens", "create", "no/slashes");
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("a token name may hold letters");
    expect((await cli("tokens", "rotate")).stderr).toContain("tokens needs an action");
  }, 120_000);
});
