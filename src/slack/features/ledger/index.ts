import type { App } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { isValidTimeZone, localDate } from "../../../domain/time.js";
import { listReasons } from "../../../services/list-reasons.js";
import { type LedgerDirection, recordLedgerEntry } from "../../../services/record-ledger-entry.js";
import type { Feature, RequestContext, SlackDeps } from "../../kit/deps.js";
import { expiredForm } from "../../kit/guards.js";
import { onView, subcommand } from "../../kit/listen.js";
import { ledgerConfirmation, ledgerModal, type ReasonOption, refusalErrors } from "./blocks.js";
import { parseLedgerForm, readLedgerMetadata } from "./form.js";
import { LEDGER_BLOCK as B, LEDGER } from "./ids.js";
import { ledgerTexts } from "./texts.js";

// `/cx won` and `/cx lost`: a modal that records a customer won (or won back) or lost, through
// the same ledger write path as the CSV import. Managers and above; checked again on submit.

const reasonDirection = (d: LedgerDirection) => (d === "won" ? "gained" : "lost");

/** The active reasons for the direction, and the person's time zone (their "today"). */
async function formContext(
  deps: SlackDeps,
  client: WebClient,
  ctx: RequestContext,
  direction: LedgerDirection,
) {
  const [all, person] = await Promise.all([
    listReasons(deps.db, ctx.workspace.id),
    deps.directory.person(client, ctx.userId),
  ]);
  const reasons: ReasonOption[] = all
    .filter((r) => r.active && r.direction === reasonDirection(direction))
    .map((r) => ({ code: r.code, stage: r.stage, label: { en: r.labelEn, es: r.labelEs } }));
  const tz = person.tz && isValidTimeZone(person.tz) ? person.tz : deps.config.defaultTimezone;
  return { reasons, tz, today: localDate(deps.clock(), tz) };
}

const openModal = (direction: LedgerDirection) =>
  subcommand({ allow: "ledger.write" }, async ({ ack, ctx, command, client, deps, reply }) => {
    const { reasons, today } = await formContext(deps, client, ctx, direction);
    if (reasons.length === 0) return void (await reply(ledgerTexts[ctx.locale].noReasons(direction)));
    const currency = ctx.workspace.reportingCurrency;
    const view = ledgerModal({ direction, locale: ctx.locale, currency, reasons, today });
    await ack();
    await client.views.open({ trigger_id: command.trigger_id, view });
  });

function register(app: App, deps: SlackDeps): void {
  onView(app, deps, LEDGER.modal, { allow: "ledger.write", errorBlock: B.customer }, async (a) => {
    const { ack, body, view, client, ctx } = a;
    const metadata = readLedgerMetadata(view.private_metadata);
    if (!metadata) throw expiredForm();
    const { reasons, tz, today } = await formContext(deps, client, ctx, metadata.direction);
    const reasonCodes = reasons.map((r) => r.code);
    const form = parseLedgerForm(view.state.values, { ...metadata, reasonCodes, today, locale: ctx.locale });
    if (!form.ok) return ack({ response_action: "errors", errors: form.errors });
    // Stored before the ack: an acknowledged submission is never lost.
    const result = await recordLedgerEntry(
      deps.db.prisma,
      {
        workspaceId: ctx.workspace.id,
        reportingCurrency: ctx.workspace.reportingCurrency,
        entry: form.entry,
        submissionId: view.id,
        userId: body.user.id,
        timeZone: tz,
      },
      deps.clock(),
    );
    if (result.status === "refused")
      return ack({ response_action: "errors", errors: refusalErrors(result, ctx.locale, tz, today) });
    await ack();
    // A duplicate (Slack retry, double submit) was confirmed the first time.
    if (result.status !== "recorded") return;
    const reason = reasons.find((r) => r.code === result.movement.reasonCode);
    const text = ledgerConfirmation(result.movement, reason, ctx.locale, tz);
    await client.chat.postMessage({ channel: body.user.id, text });
  });
}

const won = openModal("won");
const lost = openModal("lost");

export const ledgerFeature: Feature = {
  name: "ledger",
  register,
  subcommands: { won, gained: won, ganado: won, lost, perdido: lost },
};
