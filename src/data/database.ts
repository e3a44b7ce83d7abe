import { PGlite } from "@electric-sql/pglite";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { PrismaPGlite } from "pglite-prisma-adapter";
import type { Config } from "../config/env.js";
import { PrismaClient } from "../generated/prisma/client.js";
import { acquireDataDirLock } from "./embedded-lock.js";
import { isDatabaseUnavailable } from "./errors.js";
import { applyMigrations } from "./migrations.js";

/** For callers that hold an error but no handle (the CLI's error text): same as Database.isUnavailable. */
export { isDatabaseUnavailable } from "./errors.js";

export interface Database {
  prisma: PrismaClient;
  kind: "pglite" | "postgres";
  /** Human description without credentials, for logs and terminal output. */
  description: string;
  factory: SqlMigrationAwareDriverAdapterFactory;
  migrate(): Promise<string[]>;
  /** The error means the database is not answering right now (down, restarting, connection cut): retry later. */
  isUnavailable(error: unknown): boolean;
  /**
   * PostgreSQL only: a small pg pool beside Prisma's, from the same URL, for libraries that speak
   * pg themselves (the API's shared rate limit, data/rate-limits.ts). Opened on first use, ended
   * by close().
   */
  sidePool?: () => pg.Pool;
  close(): Promise<void>;
}

export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgresql://(unparseable URL)";
  }
}

function wrap(
  factory: SqlMigrationAwareDriverAdapterFactory,
  kind: Database["kind"],
  description: string,
  onClose: () => Promise<void>,
): Database {
  const prisma = new PrismaClient({ adapter: factory });
  return {
    prisma,
    kind,
    description,
    factory,
    migrate: () => applyMigrations(factory),
    isUnavailable: isDatabaseUnavailable,
    close: async () => {
      await prisma.$disconnect();
      await onClose();
    },
  };
}

/** Wraps an already open PGlite (tests hand in clones of a migrated template). */
export function fromPGlite(pglite: PGlite, description = "embedded PGlite (in memory)"): Database {
  return wrap(new PrismaPGlite(pglite), "pglite", description, () => pglite.close());
}

export function fromPostgresUrl(url: string): Database {
  const factory = new PrismaPg({ connectionString: url, max: 10 });
  let side: pg.Pool | undefined;
  const db = wrap(factory, "postgres", `PostgreSQL at ${redactUrl(url)}`, async () => {
    await side?.end();
    side = undefined;
  });
  db.sidePool = () => {
    if (!side) {
      side = new pg.Pool({ connectionString: url, max: 2 });
      // An idle connection cut by a restart of the server must not crash the process: the pool
      // drops it, and the next query gets a fresh one (or fails, and the caller says 503).
      side.on("error", () => {});
    }
    return side;
  };
  return db;
}

export async function openDatabase(config: Config["database"]): Promise<Database> {
  if (config.kind === "postgres") return fromPostgresUrl(config.url);
  const release = acquireDataDirLock(config.dataDir);
  try {
    const pglite = await PGlite.create(config.dataDir);
    const db = fromPGlite(pglite, `embedded PGlite in ${config.dataDir}`);
    const close = db.close;
    db.close = async () => {
      await close();
      release();
    };
    return db;
  } catch (error) {
    release();
    throw error;
  }
}
