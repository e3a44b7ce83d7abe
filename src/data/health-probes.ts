import type { PrismaClient } from "../generated/prisma/client.js";

// The database half of /healthz: the cheapest statement that proves a connection works, and how
// many workspaces have installed the app (OAuth mode, where there is no single bot token to test).

export async function pingDatabase(db: PrismaClient): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}

export function countSlackInstallations(db: PrismaClient): Promise<number> {
  return db.slackInstallation.count();
}
