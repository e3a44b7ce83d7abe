import type { IncomingMessage, ServerResponse } from "node:http";
import Stripe from "stripe";
import type { Database } from "../data/database.js";
import { WorkspaceChoiceError } from "../domain/errors.js";
import { type StripeEvent, ZStripeEvent } from "../domain/stripe-mapping.js";
import { recordStripeEvent, type StripeEventResult } from "../services/record-stripe-event.js";
import { findDuplicateKey } from "./duplicate-keys.js";
import { BodyTooLargeError, readBody } from "./read-body.js";
import { sendError, sendJson } from "./respond.js";
import type { HttpRoute } from "./routes.js";
import { findUnstorableText } from "./unstorable-text.js";

// POST /webhooks/stripe: Stripe's signature is checked on the exact body (with the official
// package) before it is parsed, then the event is recorded once per event id. Every answer that
// is not 2xx stored nothing, and Stripe retries it for up to three days.

export const STRIPE_WEBHOOK_PATH = "/webhooks/stripe";

export interface StripeWebhookOptions {
  db: Database;
  /** The endpoint's signing secret (whsec_…), from the Stripe dashboard or `stripe listen`. */
  webhookSecret: string;
  maxBodyBytes: number;
  /** The segment of customers whose subscription metadata names none. */
  defaultSegment: string;
  /** The workspace whose ledger the Stripe account feeds (looked up per event, so it may appear later). */
  workspace: () => Promise<{ id: string; reportingCurrency: string }>;
  /** How old a signature may be before it is taken for a replay; Stripe's default is 300 s. */
  toleranceSeconds?: number;
  /** One line per event handled or refused. */
  log?: (line: string) => void;
  logError?: (message: string, error: unknown) => void;
}

// fatal: a byte sequence that is not UTF-8 is refused rather than read as U+FFFD.
const UTF8 = new TextDecoder("utf-8", { fatal: true });

const STATUS: Record<Exclude<StripeEventResult["status"], "handled" | "duplicate">, number> = {
  invalid: 400,
  unsupported: 422,
  conflict: 409,
};

