import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:http";
import { connect, Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/data/database.js";
import { UNIT_GUARD_MESSAGE } from "../helpers/unit-setup.js";

// The unit project's setup file (test/helpers/unit-setup.ts) refuses databases, sockets and child
// processes. These prove each refusal really happens inside the unit project.

const refused = expect.objectContaining({ message: expect.stringContaining(UNIT_GUARD_MESSAGE) });

describe("inside the unit project", () => {
  it("connecting to 127.0.0.1 throws", () => {
    expect(() => connect(5432, "127.0.0.1")).toThrow(UNIT_GUARD_MESSAGE);
    expect(() => new Socket().connect(80, "127.0.0.1")).toThrow(UNIT_GUARD_MESSAGE);
  });

  it("an HTTP request or fetch fails", async () => {
    await expect(fetch("http://127.0.0.1:8080/")).rejects.toMatchObject({ cause: refused });
  });

  it("listening on a port throws", () => {
    expect(() => createServer().listen(0, "127.0.0.1")).toThrow(UNIT_GUARD_MESSAGE);
  });

  it("starting a child process throws", () => {
    expect(() => spawn(process.execPath, ["-e", "0"])).toThrow(UNIT_GUARD_MESSAGE);
  });

  it("opening PGlite, directly or through the project's opener, throws", async () => {
    expect(() => new PGlite()).toThrow(UNIT_GUARD_MESSAGE);
    const dataDir = mkdtempSync(join(tmpdir(), "rtg-unit-guard-"));
    try {
      await expect(openDatabase({ kind: "pglite", dataDir })).rejects.toThrow(UNIT_GUARD_MESSAGE);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it("a PostgreSQL client cannot connect", async () => {
    const client = new pg.Client({ connectionString: "postgresql://u@127.0.0.1:5432/x" });
    await expect(client.connect()).rejects.toThrow(UNIT_GUARD_MESSAGE);
  });
});
