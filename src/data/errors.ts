// The one place that reads Prisma's and the drivers' errors (codes, kinds, SQLSTATEs, messages)
// and says what they mean to the project. Everything else asks these predicates instead of
// matching "P2002" or a driver's words itself.
//
// isDatabaseUnavailable tells "the database is not answering right now" (server down, restarting,
// crashed, connection cut) from every other failure, so a caller can say "try again shortly"
// instead of "internal error". The pg pool drops a broken connection by itself, so the next
// attempt gets a fresh one.

/** Driver adapter error kinds (@prisma/adapter-pg's convertDriverError). */
const KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
/** SQLSTATE classes 08 (connection exception) and 57P (operator intervention: shutdown, crash, starting up), 53300. */
const SQLSTATE = /^(08\d{3}|57P0[1-4]|53300)$/;
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND"]);
/** Prisma's own codes for an unreachable server, a closed connection, a pool timeout. */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1017", "P2024"]);
// The pg client says this one only in words.
const MESSAGES =
  /Connection terminated|Can't reach database server|Client has encountered a connection error/i;

const field = (value: unknown, key: string): unknown =>
  value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== "object") return false;
  const code = field(error, "code");
  const kind = field(error, "kind");
  const originalCode = field(error, "originalCode");
  if (typeof kind === "string" && KINDS.has(kind)) return true;
  for (const c of [code, originalCode]) {
    if (typeof c !== "string") continue;
    if (SQLSTATE.test(c) || SOCKET_CODES.has(c) || PRISMA_CODES.has(c)) return true;
  }
  const message = field(error, "message");
  if (typeof message === "string" && MESSAGES.test(message)) return true;
  // Prisma wraps the driver adapter's error, which wraps the driver's.
  return [field(error, "cause"), field(field(error, "meta"), "driverAdapterError")].some((inner) =>
    isDatabaseUnavailable(inner, depth + 1),
  );
}

/** Prisma's code for a unique constraint violated by a model query. */
const UNIQUE_PRISMA_CODE = "P2002";
/** The same through a raw query: the driver adapter's kind, or the SQLSTATE. */
const UNIQUE_KIND = "UniqueConstraintViolation";
const UNIQUE_SQLSTATE = "23505";

/** The write lost to a unique index (two people adding the same name at once, a re-sent form). */
export function isUniqueViolation(error: unknown, depth = 0): boolean {
  if (depth > 5 || error === null || typeof error !== "object") return false;
  const code = field(error, "code");
  if (code === UNIQUE_PRISMA_CODE || code === UNIQUE_SQLSTATE) return true;
  if (field(error, "kind") === UNIQUE_KIND || field(error, "originalCode") === UNIQUE_SQLSTATE) return true;
  return [field(error, "cause"), field(field(error, "meta"), "driverAdapterError")].some((inner) =>
    isUniqueViolation(inner, depth + 1),
  );
}
