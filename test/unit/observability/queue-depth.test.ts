import { describe, expect, it } from "vitest";
import { createMetrics } from "../../../src/observability/metrics.js";
import { microBatch } from "../../../src/services/micro-batch.js";
import { taskQueue } from "../../../src/services/task-queue.js";

// Queue depths on /metrics follow the real queues: up while work waits or runs, back to where
// they were once it is done (failures included).

// The queues count into a registry of this test's own, as the Slack app gives them its own.
const metrics = createMetrics({ defaultMetrics: false });

const depth = async (queue: string) => {
  const series = `rtg_queue_depth{queue="${queue}"} `;
  const line = (await metrics.render()).split("\n").find((l) => l.startsWith(series));
  return line ? Number(line.slice(series.length)) : 0;
};

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe("queue depth gauges", () => {
  it("counts a task queue's waiting and running tasks", async () => {
    const start = await depth("survey_after_ack");
    const q = taskQueue({ concurrency: 1, onError: () => {}, name: "survey_after_ack", metrics });
    const gates = [deferred(), deferred(), deferred()];
    for (const [i, gate] of gates.entries()) {
      q.push(async () => {
        await gate.promise;
        if (i === 1) throw new Error("a failed task still leaves the queue");
      });
    }
    expect(await depth("survey_after_ack")).toBe(start + 3);
    for (const gate of gates) gate.resolve();
    await q.idle();
    expect(await depth("survey_after_ack")).toBe(start);
  });

  it("counts a micro-batch's items until their write settles, failed writes too", async () => {
    const start = await depth("survey_answers");
    const gate = deferred();
    let fail = false;
    const write = microBatch<string, string>(
      async (items) => {
        await gate.promise;
        if (fail) throw new Error("database down");
        return items;
      },
      { key: (s) => s, name: "survey_answers", metrics },
    );
    const pending = [write("a"), write("b"), write("a")];
    expect(await depth("survey_answers")).toBe(start + 3);
    gate.resolve();
    expect(await Promise.all(pending)).toEqual(["a", "b", "a"]);
    expect(await depth("survey_answers")).toBe(start);
    fail = true;
    await expect(write("c")).rejects.toThrow("database down");
    expect(await depth("survey_answers")).toBe(start);
  });
});
