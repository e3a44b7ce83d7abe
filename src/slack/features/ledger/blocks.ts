import type { KnownBlock, ModalView, PlainTextOption } from "@slack/types";
import type { Locale } from "../../../domain/locale.js";
import { formatMoney } from "../../../domain/money.js";
import type { JourneyStage } from "../../../domain/taxonomy.js";
import { localDate } from "../../../domain/time.js";
import type {
  LedgerDirection,
  LedgerField,
  LedgerProblem,
  RecordedMovement,
} from "../../../services/record-ledger-entry.js";
import { LOOKUP } from "../../kit/ids.js";
import type { LedgerMetadata } from "./form.js";
import { LEDGER_BLOCK as B, LEDGER_INPUT as I, LEDGER, LEDGER_INPUT } from "./ids.js";
import { formatDay, ledgerTexts } from "./texts.js";

// The `/cx won` / `/cx lost` modal. Pure: view model in, Block Kit out.

export interface ReasonOption {
  code: string;
  label: { en: string; es: string };
  stage: string;
}

export interface LedgerModalModel {
  direction: LedgerDirection;
  locale: Locale;
  currency: string;
  /** Active reasons of the direction, in the taxonomy's order. */
  reasons: ReasonOption[];
  /** Today (YYYY-MM-DD) in the person's time zone: the date picker's default. */
  today: string;
}

const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const cut = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

export function stageName(stage: string, locale: Locale): string {
  const names: Record<string, string> = ledgerTexts[locale].stages;
  return names[stage as JourneyStage] ?? stage;
}

export function reasonOptions(reasons: ReasonOption[], locale: Locale): PlainTextOption[] {
  // Slack allows 100 options of at most 75 characters.
  return reasons.slice(0, 100).map((r) => ({
    text: plain(cut(`${r.label[locale]} · ${stageName(r.stage, locale)}`, 75)),
    value: r.code,
  }));
}

export function ledgerModal(m: LedgerModalModel): ModalView {
  const t = ledgerTexts[m.locale];
  const metadata: LedgerMetadata = { v: 1, direction: m.direction };
  const text = (
    blockId: string,
    actionId: string,
    label: string,
    o: { optional?: boolean; max: number; hint?: string; placeholder?: string; multiline?: boolean },
  ): KnownBlock => ({
    type: "input",
    block_id: blockId,
    optional: o.optional ?? false,
    label: plain(label),
    ...(o.hint ? { hint: plain(o.hint) } : {}),
    element: {
      type: "plain_text_input",
      action_id: actionId,
      max_length: o.max,
      ...(o.multiline ? { multiline: true } : {}),
      ...(o.placeholder ? { placeholder: plain(o.placeholder) } : {}),
    },
  });
  const blocks: KnownBlock[] = [
    { type: "section", text: { type: "mrkdwn", text: t.intro[m.direction] } },
    {
      type: "input",
      block_id: B.customer,
      optional: true,
      label: plain(t.customerLabel),
      hint: plain(t.customerHint),
      element: {
        type: "external_select",
        action_id: LOOKUP.customer,
        min_query_length: 0,
        placeholder: plain(t.customerPlaceholder),
      },
    },
    { type: "context", elements: [{ type: "mrkdwn", text: t.orNewCustomer }] },
    text(B.newName, I.newName, t.newNameLabel, { optional: true, max: 300 }),
    text(B.newExternalId, I.newExternalId, t.newExternalIdLabel, {
      optional: true,
      max: 200,
      hint: t.newExternalIdHint,
    }),
    { type: "divider" },
    {
      type: "input",
      block_id: B.segment,
      optional: true,
      label: plain(t.segmentLabel),
      hint: plain(t.segmentHint),
      element: {
        type: "external_select",
        action_id: LOOKUP.segment,
        min_query_length: 0,
        placeholder: plain(t.segmentPlaceholder),
      },
    },
    text(B.newSegment, I.newSegment, t.newSegmentLabel, { optional: true, max: 100 }),
    { type: "divider" },
    text(B.value, I.value, t.valueLabel(m.direction, m.currency), {
      max: 20,
      placeholder: t.valuePlaceholder,
    }),
    {
      type: "input",
      block_id: B.reason,
      label: plain(t.reasonLabel[m.direction]),
      element: {
        type: "static_select",
        action_id: LEDGER_INPUT.reason,
        placeholder: plain(t.reasonPlaceholder),
        options: reasonOptions(m.reasons, m.locale),
      },
    },
    {
      type: "input",
      block_id: B.date,
      label: plain(t.dateLabel),
      element: { type: "datepicker", action_id: I.date, initial_date: m.today },
    },
    text(B.note, I.note, t.noteLabel, {
      optional: true,
      max: 2000,
      multiline: true,
      placeholder: t.notePlaceholder,
    }),
  ];
  return {
    type: "modal",
    callback_id: LEDGER.modal,
    private_metadata: JSON.stringify(metadata),
    title: plain(t.title[m.direction]),
    submit: plain(t.submit),
    close: plain(t.close),
    blocks,
  };
}

const FIELD_BLOCK: Record<LedgerField, string> = {
  customer: B.customer,
  newName: B.newName,
  newExternalId: B.newExternalId,
  segment: B.segment,
  value: B.value,
  reason: B.reason,
  date: B.date,
};

/** A refusal from the ledger as `response_action: "errors"` on the input it is about. */
export function refusalErrors(
  refusal: { field: LedgerField; problem: LedgerProblem },
  locale: Locale,
  timeZone: string,
  today: string,
): Record<string, string> {
  const t = ledgerTexts[locale].errors;
  const p = refusal.problem;
  const message = (() => {
    switch (p.kind) {
      case "unknown_customer":
        return t.unknownCustomer;
      case "unknown_segment":
        return t.unknownSegment;
      case "segment_required":
        return t.segmentRequired;
      case "customer_exists":
        return t.customerExists(p.name, p.externalId);
      case "future_date":
        return t.dateFuture(formatDay(today, locale));
      case "rule":
        return t.rule(p.code, p.since ? formatDay(localDate(p.since, timeZone), locale) : null);
      case "conflict":
        return t.conflict;
      case "other":
        return p.message;
    }
  })();
  return { [FIELD_BLOCK[refusal.field]]: message };
}

/** The private confirmation sent to the person who recorded the movement. */
export function ledgerConfirmation(
  m: RecordedMovement,
  reason: ReasonOption | undefined,
  locale: Locale,
  timeZone: string,
): string {
  const t = ledgerTexts[locale];
  const what =
    m.type === "reactivated"
      ? t.recorded.reactivated
      : m.type === "lost"
        ? t.recorded.lost
        : t.recorded.gained;
  return t.confirmation({
    customer: m.customerName,
    what,
    day: formatDay(m.date, locale),
    segment: m.segmentName,
    value: formatMoney(m.value, m.currency, locale),
    reason: reason ? `${reason.label[locale]} (${stageName(reason.stage, locale)})` : m.reasonCode,
    newCustomer: m.newCustomer,
    lostOn: m.lostOn ? formatDay(localDate(m.lostOn, timeZone), locale) : null,
    note: m.note,
  });
}
