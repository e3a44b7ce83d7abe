import { describe, expect, it } from "vitest";
import { taskQueue } from "../../src/services/task-queue.js";

describe("taskQueue", () => {
  it("runs every task, never more than the limit at once", async () => {
    const errors: unknown[] = [];
    const q = taskQueue(3, (e) => errors.push(e));
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
    const q = taskQueue(1, (e) => errors.push(e));
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
});
