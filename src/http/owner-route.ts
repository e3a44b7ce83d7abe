import type { ServerResponse } from "node:http";
import { z } from "zod";
import type { Database } from "../data/database.js";
import { SLACK_USER_ID } from "../domain/forgetting.js";
import { changeCustomerOwner } from "../services/change-customer-owner.js";
import type { Issue } from "./item-schemas.js";
import { sendError, sendJson } from "./respond.js";

// PUT /api/v1/customers/{externalId}/owner with {"owner": "U…" | null}: who owns a customer (the
// person its survey alerts go to by DM), set or cleared by the CRM. The customer is named by its
// external id exactly, as movements and responses name it.

export const OWNER_PATH = /^\/api\/v1\/customers\/([^/]+)\/owner$/;

const ZExternalId = z
  .string()
  .trim()
  .min(1, "is empty: give the customer's id, as movements name it (customer_id)")
  .max(200, "is longer than 200 characters");

const ZOwnerBody = z.strictObject({
  owner: z
    .string({
      error: (i) =>
        i.input === undefined
          ? "is missing: send a Slack user id, or null to clear"
          : "must be a Slack user id (text) or null",
    })
    .regex(SLACK_USER_ID, "is not a Slack user id (like U0123ABCD or W0123ABCD); send null to clear")
    .nullable(),
});

/** The external id in an owner path, decoded; null when the path is not one. */
export function ownerPathId(path: string): { ok: true; value: string } | { ok: false; issue: Issue } | null {
  const raw = OWNER_PATH.exec(path)?.[1];
  if (raw === undefined) return null;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return { ok: false, issue: { path: ["path", "externalId"], message: "is not valid percent-encoding" } };
  }
  const parsed = ZExternalId.safeParse(decoded);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        issue: { path: ["path", "externalId"], message: parsed.error.issues[0]?.message ?? "is invalid" },
      };
}

export async function putCustomerOwner(
  db: Database,
  res: ServerResponse,
  ctx: { workspaceId: string; actor: string; externalId: string },
  body: unknown,
): Promise<void> {
  const parsed = ZOwnerBody.safeParse(body);
  if (!parsed.success) {
    const issues = parsed.error.issues.flatMap((i): Issue[] =>
      i.code === "unrecognized_keys"
        ? i.keys.map((key) => ({ path: [key], message: "is not a field: send only owner" }))
        : [
            {
              path: i.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
              message:
                i.path.length === 0 ? 'must be a JSON object: {"owner": "U…"} or {"owner": null}' : i.message,
            },
          ],
    );
    sendError(res, 400, "Bad owner request; nothing was changed.", issues);
    return;
  }
  const result = await changeCustomerOwner(db.prisma, {
    workspaceId: ctx.workspaceId,
    key: { externalId: ctx.externalId },
    owner: parsed.data.owner,
    actor: ctx.actor,
  });
  if (result.status === "none" || result.status === "several") {
    sendError(res, 404, `No customer has the id "${ctx.externalId}"; nothing was changed.`, [
      { path: ["path", "externalId"], message: "names no customer of this workspace" },
    ]);
    return;
  }
  const { customer } = result;
  sendJson(res, 200, {
    customer: { id: customer.externalId, name: customer.name },
    owner: customer.ownerSlackUserId,
    previous: result.previous,
    status: result.status,
  });
}
