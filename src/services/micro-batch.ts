// Groups work that arrives at the same moment into one call. A burst of survey clicks (a
// channel answering together) otherwise becomes one database round trip per click, and on a
// single connection (PGlite) the last click waits for all the others before it can be
// acknowledged. Here the clicks that arrive while a write is under way go together in the next
// one, so the wait grows with the number of writes, not with the number of clicks.

import { type Metrics, processMetrics, type QueueName } from "../observability/metrics.js";

export interface MicroBatchOptions<I> {
  /** Items with the same key are written once, the latest winning; all of them get its result. */
  key(item: I): string;
  /** Largest batch (default 500). */
  maxSize?: number;
  /** Batches written at the same time (default 2). */
  maxInFlight?: number;
  /** Reported as rtg_queue_depth{queue=name}: items queued or being written. */
  name?: QueueName;
  /** Where the depth is reported (default: the process's metrics). */
  metrics?: Pick<Metrics, "changeQueueDepth">;
}

interface Pending<I, O> {
  item: I;
  resolve(value: O): void;
  reject(error: unknown): void;
}

/**
 * Returns a function that queues an item and resolves with its result. `write` gets distinct
 * keys and must return one result per item, in the same order; if it throws, every item of
 * that batch is rejected with the error (nothing is half-written when `write` is one statement).
 */
export function microBatch<I, O>(
  write: (items: I[]) => Promise<O[]>,
  options: MicroBatchOptions<I>,
): (item: I) => Promise<O> {
  const { key, maxSize = 500, maxInFlight = 2, name } = options;
  const { changeQueueDepth } = options.metrics ?? processMetrics;
  let queue: Pending<I, O>[] = [];
  let inFlight = 0;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    while (inFlight < maxInFlight && queue.length > 0) {
      const batch = queue.slice(0, maxSize);
      queue = queue.slice(batch.length);
      inFlight += 1;
      void run(batch).finally(() => {
        inFlight -= 1;
        flush();
      });
    }
  };

  const run = async (batch: Pending<I, O>[]) => {
    const latest = new Map<string, I>();
    for (const p of batch) {
      const k = key(p.item);
      latest.delete(k); // keeps arrival order of the last occurrence
      latest.set(k, p.item);
    }
    const keys = [...latest.keys()];
    try {
      const results = await write([...latest.values()]);
      if (results.length !== keys.length) {
        throw new Error(`a batch of ${keys.length} returned ${results.length} results`);
      }
      const byKey = new Map(keys.map((k, i) => [k, results[i] as O]));
      for (const p of batch) p.resolve(byKey.get(key(p.item)) as O);
    } catch (error) {
      for (const p of batch) p.reject(error);
    } finally {
      if (name) changeQueueDepth(name, -batch.length);
    }
  };

  return (item: I) =>
    new Promise<O>((resolve, reject) => {
      queue.push({ item, resolve, reject });
      if (name) changeQueueDepth(name, 1);
      // Waiting for the next turn of the event loop lets the requests already read join in.
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
}
