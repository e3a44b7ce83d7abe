import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type Metrics, processMetrics } from "../observability/metrics.js";
import { instrumentRequests } from "../observability/request-metrics.js";
import type { ApiRouter } from "./api.js";
import { sendError } from "./respond.js";
import { apiRoutes, findRoute, type HttpRoute } from "./routes.js";

// The API's own HTTP server, for when Slack is not served over HTTP (Socket Mode, or no Slack).

export interface ApiServer {
  port: number;
  close(): Promise<void>;
}

/** Serves the given routes (an ApiRouter alone means the ingestion API's routes). */
export async function startApiServer(
  routesOrRouter: readonly HttpRoute[] | ApiRouter,
  port: number,
  host = "0.0.0.0",
  logError: (message: string, error: unknown) => void = (message, error) => console.error(message, error),
  /** Where requests are counted (default: the process's metrics). */
  metrics: Metrics = processMetrics,
): Promise<ApiServer> {
  const routes = typeof routesOrRouter === "function" ? apiRoutes(routesOrRouter) : routesOrRouter;
  const server: Server = createServer(
    instrumentRequests((req, res) => {
      const route = findRoute(routes, req.url);
      if (route) {
        // Through then(): a handler that throws before returning a promise is caught too.
        void Promise.resolve()
          .then(() => route.handle(req, res))
          .catch((error) => {
            logError(`Unexpected error on ${route.path}:`, error);
            if (!res.headersSent) sendError(res, 500, "Internal error: nothing was stored.");
            else res.end();
          });
        return;
      }
      sendError(res, 404, "Not found. The API is under /api/v1/.");
    }, metrics),
  );
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      }),
  };
}
