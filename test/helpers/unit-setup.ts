import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";
import net from "node:net";
import { vi } from "vitest";

// Setup file of the `unit` vitest project (vitest.config.ts): unit tests run without a database,
// a network or child processes, and this makes any attempt at one fail loudly instead of quietly
// turning a unit test into a slow, flaky integration test. A test that needs one belongs in
// test/integration (or test/e2e), which the `integration` project runs.
//
// What is caught, and why that is enough:
// - net.Socket.prototype.connect: every TCP or IPC client in Node goes through it (net.connect,
//   http / https requests, fetch (undici), tls, pg, hence PostgreSQL through Prisma's adapter).
// - net.Server.prototype.listen: http.createServer().listen, WebSocket servers, Bolt receivers.
// - child_process spawn / exec / fork (and their Sync forms).
// - PGlite (the embedded database, which needs no socket): `new PGlite()` and `PGlite.create()`.

export const UNIT_GUARD_MESSAGE =
  "unit tests must not open a database, a network connection or a child process; move this test to test/integration";

const refuse = (what: string) => (): never => {
  throw new Error(`${UNIT_GUARD_MESSAGE} (attempted: ${what})`);
};

// With `isolate: false` the setup file runs again for each test file in the same worker: patch once.
const PATCHED = Symbol.for("rtg.unitGuard");
const guarded = globalThis as { [PATCHED]?: true };
if (!guarded[PATCHED]) {
  guarded[PATCHED] = true;
  net.Socket.prototype.connect = refuse("net.Socket#connect") as never;
  net.Server.prototype.listen = refuse("net.Server#listen") as never;
  for (const name of [
    "spawn",
    "spawnSync",
    "exec",
    "execSync",
    "execFile",
    "execFileSync",
    "fork",
  ] as const) {
    (childProcess as unknown as Record<string, unknown>)[name] = refuse(`child_process.${name}`);
  }
  // `import { spawn } from "node:child_process"` reads the ESM view of the module: update it too.
  syncBuiltinESMExports();
}

vi.mock(import("@electric-sql/pglite"), async (importOriginal) => {
  const original = await importOriginal();
  class GuardedPGlite {
    static create = refuse("PGlite.create");
    constructor() {
      refuse("new PGlite")();
    }
  }
  return { ...original, PGlite: GuardedPGlite as unknown as typeof original.PGlite };
});
