import type { SqlQueryable } from "@prisma/driver-adapter-utils";
import type { DbClient } from "./client.js";
import type { Database } from "./database.js";

// Bulk statements below Prisma's query compiler. A Prisma raw query serialises every parameter
// through the compiler (Wasm) and back, which for the arrays of a 2 000-row batch costs more than
// the statement itself and leaves megabytes of garbage; the driver adapter's own connection takes
// the same SQL and parameters directly. Data-access functions that bulk paths use accept either.

/** A Prisma client or transaction, or a driver-adapter transaction (see withDriverTransaction). */
export type Runner = DbClient | SqlQueryable;

const isDriver = (db: Runner): db is SqlQueryable => !("$queryRawUnsafe" in db);

// The adapters pass parameters of an "unknown" scalar type to the driver unchanged: arrays become
// PostgreSQL arrays, the statement's casts give the types.
const UNTYPED = { scalarType: "unknown", arity: "scalar" } as const;

/** Rows as arrays of column values, in the order of the SELECT list. */
export async function queryRows(db: Runner, sql: string, args: unknown[]): Promise<unknown[][]> {
  if (isDriver(db)) {
    const result = await db.queryRaw({ sql, args, argTypes: args.map(() => UNTYPED) });
    return result.rows;
  }
  const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(sql, ...args);
  return rows.map((r) => Object.values(r));
}

/** Runs a statement; returns the number of rows it changed. */
export async function execute(db: Runner, sql: string, args: unknown[]): Promise<number> {
  if (isDriver(db)) return db.executeRaw({ sql, args, argTypes: args.map(() => UNTYPED) });
  return db.$executeRawUnsafe(sql, ...args);
}

/** Refreshes the planner's statistics of these tables (after a big import). */
export async function analyze(
  db: Runner,
  tables: Array<"customer_movement" | "customer" | "survey_response">,
): Promise<void> {
  await execute(db, `ANALYZE ${tables.join(", ")}`, []);
}

/**
 * One transaction on a connection of the database's driver adapter, outside Prisma's client: it
 * commits when `use` resolves and rolls back when it throws. For bulk writers (the CSV import).
 */
export async function withDriverTransaction<T>(
  db: Database,
  use: (tx: SqlQueryable) => Promise<T>,
): Promise<T> {
  const adapter = await db.factory.connect();
  try {
    const tx = await adapter.startTransaction();
    // Adapters with a "phantom" transaction (PGlite) send BEGIN / COMMIT themselves; the others
    // (pg) leave them to the caller, as Prisma's engine does.
    const own = !tx.options.usePhantomQuery;
    const statement = (sql: string) => tx.executeRaw({ sql, args: [], argTypes: [] });
    let result: T;
    try {
      result = await use(tx);
    } catch (error) {
      if (own) await statement("ROLLBACK").catch(() => {});
      await tx.rollback().catch(() => {});
      throw error;
    }
    try {
      if (own) await statement("COMMIT");
    } catch (error) {
      await tx.rollback().catch(() => {});
      throw error;
    }
    await tx.commit();
    return result;
  } finally {
    await adapter.dispose().catch(() => {});
  }
}
