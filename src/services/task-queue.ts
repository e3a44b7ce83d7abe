// Runs background tasks a few at a time, after a burst has passed. Work after a Slack ack
// (thanking a person, posting an alert) is not urgent, but a burst of it competes with the acks
// still to be given for the one event loop, and Slack shows an error for an ack later than 3 s.
// So tasks wait until no new task has come for `quietMs` (or the oldest has waited `maxWaitMs`),
// then run `concurrency` at a time. Tasks are kept in memory only: what must not be lost is
// stored before the ack.

import { type Metrics, processMetrics, type QueueName } from "../observability/metrics.js";

export interface TaskQueue {
  push(task: () => Promise<void>): void;
  /** Resolves when every task pushed so far has finished. */
  idle(): Promise<void>;
}

export interface TaskQueueOptions {
  concurrency: number;
  onError: (error: unknown) => void;
  /** Start once no task has been pushed for this long (default 0: at once). */
  quietMs?: number;
  /** …or once the oldest waiting task has waited this long (default 1 s). */
  maxWaitMs?: number;
  /** Reported as rtg_queue_depth{queue=name}: tasks waiting or running. */
  name?: QueueName;
  /** Where the depth is reported (default: the process's metrics). */
  metrics?: Pick<Metrics, "changeQueueDepth">;
}

export function taskQueue(options: TaskQueueOptions): TaskQueue {
  const { concurrency, onError, quietMs = 0, maxWaitMs = 1000, name } = options;
  const { changeQueueDepth } = options.metrics ?? processMetrics;
  const waiting: Array<() => Promise<void>> = [];
  let running = 0;
  let open = quietMs === 0;
  let timer: NodeJS.Timeout | undefined;
  let oldestAt = 0;
  let idleWaiters: Array<() => void> = [];

  const next = () => {
    while (open && running < concurrency && waiting.length > 0) {
      const task = waiting.shift() as () => Promise<void>;
      running += 1;
      void task()
        .catch(onError)
        .finally(() => {
          running -= 1;
          if (name) changeQueueDepth(name, -1);
          next();
        });
    }
    if (running === 0 && waiting.length === 0) {
      if (quietMs > 0) open = false;
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  const release = () => {
    timer = undefined;
    open = true;
    next();
  };

  return {
    push(task) {
      waiting.push(task);
      if (name) changeQueueDepth(name, 1);
      if (quietMs > 0 && !open) {
        const now = Date.now();
        if (!timer) oldestAt = now;
        clearTimeout(timer);
        const wait = Math.max(0, Math.min(quietMs, oldestAt + maxWaitMs - now));
        timer = setTimeout(release, wait);
        timer.unref?.();
      }
      next();
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
