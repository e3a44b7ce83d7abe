// The load generator of bench/ack.ts, run in a worker thread of its own: its event loop is not
// the app's, so a click's latency is the app's time to acknowledge it, not the time the client
// spent waiting for the server's thread to let it read the answer. Every request of a burst is
// started at once, each on a new connection (as from Slack's many senders), and timed from the
// moment it is written until its response has been read in full.
//
// The worker runs plain JavaScript (WORKER_SOURCE, evaluated as CommonJS): under Node 20, tsx's
// loader does not reach worker threads.

export interface ClickRequest {
  body: string;
  headers: Record<string, string>;
}

export interface BurstJob {
  port: number;
  path: string;
  requests: ClickRequest[];
}

export interface ClickResult {
  ms: number;
  status: number;
  body: string;
  error?: string;
}

export const WORKER_SOURCE = `
const { Agent, request } = require("node:http");
const { parentPort } = require("node:worker_threads");

function send(agent, port, path, r) {
  return new Promise((resolve) => {
    const started = performance.now();
    const done = (status, body, error) =>
      resolve(error ? { ms: performance.now() - started, status, body, error } : { ms: performance.now() - started, status, body });
    const req = request(
      {
        host: "127.0.0.1",
        port,
        path,
        method: "POST",
        agent,
        headers: { ...r.headers, "content-length": String(Buffer.byteLength(r.body)) },
      },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => done(res.statusCode || 0, Buffer.concat(chunks).toString("utf8")));
        res.on("error", (e) => done(res.statusCode || 0, "", e.message));
      },
    );
    req.on("error", (e) => done(0, "", e.message));
    req.end(r.body);
  });
}

parentPort.on("message", async (job) => {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const results = await Promise.all(job.requests.map((r) => send(agent, job.port, job.path, r)));
  agent.destroy();
  parentPort.postMessage(results);
});
`;
