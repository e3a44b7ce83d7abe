import type { Database } from "../data/database.js";
import { countSlackInstallations, pingDatabase } from "../data/health-probes.js";

// What /healthz and /readyz report: each check's status and latency. The database is asked
// every time (SELECT 1, bounded by a short timeout); Slack's answer is shared for `slackCacheMs`
// so frequent probes from a load balancer cost Slack one call every half minute.

export type CheckStatus = "ok" | "fail" | "skipped";

export interface CheckResult {
  status: CheckStatus;
  latencyMs: number;
  /** Why it failed, or why it was skipped (never a credential: Slack's error code, a timeout). */
  error?: string;
  note?: string;
  /** Slack: the answer was reused from an earlier probe (latency is the original call's). */
  cached?: boolean;
  /** OAuth mode: workspaces that installed the app. */
  installations?: number;
  /** Slack works, but something needs an admin (e.g. a reinstall for exactly-once posting). */
  warnings?: string[];
}

export interface HealthReport {
  status: "ok" | "fail";
  checks: Record<string, CheckResult>;
}

/** How to tell that Slack works: one bot token, many installations (OAuth), or no Slack at all. */
export type SlackHealth = (
  | { kind: "bot"; probe: () => Promise<void> }
  | { kind: "installations" }
  | { kind: "none" }
) & { warnings?: () => string[] };

export interface HealthChecksOptions {
  db: Database;
  slack: SlackHealth;
  /** Longest wait for the database (default 2 s): a probe that hangs is a failed probe. */
  databaseTimeoutMs?: number;
  /** How long Slack's answer is reused (default 30 s). */
  slackCacheMs?: number;
  /** Milliseconds, monotonic (tests and the cache). */
  now?: () => number;
}

export interface HealthChecks {
  /** Everything: database and Slack. */
  health(): Promise<HealthReport>;
  /** Whether this process can take traffic: the database only (a Slack outage should not empty the pool). */
  ready(): Promise<HealthReport>;
}

class TimeoutError extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TimeoutError(`no answer within ${ms} ms`)), ms);
    timer.unref?.();
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

async function timed(check: () => Promise<Partial<CheckResult> | undefined>, now: () => number) {
  const started = now();
  try {
    const extra = await check();
    return { status: "ok", latencyMs: Math.round(now() - started), ...extra } satisfies CheckResult;
  } catch (error) {
    return {
      status: "fail",
      latencyMs: Math.round(now() - started),
      error: describeFailure(error),
    } satisfies CheckResult;
  }
}

// A driver's message can name hosts and users; the first line, capped, says enough to act on.
function describeFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message.split("\n").find((l) => l.trim() !== "") ?? "failed";
  return line.length > 200 ? `${line.slice(0, 199)}…` : line.trim();
}

export function createHealthChecks(opts: HealthChecksOptions): HealthChecks {
  const now = opts.now ?? (() => performance.now());
  const dbTimeout = opts.databaseTimeoutMs ?? 2000;
  const cacheMs = opts.slackCacheMs ?? 30_000;
  let slackAnswer: { at: number; result: Promise<CheckResult> } | undefined;

  const database = () =>
    timed(() => withTimeout(pingDatabase(opts.db.prisma), dbTimeout).then(() => undefined), now);

  const slack = async (): Promise<CheckResult> => {
    const result = await slackCheck();
    const warnings = opts.slack.warnings?.() ?? [];
    return warnings.length ? { ...result, warnings } : result;
  };
  const slackCheck = async (): Promise<CheckResult> => {
    const s = opts.slack;
    if (s.kind === "none") return { status: "skipped", latencyMs: 0, note: "Slack is not configured" };
    if (s.kind === "installations") {
      // No single token to test: each workspace has its own. The count shows installs are readable.
      return timed(
        async () => ({
          installations: await withTimeout(countSlackInstallations(opts.db.prisma), dbTimeout),
          note: "OAuth mode: installations counted, tokens not tested",
        }),
        now,
      );
    }
    const at = now();
    if (slackAnswer && at - slackAnswer.at < cacheMs) {
      return { ...(await slackAnswer.result), cached: true };
    }
    const result = timed(() => s.probe().then(() => undefined), now);
    slackAnswer = { at, result };
    return result;
  };

  const report = (checks: Record<string, CheckResult>): HealthReport => ({
    status: Object.values(checks).every((c) => c.status !== "fail") ? "ok" : "fail",
    checks,
  });

  return {
    health: async () => {
      const [db, sl] = await Promise.all([database(), slack()]);
      return report({ database: db, slack: sl });
    },
    ready: async () => report({ database: await database() }),
  };
}
