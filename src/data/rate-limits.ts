import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from "rate-limiter-flexible";
import type { Database } from "./database.js";

// The HTTP API's rate limit per token, from rate-limiter-flexible: `perMinute` requests in each
// minute (a fixed window per key that starts with its first request). On PostgreSQL the counts
// sit in the database (the library's own table, api_rate_limits), so every replica on that
// database shares one limit per token; on the embedded database (one process by construction)
// they sit in this process's memory.

export type RateDecision = { ok: true } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Counts one request for `key`; refuses it, with seconds until the next allowed one, past the limit. */
  take(key: string): Promise<RateDecision>;
  /** Where the counts are kept: "postgres" (shared by the replicas) or "memory" (this process). */
  readonly store: "postgres" | "memory";
}

export const RATE_LIMIT_TABLE = "api_rate_limits";
const WINDOW_SECONDS = 60;

type Limiter = RateLimiterMemory | RateLimiterPostgres;

export function createRateLimiter(db: Database, perMinute: number, keyPrefix = "api"): RateLimiter {
  const points = Math.max(1, Math.floor(perMinute));
  const opts = { points, duration: WINDOW_SECONDS, keyPrefix };
  if (db.kind !== "postgres" || !db.sidePool) {
    const memory = new RateLimiterMemory(opts);
    return { store: "memory", take: (key) => decide(memory, key) };
  }
  const pool = db.sidePool;
  let ready: Promise<Limiter> | undefined;
  // The library creates its table (CREATE TABLE IF NOT EXISTS) when constructed; until that has
  // answered it refuses to count, so the first request waits for it. A failure (the database is
  // down) is not kept: the next request tries again.
  const open = () =>
    new Promise<Limiter>((resolve, reject) => {
      const limiter: RateLimiterPostgres = new RateLimiterPostgres(
        { ...opts, storeClient: pool(), storeType: "pool", tableName: RATE_LIMIT_TABLE },
        (error?: unknown) => (error ? reject(error) : resolve(limiter)),
      );
    });
  return {
    store: "postgres",
    take: async (key) => {
      ready ??= open().catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
      return decide(await ready, key);
    },
  };
}

async function decide(limiter: Limiter, key: string): Promise<RateDecision> {
  try {
    await limiter.consume(key);
    return { ok: true };
  } catch (refusal) {
    // The library rejects with its result when over the limit, with the store's error otherwise.
    if (!(refusal instanceof RateLimiterRes)) throw refusal;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)) };
  }
}
