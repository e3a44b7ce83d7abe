import type { IncomingMessage, ServerResponse } from "node:http";
import type { Metrics, RouteGroup } from "./metrics.js";

// Wraps a server's request listener (Bolt's HTTPReceiver, or the API's own server) to count every
// request by route group and status class, and to time Slack's requests. For Slack the HTTP
// response is the ack: the clock starts when Node hands us the parsed request head and stops at
// the response's "finish" event, when its last byte has been handed to the operating system.
// Signature checks, body parsing, middleware and the listener's work before ack() all count;
// what a listener does after ack() does not, which is what Slack's 3-second limit is about.

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export function routeGroup(url: string | undefined): RouteGroup {
  const path = (url ?? "/").split("?")[0] ?? "/";
  if (path === "/slack/events") return "slack_events";
  if (path.startsWith("/slack/")) return "slack_oauth";
  if (path === "/api" || path.startsWith("/api/")) return "api";
  if (path.startsWith("/webhooks/")) return "webhooks";
  if (path === "/healthz" || path === "/readyz") return "health";
  if (path === "/metrics") return "metrics";
  return "other";
}

export function instrumentRequests(listener: Listener, metrics: Metrics): Listener {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const group = routeGroup(req.url);
    let recorded = false;
    res.once("finish", () => {
      recorded = true;
      metrics.recordHttpRequest(group, res.statusCode);
      if (group === "slack_events") metrics.observeSlackAck(Number(process.hrtime.bigint() - started) / 1e9);
    });
    res.once("close", () => {
      if (!recorded) metrics.recordHttpRequest(group, "aborted");
    });
    listener(req, res);
  };
}
