// Tells "the database is not answering right now" (server down, restarting, crashed, connection
// cut) from every other failure, so a caller can say "try again shortly" instead of "internal
// error". The pg pool drops a broken connection by itself, so the next attempt gets a fresh one.

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
