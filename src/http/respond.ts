import type { ServerResponse } from "node:http";
import type { Issue } from "./item-schemas.js";

// Every API answer is JSON; every error has the same shape: { error, issues: [{ path, message }] }.

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": String(Buffer.byteLength(text)),
    "cache-control": "no-store",
    ...headers,
  });
  res.end(text);
}

export function sendError(
  res: ServerResponse,
  status: number,
  error: string,
  issues: Issue[] = [],
  headers: Record<string, string> = {},
): void {
  sendJson(res, status, { error, issues }, headers);
}
