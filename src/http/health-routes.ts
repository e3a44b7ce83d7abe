import type { HealthChecks, HealthReport } from "../services/check-health.js";
import { sendJson } from "./respond.js";
import type { HttpRoute } from "./routes.js";

// GET /healthz: the database and Slack; GET /readyz: the database alone. 200 when every check
// is ok (or skipped), 503 otherwise, with each check's status and latency in the JSON body.

export function healthRoutes(checks: HealthChecks): HttpRoute[] {
  const route = (path: string, run: () => Promise<HealthReport>): HttpRoute => ({
    path,
    handle: async (req, res) => {
      if (req.method !== "GET" && req.method !== "HEAD") {
        sendJson(res, 405, { error: `${path} takes GET.`, issues: [] }, { allow: "GET, HEAD" });
        return;
      }
      const report = await run();
      sendJson(res, report.status === "ok" ? 200 : 503, report);
    },
  });
  return [route("/healthz", () => checks.health()), route("/readyz", () => checks.ready())];
}
