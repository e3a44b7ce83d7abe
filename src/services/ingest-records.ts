import { recordAuditEvent } from "../data/audit.js";
import type { PrismaClient } from "../data/client.js";
import { findExistingMovementKeys } from "../data/ledger.js";
import { findExistingResponseKeys } from "../data/responses.js";
import type { MovementInput, ResponseInput } from "../domain/ledger-inputs.js";
import { type RecordResult, recordMovements } from "./record-movements.js";
import { recordResponses } from "./record-responses.js";

// Records what an API client sent, all or nothing: one transaction through the same write paths
// as the CSV import; if any item is refused (ledger rules, unknown reason, another currency, an
// id reused with other content) nothing is stored and every refusal is reported.

export type IngestKind = "movements" | "responses";

export interface IngestContext {
  workspaceId: string;
  reportingCurrency: string;
  /** Who wrote it, for the audit trail: "api:<token id>". */
  actor: string;
}

export interface ItemProblem {
  index: number;
  column: string;
  message: string;
}

export type IngestBatch =
  | { kind: "movements"; inputs: MovementInput[] }
  | { kind: "responses"; inputs: ResponseInput[] };

export type IngestResult =
  | { status: "recorded"; outcomes: Array<"inserted" | "duplicate">; createdSegments: string[] }
  | { status: "refused"; problems: ItemProblem[] };

class Refused extends Error {
  constructor(readonly problems: ItemProblem[]) {
    super("refused");
  }
}

export async function ingestRecords(
  db: PrismaClient,
  ctx: IngestContext,
  batch: IngestBatch,
): Promise<IngestResult> {
  const attempt = () =>
    db.$transaction(
      async (tx) => {
        const result: RecordResult =
          batch.kind === "movements"
            ? await recordMovements(
                tx,
                { workspaceId: ctx.workspaceId, reportingCurrency: ctx.reportingCurrency },
                batch.inputs,
              )
            : await recordResponses(tx, { workspaceId: ctx.workspaceId }, batch.inputs);
        const problems: ItemProblem[] = [];
        const outcomes: Array<"inserted" | "duplicate"> = [];
        result.outcomes.forEach((o, index) => {
          if (o.status === "rejected") problems.push({ index, column: o.column, message: o.message });
          else outcomes.push(o.status);
        });
        if (problems.length > 0) throw new Refused(problems);
        const inserted = outcomes.filter((o) => o === "inserted").length;
        if (inserted > 0) {
          await recordAuditEvent(tx, {
            workspaceId: ctx.workspaceId,
            actor: ctx.actor,
            action: `api.${batch.kind}.recorded`,
            subjectType: batch.kind === "movements" ? "customer_movement" : "survey_response",
            data: {
              inserted,
              duplicates: outcomes.length - inserted,
              // Enough to find the rows again; a batch holds at most a thousand.
              idempotencyKeys: batch.inputs
                .filter((_, i) => outcomes[i] === "inserted")
                .map((r) => r.idempotencyKey),
              createdSegments: result.createdSegments,
            },
          });
        }
        return { status: "recorded" as const, outcomes, createdSegments: result.createdSegments };
      },
      { maxWait: 10_000, timeout: 60_000 },
    );
  // A concurrent request with the same items can win the race in two ways: this one fails on a
  // unique index, or (having checked the keys before waiting on the winner's customer locks) it
  // sees the winner's rows as ledger conflicts. Either way one more attempt finds them stored and
  // answers "duplicate".
  const wonByAnother = async (problems: ItemProblem[]): Promise<boolean> => {
    const refused = problems.flatMap((p) => {
      const item = batch.inputs[p.index];
      return item ? [item] : [];
    });
    const keys = refused.map((r) => r.idempotencyKey);
    const stored =
      batch.kind === "movements"
        ? await findExistingMovementKeys(db, ctx.workspaceId, keys)
        : await findExistingResponseKeys(db, ctx.workspaceId, keys);
    return refused.some((r) => stored.get(r.idempotencyKey) === r.contentHash);
  };
  try {
    try {
      return await attempt();
    } catch (error) {
      if (error instanceof Refused && !(await wonByAnother(error.problems))) throw error;
      return await attempt();
    }
  } catch (error) {
    if (error instanceof Refused) return { status: "refused", problems: error.problems };
    throw error;
  }
}
