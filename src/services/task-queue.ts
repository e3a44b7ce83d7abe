// Runs background tasks a few at a time. Work after a Slack ack (thanking a person, posting an
// alert) is not urgent, but a burst of it competes with the acks still to be given for the one
// event loop; capping it keeps the acks within Slack's 3 seconds. Tasks are kept in memory only:
// what must not be lost is stored before the ack.

export interface TaskQueue {
  push(task: () => Promise<void>): void;
  /** Resolves when every task pushed so far has finished. */
  idle(): Promise<void>;
}

export function taskQueue(concurrency: number, onError: (error: unknown) => void): TaskQueue {
  const waiting: Array<() => Promise<void>> = [];
  let running = 0;
  let idleWaiters: Array<() => void> = [];

  const next = () => {
    while (running < concurrency && waiting.length > 0) {
      const task = waiting.shift() as () => Promise<void>;
      running += 1;
      void task()
        .catch(onError)
        .finally(() => {
          running -= 1;
          next();
        });
    }
    if (running === 0 && waiting.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  };

  return {
    push(task) {
      waiting.push(task);
      next();
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
  };
}
