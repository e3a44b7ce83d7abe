// Every action_id / callback_id shared between features, written once. Feature-local ids live
// in the feature's own ids.ts.

/** External selects backed by the lookup feature (block_suggestion). */
export const LOOKUP = {
  customer: "lookup_customer",
  segment: "lookup_segment",
  /** Segments and customers in one select: values "segment:<id>" / "customer:<id>". */
  subject: "lookup_subject",
} as const;
