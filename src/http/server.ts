import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ApiRouter } from "./api.js";
import { sendError, sendJson } from "./respond.js";

// The API's own HTTP server, for when Slack is not served over HTTP (Socket Mode, or no Slack).

export interface ApiServer {
  port: number;
  close(): Promise<void>;
}

export async function startApiServer(router: ApiRouter, port: number, host = "0.0.0.0"): Promise<ApiServer> {
  const server: Server = createServer((req, res) => {
    void router(req, res).then((handled) => {
      if (handled) return;
      if (req.url === "/healthz") sendJson(res, 200, { ok: true });
      else sendError(res, 404, "Not found. The API is under /api/v1/.");
    });
  });
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
