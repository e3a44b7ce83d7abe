import { describe, expect, it } from "vitest";
import { describeError } from "../../src/cli/errors.js";
import { isUniqueViolation } from "../../src/data/errors.js";

// The shapes a unique index's refusal takes through Prisma: a model query's P2002, and a raw
// query's P2010 wrapping the driver adapter's error (kind, or the SQLSTATE 23505).

describe("isUniqueViolation", () => {
  it.each([
    ["model query (P2002)", Object.assign(new Error("Unique constraint failed"), { code: "P2002" })],
    [
      "raw query, adapter kind",
      Object.assign(new Error("raw"), {
        code: "P2010",
        meta: {
          driverAdapterError: { name: "DriverAdapterError", cause: { kind: "UniqueConstraintViolation" } },
        },
      }),
    ],
    [
      "raw query, SQLSTATE",
      Object.assign(new Error("raw"), {
        code: "P2010",
        meta: { driverAdapterError: { cause: { kind: "postgres", originalCode: "23505" } } },
      }),
    ],
    ["driver error", Object.assign(new Error("duplicate key value"), { code: "23505" })],
  ])("%s", (_name, error) => {
    expect(isUniqueViolation(error)).toBe(true);
  });

  it.each([
    ["record not found (P2025)", Object.assign(new Error("not found"), { code: "P2025" })],
    ["foreign key (23503)", Object.assign(new Error("fk"), { code: "23503" })],
    ["plain error", new Error("Unique constraint failed")],
    ["not an error", "P2002"],
    ["null", null],
  ])("not %s", (_name, error) => {
    expect(isUniqueViolation(error)).toBe(false);
  });
});

describe("the CLI's text for an unreachable database", () => {
  it("says connection refused for ECONNREFUSED, wrapped or not", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    expect(describeError(refused).message).toMatch(/Cannot reach PostgreSQL .*connection refused/);
    const wrapped = Object.assign(new Error("raw"), {
      code: "P2010",
      meta: { driverAdapterError: { cause: { kind: "DatabaseNotReachable" } } },
    });
    expect(describeError(wrapped).message).toMatch(/Cannot reach PostgreSQL .*not answering/);
  });
});
