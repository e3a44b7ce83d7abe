import { createHash, timingSafeEqual } from "node:crypto";
import { bearerSecret } from "./auth.js";
import { sendError } from "./respond.js";
import type { HttpRoute } from "./routes.js";

// GET /metrics in Prometheus text format; with a token configured (METRICS_TOKEN) only for
// requests that carry it as a bearer token.

const digest = (s: string) => createHash("sha256").update(s).digest();

export function metricsRoute(opts: {
  token?: string;
  render: () => Promise<string> | string;
  /** The registry's own (prom-client's text format 0.0.4). */
  contentType: string;
}): HttpRoute {
  const expected = opts.token ? digest(opts.token) : undefined;
  return {
    path: "/metrics",
    handle: async (req, res) => {
      if (req.method !== "GET" && req.method !== "HEAD") {
        sendError(res, 405, "/metrics takes GET.", [], { allow: "GET, HEAD" });
        return;
      }
      if (expected) {
        const given = bearerSecret(req);
        // Hashes have equal length, so the comparison takes the same time whatever was sent.
        if (!given || !timingSafeEqual(digest(given), expected)) {
          sendError(res, 401, "Send the metrics token: Authorization: Bearer <METRICS_TOKEN>.", [], {
            "www-authenticate": 'Bearer realm="metrics"',
          });
          return;
        }
      }
      const body = await opts.render();
      res.writeHead(200, {
        "content-type": opts.contentType,
        "content-length": String(Buffer.byteLength(body)),
        "cache-control": "no-store",
      });
      res.end(req.method === "HEAD" ? undefined : body);
    },
  };
}
