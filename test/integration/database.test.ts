import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { readMigrationList } from "../../src/data/migrations.js";
import { testDatabases } from "../helpers/db.js";

describe.each(testDatabases())("database on $name", ({ open }) => {
  let db: Database;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(async () => {
    await db.close();
  });

  it("records every migration in _prisma_migrations", async () => {
    const expected = (await readMigrationList()).migrationDirectories.map((m) => m.path);
    const rows = await db.prisma.$queryRaw<
      Array<{ migration_name: string; finished_at: Date | null; rolled_back_at: Date | null }>
    >`SELECT migration_name, finished_at, rolled_back_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(expected.length).toBeGreaterThan(0);
    expect(rows.map((r) => r.migration_name)).toEqual(expected);
    for (const row of rows) {
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
    }
  });

  it("has no pending migrations", async () => {
    expect(await db.migrate()).toEqual([]);
  });

  it("rejects a negative movement value", async () => {
    const workspace = await db.prisma.workspace.create({ data: { name: "Test workspace" } });
    const segment = await db.prisma.segment.create({
      data: { workspaceId: workspace.id, key: "smb", name: "SMB" },
    });
    const customer = await db.prisma.customer.create({
      data: { workspaceId: workspace.id, externalId: "c-1", name: "Acme", segmentId: segment.id },
    });
    const movement = (value: number, key: string) =>
      db.prisma.customerMovement.create({
        data: {
          workspaceId: workspace.id,
          customerId: customer.id,
          segmentId: segment.id,
          type: "gained",
          occurredAt: new Date("2026-01-05T10:00:00Z"),
          value,
          currency: "EUR",
          source: "cli",
          idempotencyKey: key,
          contentHash: key,
          statusAfter: "active",
          valueAfter: 100,
        },
      });

    await expect(movement(-1, "cli:negative")).rejects.toThrow(/customer_movement_value_nonnegative/);
    // The same row with a valid value goes in: the constraint, not another field, refused it.
    await expect(movement(1, "cli:positive")).resolves.toMatchObject({ currency: "EUR" });
    expect(await db.prisma.customerMovement.count()).toBe(1);
  });
});
