import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";

// The real programs as child processes (node with tsx's loader, no wrapper process in between,
// so a SIGKILL hits the program itself), and the bookkeeping that makes sure none outlives the
// suite.

export const root = join(import.meta.dirname, "../..");

const children = new Set<ChildProcess>();

export interface Child {
  process: ChildProcess;
  /** stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code, or the signal that ended it. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Runs `node --import tsx <script> ...args` from the repository root with `env` over a clean base. */
export function startProgram(script: string, args: string[], env: Record<string, string>): Child {
  const child = spawn(process.execPath, ["--import", "tsx", join(root, script), ...args], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "test",
      LOG_LEVEL: "error",
      DATABASE_URL: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  children.add(child);
  let out = "";
  child.stdout?.on("data", (d) => {
    out += d;
  });
  child.stderr?.on("data", (d) => {
    out += d;
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.on("exit", (code, signal) => {
      children.delete(child);
      resolve({ code, signal });
    });
  });
  return { process: child, output: () => out, exited };
}

/** SIGKILL: no handler runs, nothing is flushed or closed. */
export async function kill(child: Child): Promise<void> {
  child.process.kill("SIGKILL");
  await child.exited;
}

/** For afterAll: kills whatever is still running. */
export async function killAll(): Promise<void> {
  await Promise.all(
    [...children].map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.kill("SIGKILL");
      await exited;
    }),
  );
}

/** Polls `check` until it is true; fails with `what()` after `ms`. Not an assertion on time. */
export async function until(check: () => boolean | Promise<boolean>, what: () => string, ms = 120_000) {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting: ${what()}`);
    await sleep(20);
  }
}
