import type { Prisma, PrismaClient } from "../generated/prisma/client.js";

/** Either the client or an interactive transaction: repositories accept both. */
export type DbClient = PrismaClient | Prisma.TransactionClient;
