import type { IncomingMessage } from "node:http";

/** The secret of an `Authorization: Bearer <secret>` header, or null. */
export function bearerSecret(req: IncomingMessage): string | null {
  const header = req.headers.authorization;
  if (!header) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1] ?? null;
}
