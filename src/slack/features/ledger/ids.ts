// callback_id / block_id / action_id values of the ledger modal (`/cx won`, `/cx lost`).
// The customer and segment pickers use the shared LOOKUP selects (src/slack/ids.ts).

export const LEDGER = {
  /** The modal both commands open; private_metadata says which direction. */
  modal: "ledger_entry_modal",
} as const;

/** Input blocks of the modal: errors are reported against these. */
export const LEDGER_BLOCK = {
  customer: "ledger_customer",
  newName: "ledger_new_name",
  newExternalId: "ledger_new_external_id",
  segment: "ledger_segment",
  newSegment: "ledger_new_segment",
  value: "ledger_value",
  reason: "ledger_reason",
  date: "ledger_date",
  note: "ledger_note",
} as const;

/** action_ids inside those blocks (customer and segment use LOOKUP.customer / LOOKUP.segment). */
export const LEDGER_INPUT = {
  newName: "new_name",
  newExternalId: "new_external_id",
  newSegment: "new_segment",
  value: "value",
  reason: "reason",
  date: "date",
  note: "note",
} as const;
