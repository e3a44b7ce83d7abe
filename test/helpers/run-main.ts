import { type ChildProcess, spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";

// npm start as a child process, for the end-to-end tests of the real program. It runs as
// npm start does (node --import tsx), so SIGTERM reaches the app's own handler: the tsx CLI would
// relay it and SIGKILL the app when it had not confirmed a handler within 30 ms.

const root = join(import.meta.dirname, "../..");

export interface RunningMain {
  child: ChildProcess;
  /** stdout and stderr so far, interleaved as they arrived. */
  output: () => string;
  exited: Promise<number>;
}

/** Starts src/main.ts with `env` over the test's environment (no DATABASE_URL, errors-only logs). */
export function runMain(env: Record<string, string>): RunningMain {
  let out = "";
  const child = spawn(process.execPath, ["--import", "tsx", join(root, "src/main.ts")], {
    env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "error", ...env },
  });
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<number>((resolve) => child.on("exit", (code) => resolve(code ?? -1)));
  return { child, output: () => out, exited };
}

export const freePort = (): Promise<number> =>
  new Promise<number>((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** Polls until `check` holds; on timeout the error carries the program's output. */
export async function until(check: () => boolean, what: () => string, ms = 60_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting; output so far:\n${what()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
