import type { IncomingMessage, ServerResponse } from "node:http";
import { API_OWNER_ROUTE, API_ROUTES, type ApiRouter } from "./api.js";

// One shape for every plain-HTTP endpoint (ingestion API, webhooks, health, metrics), so the
// composition root can mount the same list on Bolt's HTTP receiver or on the API's own server.

export interface HttpRoute {
  /**
   * The path, without the query string: exact, or with `:name` segments that match any one
   * non-empty segment (as Bolt's custom routes read them).
   */
  path: string;
  /** Every method reaches the handler, so it can answer 405 itself rather than a bare 404. */
  handle(req: IncomingMessage, res: ServerResponse): Promise<void> | void;
}

export function apiRoutes(router: ApiRouter): HttpRoute[] {
  return [...Object.keys(API_ROUTES), API_OWNER_ROUTE].map((path) => ({
    path,
    handle: async (req, res) => {
      await router(req, res);
    },
  }));
}

export function findRoute(routes: readonly HttpRoute[], url: string | undefined): HttpRoute | undefined {
  const path = (url ?? "/").split("?")[0] ?? "/";
  return routes.find((r) => r.path === path || matchesPattern(r.path, path));
}

function matchesPattern(pattern: string, path: string): boolean {
  if (!pattern.includes("/:")) return false;
  const want = pattern.split("/");
  const got = path.split("/");
  return (
    want.length === got.length && want.every((w, i) => (w.startsWith(":") ? got[i] !== "" : w === got[i]))
  );
}
