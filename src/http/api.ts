import type { IncomingMessage, ServerResponse } from "node:http";
import type { Database } from "../data/database.js";
import { type Metrics, processMetrics } from "../observability/metrics.js";
import { authenticateApiToken } from "../services/api-tokens.js";
import { type IngestBatch, ingestRecords } from "../services/ingest-records.js";
import { openApiRateLimiter, type RateLimiter } from "../services/rate-limits.js";
import { bearerSecret } from "./auth.js";
import { findDuplicateKey } from "./duplicate-keys.js";
import { type Issue, parseMovementsBody, parseResponsesBody } from "./item-schemas.js";
import { OWNER_PATH, ownerPathId, putCustomerOwner } from "./owner-route.js";
import { BodyTooLargeError, readBody } from "./read-body.js";
import { sendError, sendJson } from "./respond.js";

// The HTTP ingestion API: POST /api/v1/movements and /api/v1/responses. A thin adapter: token →
// rate limit → body (size-limited JSON) → the CSV schemas → the ledger's write paths. Beside them
// PUT /api/v1/customers/{externalId}/owner (owner-route.ts), with the same token, limit and body
// rules. Mounted on Bolt's HTTP receiver or on a server of its own (src/http/server.ts).

export const API_ROUTES = { "/api/v1/movements": "movements", "/api/v1/responses": "responses" } as const;
/** PUT: a customer's owner (owner-route.ts), as a route pattern. */
export const API_OWNER_ROUTE = "/api/v1/customers/:externalId/owner";

export interface ApiOptions {
  db: Database;
  maxBodyBytes: number;
  /**
   * Requests a minute per token. On PostgreSQL the count is shared by every replica on the
   * database; on the embedded database it is this router's own (services/rate-limits.ts).
   */
  rateLimitPerMinute: number;
  /** The limiter to use instead of one made from db and rateLimitPerMinute. */
  rateLimiter?: RateLimiter;
  /** Token expiry and the "not in the future" bound; the rate limit's window runs on Date.now(). */
  clock?: () => Date;
  /** Where unexpected errors are reported (the client only learns that nothing was stored). */
  logError?: (message: string, error: unknown) => void;
  /** Where items are counted (default: the process's metrics). */
  metrics?: Metrics;
}

