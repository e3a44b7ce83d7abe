import { randomUUID } from "node:crypto";
import { hostname } from "node:os";
import cron from "node-cron";
import { type RunDueDigestsOptions, type RunSummary, runDueDigests } from "../services/run-due-digests.js";
import { isGoneLocalInstance } from "./instance-liveness.js";

// node-cron only wakes us up: every minute (and once at start, which catches up on what was
// missed while the app was down) it calls runDueDigests, where the database decides what is due
// and who posts it. Safe to run in every replica.

export interface SchedulerOptions extends Omit<RunDueDigestsOptions, "now" | "instanceId"> {
  clock: () => Date;
  /** Default: hostname:pid:random, unique per process. */
  instanceId?: string;
  /** After each run, with what happened (for the log). */
  onRun?: (summary: RunSummary) => void;
  /** A run failed as a whole (e.g. the database is unreachable); the next tick tries again. */
  onError?: (error: unknown) => void;
  /** node-cron expression for the wake-ups (default every minute). */
  every?: string;
  /** Skip the run at start (tests that drive tick() themselves). */
  runAtStart?: boolean;
  /**
   * Other due work run in the same tick once the digests are done (survey campaigns), given the
   * tick's instant. Each reports its own outcome; one that throws goes to onError.
   */
  alsoEachTick?: Array<(now: Date) => Promise<void>>;
}

export interface Scheduler {
  instanceId: string;
  /** Runs now unless a run is in progress in this process (then null: the tick is skipped). */
  tick(): Promise<RunSummary | null>;
  /** Stops the wake-ups and waits for a run in progress to finish. */
  stop(): Promise<void>;
}

export function defaultInstanceId(): string {
  return `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
}

export function startScheduler(options: SchedulerOptions): Scheduler {
  const {
    clock,
    onRun,
    onError,
    every = "* * * * *",
    runAtStart = true,
    alsoEachTick = [],
    ...rest
  } = options;
  const instanceId = options.instanceId ?? defaultInstanceId();
  let running: Promise<RunSummary | null> | undefined;
  let stopped = false;

  const tick = (): Promise<RunSummary | null> => {
    // A slow post can outlast a minute; overlapping runs in one process would only contend for
    // the same claims, so the later tick is dropped.
    if (stopped || running) return Promise.resolve(null);
    // `running` is cleared before the callbacks so a tick they trigger is not skipped.
    // Digests go first: they are due at a minute; campaign surveys can wait a few seconds.
    const at = clock();
    running = runDueDigests({
      // A claim left by a crashed process on this host is finished now, not after its lease.
      isHolderGone: (holder) => isGoneLocalInstance(holder, instanceId),
      ...rest,
      now: clock,
      instanceId,
    })
      .finally(async () => {
        for (const job of alsoEachTick) await job(at).catch((error: unknown) => onError?.(error));
      })
      .then(
        (summary) => {
          running = undefined;
          onRun?.(summary);
          return summary;
        },
        (error: unknown) => {
          running = undefined;
          onError?.(error);
          return null;
        },
      );
    return running;
  };

  const task = cron.schedule(every, () => tick(), {
    name: `digest-scheduler:${instanceId}`,
    noOverlap: true,
    // The database catches up on anything a late wake-up missed; no need for node-cron's warning.
    suppressMissedWarning: true,
  });
  if (runAtStart) void tick();

  return {
    instanceId,
    tick,
    async stop() {
      stopped = true;
      await task.destroy();
      await running;
    },
  };
}

/** One log line: "digests: 1 posted, 1 missed, 0 failed, 0 retrying, 0 skipped, 0 paused". */
export function describeRunSummary(s: RunSummary): string {
  const counts = `${s.posted} posted, ${s.missed} missed, ${s.failed} failed, ${s.retrying} retrying, ${s.skipped} skipped, ${s.paused} paused`;
  const errors = s.errors.map(
    (e) => `${e.meetingId}${e.occurrenceAt ? `@${e.occurrenceAt.toISOString()}` : ""}: ${e.message}`,
  );
  return errors.length ? `digests: ${counts}; errors: ${errors.join("; ")}` : `digests: ${counts}`;
}
