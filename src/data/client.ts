import type { Prisma, PrismaClient } from "../generated/prisma/client.js";

// One name for each kind of database handle; import these, make no other aliases.
//
//   Database      (database.ts) the opened database: `.prisma`, `.factory`, migrate(),
//                 isUnavailable(), close(). Opened by the composition roots (main.ts, the CLI);
//                 entry points hold it (usually `deps.db`) and hand `db.prisma` to services.
//   PrismaClient  the Prisma client itself, `Database.prisma`. Taken by functions that open a
//                 transaction of their own ($transaction).
//   DbClient      a PrismaClient or an interactive transaction: what a data function takes when
//                 it may run inside its caller's transaction.
//   Runner        (sql.ts) a DbClient or a driver-adapter transaction, for the bulk SQL of the
//                 ledger write path.
//
// Parameter names: `db` for any of them; `tx` for a handle known to be inside a transaction.

export type { PrismaClient };

/** Either the client or an interactive transaction: repositories accept both. */
export type DbClient = PrismaClient | Prisma.TransactionClient;
