// action_id / callback_id / block_id values of `/cx campaigns` and `/cx contacts`.

export const CAMPAIGNS = {
  /** The add modal; private_metadata carries the list's response_url. */
  modal: "campaigns_modal",
  /** Buttons in the list; pause, resume and remove carry the campaign id as value. */
  add: "campaigns_add",
  pause: "campaigns_pause",
  resume: "campaigns_resume",
  remove: "campaigns_remove",
  /** The contacts modal; private_metadata carries the customer id. */
  contactsModal: "contacts_modal",
} as const;

/** Input blocks of the campaign modal: errors are reported against these. */
export const CAMPAIGN_BLOCK = {
  name: "campaign_name",
  kind: "campaign_kind",
  trigger: "campaign_trigger",
  offsets: "campaign_offsets",
  every: "campaign_every",
  schedule: "campaign_schedule",
  timezone: "campaign_timezone",
  channels: "campaign_channels",
  users: "campaign_users",
  mode: "campaign_mode",
  touchpoint: "campaign_touchpoint",
  question: "campaign_question",
  anonymous: "campaign_anonymous",
} as const;

/** action_ids inside those blocks (one input per block, so one id serves them all). */
export const CAMPAIGN_INPUT = "value" as const;

export const CONTACTS_BLOCK = { users: "contacts_users" } as const;
