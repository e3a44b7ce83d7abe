import type { App } from "@slack/bolt";
import { isValidTimeZone, localDate } from "../../../domain/time.js";
import { listReasons } from "../../../services/list-reasons.js";
import { type LedgerDirection, recordLedgerEntry } from "../../../services/record-ledger-entry.js";
import { commonTexts } from "../../kit/common-texts.js";
import type { Feature, RequestContext, SlackDeps, Subcommand } from "../../kit/deps.js";
import type { Directory } from "../../kit/directory.js";
import { deniedText, requestContext } from "../../kit/request-context.js";
import { ledgerConfirmation, ledgerModal, type ReasonOption, refusalErrors } from "./blocks.js";
import { parseLedgerForm, readLedgerMetadata } from "./form.js";
import { LEDGER_BLOCK as B, LEDGER } from "./ids.js";
import { ledgerTexts } from "./texts.js";

// `/cx won` and `/cx lost`: a modal that records a customer won (or won back) or lost, through
// the same ledger write path as the CSV import. Managers and above; checked again on submit.

type Client = Parameters<Subcommand>[0]["client"];

const reasonDirection = (d: LedgerDirection) => (d === "won" ? "gained" : "lost");

async function reasonsFor(
  deps: SlackDeps,
  workspaceId: string,
  direction: LedgerDirection,
): Promise<ReasonOption[]> {
  const all = await listReasons(deps.db, workspaceId);
  return all
    .filter((r) => r.active && r.direction === reasonDirection(direction))
    .map((r) => ({ code: r.code, stage: r.stage, label: { en: r.labelEn, es: r.labelEs } }));
}

/** The person's time zone from Slack, or DEFAULT_TIMEZONE: "today" is theirs. */
async function timeZoneOf(
  deps: SlackDeps,
  directory: Directory,
  client: Client,
  userId: string,
): Promise<string> {
  const tz = (await directory.person(client, userId)).tz;
  return tz && isValidTimeZone(tz) ? tz : deps.config.defaultTimezone;
}

const openModal =
  (direction: LedgerDirection): Subcommand =>
  async ({ ack, ctx, command, client, deps, respond }) => {
    const common = commonTexts[ctx.locale];
    if (!ctx.can("ledger.write")) {
      await ack({ response_type: "ephemeral", text: deniedText(ctx, "ledger.write") });
      return;
    }
    let view: ReturnType<typeof ledgerModal>;
    try {
      const [reasons, tz] = await Promise.all([
        reasonsFor(deps, ctx.workspace.id, direction),
        timeZoneOf(deps, deps.directory, client, ctx.userId),
      ]);
      if (reasons.length === 0) {
        await ack({ response_type: "ephemeral", text: ledgerTexts[ctx.locale].noReasons(direction) });
        return;
      }
      view = ledgerModal({
        direction,
        locale: ctx.locale,
        currency: ctx.workspace.reportingCurrency,
        reasons,
        today: localDate(deps.clock(), tz),
      });
    } catch (error) {
      await ack({ response_type: "ephemeral", text: common.somethingWrong });
      throw error;
    }
    await ack();
    try {
      await client.views.open({ trigger_id: command.trigger_id, view });
    } catch (error) {
      await respond({ response_type: "ephemeral", text: common.somethingWrong });
      throw error;
    }
  };

// Errors show as plain text under an input: no mrkdwn there.
const plainText = (s: string) => s.replace(/\*/g, "");

function register(app: App, deps: SlackDeps): void {
  app.view(LEDGER.modal, async ({ ack, body, view, client }) => {
    const userId = body.user.id;
    const errorsAck = (errors: Record<string, string>) => ack({ response_action: "errors", errors });
    let ctx: RequestContext;
    let tz: string;
    let reasons: ReasonOption[];
    const metadata = readLedgerMetadata(view.private_metadata);
    try {
      ctx = await requestContext(deps, client, body.team?.id ?? body.user.team_id ?? view.team_id, userId);
      if (!metadata) {
        await errorsAck({ [B.customer]: commonTexts[ctx.locale].expired });
        return;
      }
      if (!ctx.can("ledger.write")) {
        await errorsAck({ [B.customer]: deniedText(ctx, "ledger.write") });
        return;
      }
      [reasons, tz] = await Promise.all([
        reasonsFor(deps, ctx.workspace.id, metadata.direction),
        timeZoneOf(deps, deps.directory, client, userId),
      ]);
    } catch (error) {
      await errorsAck({ [B.customer]: plainText(commonTexts[deps.config.defaultLocale].notSaved) });
      throw error;
    }

    const now = deps.clock();
    const today = localDate(now, tz);
    const form = parseLedgerForm(view.state.values, {
      direction: metadata.direction,
      reasonCodes: reasons.map((r) => r.code),
      today,
      locale: ctx.locale,
    });
    if (!form.ok) {
      await errorsAck(form.errors);
      return;
    }

    // Stored before the ack: an acknowledged submission is never lost.
    let result: Awaited<ReturnType<typeof recordLedgerEntry>>;
    try {
      result = await recordLedgerEntry(
        deps.db.prisma,
        {
          workspaceId: ctx.workspace.id,
          reportingCurrency: ctx.workspace.reportingCurrency,
          entry: form.entry,
          submissionId: view.id,
          userId,
          timeZone: tz,
        },
        now,
      );
    } catch (error) {
      await errorsAck({ [B.customer]: plainText(commonTexts[ctx.locale].notSaved) });
      throw error;
    }
    if (result.status === "refused") {
      await errorsAck(refusalErrors(result, ctx.locale, tz, today));
      return;
    }
    await ack();
    // A duplicate (Slack retry, double submit) was confirmed the first time.
    if (result.status !== "recorded") return;
    const movement = result.movement;
    const reason = reasons.find((r) => r.code === movement.reasonCode);
    await client.chat.postMessage({
      channel: userId,
      text: ledgerConfirmation(movement, reason, ctx.locale, tz),
    });
  });
}

const won = openModal("won");
const lost = openModal("lost");

export const ledgerFeature: Feature = {
  name: "ledger",
  register,
  subcommands: { won, gained: won, ganado: won, lost, perdido: lost },
};
