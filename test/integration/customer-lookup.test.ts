import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { findCustomer } from "../../src/data/customers.js";
import type { Database } from "../../src/data/database.js";
import { createApiToken, revokeApiToken } from "../../src/services/api-tokens.js";
import { findCustomersByText } from "../../src/services/list-contacts.js";
import { searchSubjects } from "../../src/services/search-subjects.js";
import { testDatabases } from "../helpers/db.js";

// Typed text is text: "%" and "_" (LIKE's wildcards) and "\" match themselves, in the contacts
// look-up (exact name or id first, then names containing it) and in the pickers' search.

describe.each(testDatabases())("customer look-ups on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;

  beforeEach(async () => {
    db = await open();
    workspaceId = (await db.prisma.workspace.create({ data: { name: "Acme" } })).id;
    const segmentId = (await db.prisma.segment.create({ data: { workspaceId, key: "smb", name: "SMB" } })).id;
    for (const [externalId, name] of [
      ["c-1", "Alpha Corp"],
      ["c-2", "Beta_Labs"],
      ["c-3", "100% Growth"],
      ["c_4", "Gamma"],
    ] as const) {
      await db.prisma.customer.create({ data: { workspaceId, externalId, name, segmentId } });
    }
  });
  afterEach(() => db.close());

  const names = (rows: Array<{ name: string }>) => rows.map((r) => r.name).sort();

  it("contacts: a wildcard in the text matches only itself", async () => {
    expect(names(await findCustomersByText(db.prisma, workspaceId, "%"))).toEqual(["100% Growth"]);
    expect(names(await findCustomersByText(db.prisma, workspaceId, "_"))).toEqual(["Beta_Labs"]);
    expect(names(await findCustomersByText(db.prisma, workspaceId, "a_c"))).toEqual([]);
    expect(names(await findCustomersByText(db.prisma, workspaceId, "\\"))).toEqual([]);
  });

  it("contacts: an exact name or external id wins, in any case; wildcards do not make it exact", async () => {
    expect(names(await findCustomersByText(db.prisma, workspaceId, "alpha corp"))).toEqual(["Alpha Corp"]);
    expect(names(await findCustomersByText(db.prisma, workspaceId, "C_4"))).toEqual(["Gamma"]);
    // "c_1" is not the id "c-1" (nor anything's name): nothing contains it either.
    expect(names(await findCustomersByText(db.prisma, workspaceId, "c_1"))).toEqual([]);
    expect(names(await findCustomersByText(db.prisma, workspaceId, "Beta%"))).toEqual([]);
    expect(names(await findCustomersByText(db.prisma, workspaceId, "corp"))).toEqual(["Alpha Corp"]);
  });

  it("by name: the same name in any case, never a wildcard's match", async () => {
    expect((await findCustomer(db.prisma, workspaceId, { name: " alpha CORP " }))?.externalId).toBe("c-1");
    expect(await findCustomer(db.prisma, workspaceId, { name: "Alpha_Corp" })).toBeNull();
    expect(await findCustomer(db.prisma, workspaceId, { name: "%" })).toBeNull();
  });

  it("pickers: wildcards match only themselves", async () => {
    const { customers } = await searchSubjects(db.prisma, workspaceId, "%", {
      customers: true,
      segments: false,
    });
    expect(names(customers)).toEqual(["100% Growth"]);
    const under = await searchSubjects(db.prisma, workspaceId, "_", { customers: true, segments: false });
    expect(names(under.customers)).toEqual(["Beta_Labs", "Gamma"]);
  });
});

// The same holds for the names people give tokens, campaigns and meetings.
describe.each(testDatabases())("token names on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;

  beforeEach(async () => {
    db = await open();
    workspaceId = (await db.prisma.workspace.create({ data: { name: "Acme" } })).id;
  });
  afterEach(() => db.close());

  it("a wildcard neither takes another token's name nor revokes it", async () => {
    await createApiToken(db.prisma, { workspaceId, name: "ci-bot", createdBy: "U1" });
    const { token } = await createApiToken(db.prisma, { workspaceId, name: "ci_bot", createdBy: "U1" });
    expect(token.name).toBe("ci_bot");
    await expect(
      revokeApiToken(db.prisma, { workspaceId, which: "%", revokedBy: "U1" }, new Date()),
    ).rejects.toMatchObject({ kind: "not_found" });
    expect(
      (await revokeApiToken(db.prisma, { workspaceId, which: "CI-BOT", revokedBy: "U1" }, new Date())).name,
    ).toBe("ci-bot");
  });
});
