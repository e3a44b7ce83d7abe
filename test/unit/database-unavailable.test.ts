import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable } from "../../src/data/errors.js";

// The shapes an unreachable or restarting PostgreSQL produces through pg, @prisma/adapter-pg and
// Prisma (as seen in test/faults), against failures a retry would not fix.

const prismaRaw = (driverAdapterError: unknown) =>
  Object.assign(new Error("Invalid `prisma.$queryRaw()` invocation"), {
    code: "P2010",
    meta: { driverAdapterError },
  });
const adapterError = (cause: Record<string, unknown>) =>
  Object.assign(new Error(String(cause.kind)), { name: "DriverAdapterError", cause });

describe("isDatabaseUnavailable", () => {
  it.each([
    ["server gone (adapter kind)", prismaRaw(adapterError({ kind: "DatabaseNotReachable" }))],
    ["connection closed (adapter kind)", prismaRaw(adapterError({ kind: "ConnectionClosed" }))],
    [
      "shutdown (57P01 from the server)",
      prismaRaw(adapterError({ kind: "postgres", originalCode: "57P01" })),
    ],
    [
      "starting up (57P03)",
      Object.assign(new Error("the database system is starting up"), { code: "57P03" }),
    ],
    [
      "connection refused",
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" }),
    ],
    ["pg's connection terminated", new Error("Connection terminated unexpectedly")],
    [
      "Prisma cannot reach the server",
      Object.assign(new Error("Can't reach database server"), { code: "P1001" }),
    ],
  ])("%s: unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(true);
  });

  it.each([
    ["a unique violation", prismaRaw(adapterError({ kind: "UniqueConstraintViolation" }))],
    ["a syntax error (42601)", prismaRaw(adapterError({ kind: "postgres", originalCode: "42601" }))],
    ["a plain error", new Error("boom")],
    ["not an error", "ECONNREFUSED"],
    ["null", null],
  ])("%s: not unavailable", (_, error) => {
    expect(isDatabaseUnavailable(error)).toBe(false);
  });

  it("stops on a cause cycle", () => {
    const a: Record<string, unknown> = { message: "a" };
    a.cause = { message: "b", cause: a };
    expect(isDatabaseUnavailable(a)).toBe(false);
  });
});
