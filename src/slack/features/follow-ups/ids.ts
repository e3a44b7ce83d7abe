export const FOLLOW_UP = {
  /** Overflow on a loss reason or a quoted note in the digest; option value: a SubjectValue. */
  subjectMenu: "followup_subject",
  /** Overflow on an open action in the digest; option value: an ActionValue. */
  actionMenu: "followup_action",
  /** The "Open an action" form. */
  modal: "followup_modal",
} as const;

export const FOLLOW_UP_BLOCK = {
  title: "followup_title",
  owner: "followup_owner",
  due: "followup_due",
} as const;

export const FOLLOW_UP_INPUT = {
  title: "title",
  owner: "owner",
  due: "due",
} as const;
