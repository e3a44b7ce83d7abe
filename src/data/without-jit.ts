import type { Prisma, PrismaClient } from "../generated/prisma/client.js";
import type { DbClient } from "./client.js";

/**
 * Runs one analytical statement with PostgreSQL's JIT compiler off, for its own transaction only.
 * The JIT (on by default for statements the planner costs above jit_above_cost) spends 0.1–0.3 s
 * compiling aggregates over a few hundred thousand rows, more than it could ever save on them.
 * PGlite has no JIT; the setting is harmless there.
 */
export async function queryWithoutJit<T>(db: DbClient, sql: Prisma.Sql): Promise<T[]> {
  // A transaction client has no $connect (it does have a $transaction, which would wait for a
  // second connection: forever on PGlite).
  const client = db as Partial<PrismaClient>;
  if (typeof client.$connect === "function" && typeof client.$transaction === "function") {
    const [, rows] = await client.$transaction([db.$executeRaw`SET LOCAL jit = off`, db.$queryRaw<T[]>(sql)]);
    return rows;
  }
  // Already inside the caller's transaction: turn jit off for this statement and put it back.
  const [saved] = await db.$queryRaw<Array<{ jit: string }>>`
    SELECT current_setting('jit') AS jit, set_config('jit', 'off', true)`;
  const rows = await db.$queryRaw<T[]>(sql);
  await db.$queryRaw`SELECT set_config('jit', ${saved?.jit ?? "on"}, true)`;
  return rows;
}
