import { describe, expect, it } from "vitest";
import { taskQueue } from "../../src/services/task-queue.js";

describe("taskQueue", () => {
  it("runs every task, never more than the limit at once", async () => {
    const errors: unknown[] = [];
    const q = taskQueue({ concurrency: 3, onError: (e) => errors.push(e) });
    let running = 0;
    let most = 0;
    const done: number[] = [];
    for (let i = 0; i < 10; i++) {
      q.push(async () => {
        running += 1;
        most = Math.max(most, running);
        await new Promise((r) => setTimeout(r, 2));
        running -= 1;
        done.push(i);
      });
    }
    await q.idle();
    expect(done.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(3);
    expect(errors).toEqual([]);
  });

  it("reports a failing task and goes on with the others", async () => {
    const errors: unknown[] = [];
    const q = taskQueue({ concurrency: 1, onError: (e) => errors.push(e) });
    let ran = false;
    q.push(async () => {
      throw new Error("Slack said no");
    });
    q.push(async () => {
      ran = true;
    });
    await q.idle();
    expect(ran).toBe(true);
    expect(errors).toHaveLength(1);
  });

  it("holds tasks back while a burst goes on, and starts them once it is quiet", async () => {
    const started: number[] = [];
    const q = taskQueue({ concurrency: 2, quietMs: 30, maxWaitMs: 10_000, onError: () => {} });
    for (let i = 0; i < 5; i++) {
      q.push(async () => {
        started.push(i);
      });
      await new Promise((r) => setTimeout(r, 5));
    }
    // Pushes came every 5 ms, closer than 30 ms: nothing has started yet.
    expect(started).toEqual([]);
    await q.idle();
    expect(started).toEqual([0, 1, 2, 3, 4]);
  });

  it("does not hold a task longer than maxWaitMs however long the burst", async () => {
    const started: number[] = [];
    const q = taskQueue({ concurrency: 1, quietMs: 1000, maxWaitMs: 20, onError: () => {} });
    q.push(async () => {
      started.push(1);
    });
    // Well before quietMs (1 s), the task has run because it waited maxWaitMs (20 ms).
    await new Promise((r) => setTimeout(r, 300));
    expect(started).toEqual([1]);
  });
});
