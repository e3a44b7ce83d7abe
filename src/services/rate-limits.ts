import type { Database } from "../data/database.js";
import { createRateLimiter, type RateDecision, type RateLimiter } from "../data/rate-limits.js";

// The HTTP API's limit per token (data/rate-limits.ts): shared by every replica on PostgreSQL,
// per process on the embedded database. The HTTP layer holds only this interface.

export type { RateDecision, RateLimiter };

/** A limiter of `perMinute` requests per key each minute, kept where the database says. */
export function openApiRateLimiter(db: Database, perMinute: number): RateLimiter {
  return createRateLimiter(db, perMinute);
}
