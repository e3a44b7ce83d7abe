import { describe, expect, it } from "vitest";
import { microBatch } from "../../src/services/micro-batch.js";

interface Item {
  key: string;
  value: number;
}

function recorder(fail?: (items: Item[]) => boolean) {
  const calls: Item[][] = [];
  const write = async (items: Item[]) => {
    calls.push(items);
    await new Promise((r) => setTimeout(r, 5));
    if (fail?.(items)) throw new Error("database down");
    return items.map((i) => `${i.key}=${i.value}`);
  };
  return { calls, write };
}

describe("microBatch", () => {
  it("writes items that arrive together in one call, each getting its own result", async () => {
    const { calls, write } = recorder();
    const submit = microBatch(write, { key: (i: Item) => i.key });
    const results = await Promise.all([1, 2, 3, 4].map((n) => submit({ key: `k${n}`, value: n })));
    expect(results).toEqual(["k1=1", "k2=2", "k3=3", "k4=4"]);
    expect(calls).toHaveLength(1);
  });

  it("writes a key once per batch, the latest value winning, and tells every caller", async () => {
    const { calls, write } = recorder();
    const submit = microBatch(write, { key: (i: Item) => i.key });
    const results = await Promise.all([
      submit({ key: "a", value: 1 }),
      submit({ key: "b", value: 2 }),
      submit({ key: "a", value: 3 }),
    ]);
    expect(calls).toEqual([
      [
        { key: "b", value: 2 },
        { key: "a", value: 3 },
      ],
    ]);
    expect(results).toEqual(["a=3", "b=2", "a=3"]);
  });

  it("gathers what arrives during a write into the next one, within the size limit", async () => {
    const { calls, write } = recorder();
    const submit = microBatch(write, { key: (i: Item) => i.key, maxSize: 3, maxInFlight: 1 });
    const first = submit({ key: "x0", value: 0 });
    await new Promise((r) => setImmediate(r)); // the first write is under way
    const rest = Array.from({ length: 7 }, (_, n) => submit({ key: `x${n + 1}`, value: n + 1 }));
    await Promise.all([first, ...rest]);
    expect(calls.map((c) => c.length)).toEqual([1, 3, 3, 1]);
  });

  it("rejects every item of a failed batch and keeps working for the next", async () => {
    let down = true;
    const { write } = recorder(() => down);
    const submit = microBatch(write, { key: (i: Item) => i.key });
    const failed = await Promise.allSettled([submit({ key: "a", value: 1 }), submit({ key: "b", value: 2 })]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    down = false;
    await expect(submit({ key: "a", value: 5 })).resolves.toBe("a=5");
  });

  it("refuses a write that returns the wrong number of results", async () => {
    const submit = microBatch(async (items: Item[]) => items.slice(1), { key: (i: Item) => i.key });
    await expect(
      Promise.all([submit({ key: "a", value: 1 }), submit({ key: "b", value: 2 })]),
    ).rejects.toThrow(/returned 1 results/);
  });
});
