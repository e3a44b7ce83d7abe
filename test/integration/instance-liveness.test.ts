import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { isGoneLocalInstance } from "../../src/scheduler/instance-liveness.js";

// A digest claim held by a dead process on this host is taken over at once; any doubt keeps the
// lease in charge.

const HOST = "host-a";
const self = `${HOST}:${process.pid}:self0001`;
/** The pid of a process that has already exited. */
const deadPid = () => {
  const child = spawnSync(process.execPath, ["-e", "0"]);
  if (!child.pid) throw new Error("could not start a process");
  return child.pid;
};

describe("isGoneLocalInstance", () => {
  it("a process on this host that exited is gone", () => {
    expect(isGoneLocalInstance(`${HOST}:${deadPid()}:ab12cd34`, self, HOST)).toBe(true);
  });

  it("a live process on this host is not", () => {
    expect(isGoneLocalInstance(`${HOST}:${process.ppid}:ab12cd34`, self, HOST)).toBe(false);
  });

  it("this process, under its own id or another, is not", () => {
    expect(isGoneLocalInstance(self, self, HOST)).toBe(false);
    expect(isGoneLocalInstance(`${HOST}:${process.pid}:other000`, self, HOST)).toBe(false);
  });

  it("another host, or an id not made by defaultInstanceId, is not", () => {
    expect(isGoneLocalInstance(`host-b:${deadPid()}:ab12cd34`, self, HOST)).toBe(false);
    expect(isGoneLocalInstance("app-1", self, HOST)).toBe(false);
    expect(isGoneLocalInstance(`${HOST}:0:ab12cd34`, self, HOST)).toBe(false);
  });
});