export function createStripeWebhookRoute(opts: StripeWebhookOptions): HttpRoute {
  const log = opts.log ?? ((line) => console.log(line));
  const logError = opts.logError ?? ((message, error) => console.error(message, error));

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== "POST") {
      sendError(res, 405, `${STRIPE_WEBHOOK_PATH} takes POST (Stripe event deliveries).`, [], {
        allow: "POST",
      });
      return;
    }
    let raw: Buffer;
    try {
      raw = await readBody(req, opts.maxBodyBytes);
    } catch (error) {
      if (error instanceof BodyTooLargeError) {
        sendError(res, 413, `The body is larger than ${opts.maxBodyBytes} bytes; nothing was stored.`, [], {
          connection: "close",
        });
        return;
      }
      throw error;
    }
    const header = req.headers["stripe-signature"];
    if (typeof header !== "string" || header.trim() === "") {
      sendError(res, 400, "Missing Stripe-Signature header; nothing was stored.", [
        { path: ["headers", "stripe-signature"], message: "is required" },
      ]);
      return;
    }
    if (raw.length === 0) {
      // Stripe's verifier would call this a signature mismatch, which sends one looking elsewhere.
      sendError(res, 400, "The body is empty: Stripe sends each event as JSON; nothing was stored.");
      return;
    }
    let text: string;
    try {
      text = UTF8.decode(raw);
    } catch {
      sendError(res, 400, "The body is not valid UTF-8; nothing was stored.");
      return;
    }
    let verified: unknown;
    try {
      verified = Stripe.webhooks.constructEvent(text, header, opts.webhookSecret, opts.toleranceSeconds);
    } catch (error) {
      if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
        const replay = /tolerance/i.test(error.message);
        log(`stripe: refused a delivery with ${replay ? "an expired" : "a bad"} signature`);
        sendError(
          res,
          400,
          replay
            ? "The Stripe-Signature timestamp is too old (a replayed or delayed delivery); nothing was stored."
            : "The Stripe-Signature does not match this endpoint's signing secret; nothing was stored.",
          [{ path: ["headers", "stripe-signature"], message: replay ? "expired" : "does not match" }],
        );
        return;
      }
      if (error instanceof SyntaxError) {
        sendError(res, 400, `The body is not valid JSON: ${error.message}; nothing was stored.`);
        return;
      }
      throw error;
    }
    // JSON.parse keeps the last of two equal keys; Stripe never sends them, so such a body is refused.
    const repeated = findDuplicateKey(text);
    if (repeated) {
      sendError(res, 400, `The body names the field "${repeated.at(-1)}" twice; nothing was stored.`, [
        { path: repeated.map(String), message: "is given more than once" },
      ]);
      return;
    }
    const unstorable = findUnstorableText(verified);
    if (unstorable) {
      sendError(res, 400, `${unstorable.path.join(".")} ${unstorable.message}; nothing was stored.`, [
        unstorable,
      ]);
      return;
    }
    const parsed = ZStripeEvent.safeParse(verified);
    if (!parsed.success) {
      sendError(
        res,
        400,
        "The body is not a Stripe event; nothing was stored.",
        parsed.error.issues.map((i) => ({ path: i.path.map(String), message: i.message })),
      );
      return;
    }
    await respond(res, parsed.data);
  }

  async function respond(res: ServerResponse, event: StripeEvent): Promise<void> {
    let workspace: { id: string; reportingCurrency: string };
    try {
      workspace = await opts.workspace();
    } catch (error) {
      // A configuration problem (several workspaces and no STRIPE_SLACK_TEAM_ID): say which, so
      // the failed deliveries in Stripe's dashboard explain themselves.
      if (!(error instanceof WorkspaceChoiceError)) throw error;
      log(`stripe: ${event.id} ${event.type} → not recorded: ${error.message}`);
      sendError(
        res,
        500,
        `No workspace to record Stripe events in: ${error.message} Set STRIPE_SLACK_TEAM_ID; nothing was stored.`,
      );
      return;
    }
    const result = await recordStripeEvent(
      opts.db.prisma,
      {
        workspaceId: workspace.id,
        reportingCurrency: workspace.reportingCurrency,
        defaultSegment: opts.defaultSegment,
      },
      event,
    );
    const what = `stripe: ${event.id} ${event.type}`;
    switch (result.status) {
      case "handled":
        log(`${what} → ${result.outcome}: ${result.detail}`);
        sendJson(res, 200, {
          received: true,
          duplicate: false,
          eventId: event.id,
          outcome: result.outcome,
          detail: result.detail,
          ...(result.movement ? { movement: result.movement } : {}),
        });
        return;
      case "duplicate":
        log(`${what} → duplicate (already ${result.outcome})`);
        sendJson(res, 200, { received: true, duplicate: true, eventId: event.id, outcome: result.outcome });
        return;
      default: {
        const status = STATUS[result.status];
        const retry =
          result.status === "conflict"
            ? " Stripe retries this delivery, which succeeds once the events it depends on have arrived."
            : "";
        log(`${what} → refused (${status}): ${result.message}`);
        sendError(res, status, `Event ${event.id} was not recorded: ${result.message}.${retry}`, [
          { path: ["data", "object"], message: result.message },
        ]);
      }
    }
  }

  return {
    path: STRIPE_WEBHOOK_PATH,
    handle: async (req, res) => {
      try {
        await handle(req, res);
      } catch (error) {
        logError(`Stripe webhook ${req.method} ${STRIPE_WEBHOOK_PATH} failed:`, error);
        if (!res.headersSent) sendError(res, 500, "Internal error; nothing was stored. Stripe will retry.");
        else res.end();
      }
    },
  };
}