/** Handles the request if it is the API's (path under /api/) and says whether it did. */
export type ApiRouter = (req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

const ZERO_ISSUES: Issue[] = [];

export function createApiRouter(opts: ApiOptions): ApiRouter {
  const clock = opts.clock ?? (() => new Date());
  const limiter = opts.rateLimiter ?? openApiRateLimiter(opts.db, opts.rateLimitPerMinute);
  const { recordApiItems } = opts.metrics ?? processMetrics;
  const logError = opts.logError ?? ((message, error) => console.error(message, error));

  async function handle(path: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const kind = OWNER_PATH.test(path) ? "owner" : API_ROUTES[path as keyof typeof API_ROUTES];
    if (!kind) {
      sendError(
        res,
        404,
        `No such API endpoint: ${path}. Use POST /api/v1/movements, POST /api/v1/responses or PUT /api/v1/customers/{id}/owner.`,
      );
      return;
    }
    const method = kind === "owner" ? "PUT" : "POST";
    if (req.method !== method) {
      sendError(res, 405, `${path} takes ${method}.`, ZERO_ISSUES, { allow: method });
      return;
    }
    const secret = bearerSecret(req);
    const token = secret ? await authenticateApiToken(opts.db.prisma, secret, clock()) : null;
    if (!token) {
      sendError(
        res,
        401,
        secret
          ? "Unknown or revoked API token."
          : "Send an API token: Authorization: Bearer rtg_… (an admin creates one with npm run cli -- tokens create NAME).",
        ZERO_ISSUES,
        { "www-authenticate": 'Bearer realm="righttogrow"' },
      );
      return;
    }
    const rate = await limiter.take(token.id);
    if (!rate.ok) {
      sendError(
        res,
        429,
        `Too many requests for this token: retry in ${rate.retryAfterSeconds} s.`,
        ZERO_ISSUES,
        {
          "retry-after": String(rate.retryAfterSeconds),
        },
      );
      return;
    }
    const type = req.headers["content-type"];
    if (type && !/^application\/([\w.+-]*\+)?json\b/i.test(type)) {
      sendError(res, 415, `Send JSON (Content-Type: application/json), not ${type}.`);
      return;
    }
    let body: unknown;
    let text: string;
    try {
      text = (await readBody(req, opts.maxBodyBytes)).toString("utf8");
      body = JSON.parse(text);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        // Closing the connection stops a client that is still sending the rest.
        sendError(res, 413, error.message, ZERO_ISSUES, { connection: "close" });
        return;
      }
      if (error instanceof SyntaxError) {
        sendError(res, 400, `The body is not valid JSON: ${error.message}`);
        return;
      }
      throw error;
    }
    const repeated = findDuplicateKey(text);
    if (repeated) {
      const field = repeated.at(-1);
      sendError(res, 400, `The body names the field "${field}" twice; nothing was stored.`, [
        { path: repeated, message: "is given more than once: send each field once" },
      ]);
      return;
    }
    if (kind === "owner") {
      const id = ownerPathId(path);
      if (!id?.ok) {
        sendError(
          res,
          400,
          "Bad customer id in the path; nothing was changed.",
          id ? [id.issue] : ZERO_ISSUES,
        );
        return;
      }
      const ctx = { workspaceId: token.workspaceId, actor: `api:${token.id}`, externalId: id.value };
      await putCustomerOwner(opts.db, res, ctx, body);
      return;
    }
    const key = idempotencyKeyOf(req);
    if (key && !key.ok) {
      sendError(res, 400, "Bad Idempotency-Key header; nothing was stored.", [
        { path: ["headers", "idempotency-key"], message: key.message },
      ]);
      return;
    }
    const rowContext = {
      timeZone: token.timeZone,
      reportingCurrency: token.reportingCurrency,
      recordedBy: `api:${token.id}`,
      // A day of slack for clocks and time zones; later than that has not happened yet.
      notAfter: new Date(clock().getTime() + 24 * 60 * 60 * 1000),
    };
    const parsed = parseBody(kind, body, rowContext, key?.value);
    if (!parsed.ok) {
      sendError(
        res,
        400,
        `${problems(parsed.issues.length)} in the request; nothing was stored.`,
        parsed.issues,
      );
      return;
    }
    const { batch } = parsed;
    const ctx = {
      workspaceId: token.workspaceId,
      reportingCurrency: token.reportingCurrency,
      actor: `api:${token.id}`,
    };
    const result = await ingestRecords(opts.db.prisma, ctx, batch);
    if (result.status === "refused") {
      recordApiItems(kind, "refused", batch.inputs.length);
      const issues = result.problems.map((p) => ({
        path: [...(parsed.isBatch ? ["items", p.index] : []), ...(p.column ? [p.column] : [])],
        message: p.message,
      }));
      sendError(res, 422, `${problems(issues.length)} refused by the ledger; nothing was stored.`, issues);
      return;
    }
    const inserted = result.outcomes.filter((o) => o === "inserted").length;
    recordApiItems(kind, "inserted", inserted);
    recordApiItems(kind, "duplicate", result.outcomes.length - inserted);
    sendJson(res, inserted > 0 ? 201 : 200, {
      inserted,
      duplicates: result.outcomes.length - inserted,
      items: result.outcomes.map((status, index) => {
        const item = batch.inputs[index];
        const keyed = item && item.idempotencyKey !== `api:sha256:${item.contentHash}`;
        return { index, id: keyed ? item.idempotencyKey.slice("api:".length) : null, status };
      }),
      createdSegments: result.createdSegments,
    });
  }

  return async (req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (path !== "/api" && !path.startsWith("/api/")) return false;
    try {
      await handle(path, req, res);
    } catch (error) {
      logError(`API ${req.method} ${path} failed:`, error);
      if (res.headersSent) res.end();
      else if (opts.db.isUnavailable(error))
        // The connection may have died after a commit: stored or not, the same ids make a retry safe.
        sendError(
          res,
          503,
          "The database did not answer; the items may not be stored. Retry with the same ids: nothing is stored twice.",
          ZERO_ISSUES,
          { "retry-after": "1" },
        );
      else sendError(res, 500, "Internal error; nothing was stored. Retrying with the same ids is safe.");
    }
    return true;
  };
}

function parseBody(
  kind: IngestBatch["kind"],
  body: unknown,
  ctx: Parameters<typeof parseMovementsBody>[1],
  idempotencyKey: string | undefined,
): { ok: true; batch: IngestBatch; isBatch: boolean } | { ok: false; issues: Issue[] } {
  if (kind === "movements") {
    const parsed = parseMovementsBody(body, ctx, idempotencyKey);
    return parsed.ok ? { ok: true, batch: { kind, inputs: parsed.items }, isBatch: parsed.batch } : parsed;
  }
  const parsed = parseResponsesBody(body, ctx, idempotencyKey);
  return parsed.ok ? { ok: true, batch: { kind, inputs: parsed.items }, isBatch: parsed.batch } : parsed;
}

const problems = (n: number) => (n === 1 ? "1 problem" : `${n} problems`);

function idempotencyKeyOf(
  req: IncomingMessage,
): { ok: true; value: string } | { ok: false; message: string } | null {
  const header = req.headers["idempotency-key"];
  if (header === undefined) return null;
  const value = (Array.isArray(header) ? header.join(",") : header).trim();
  if (value === "" || value.length > 200) return { ok: false, message: "must be 1 to 200 characters" };
  return { ok: true, value };
}
