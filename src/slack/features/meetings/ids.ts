// action_id / callback_id / block_id values of `/cx meetings`.

export const MEETINGS = {
  /** The add / edit modal; private_metadata says which meeting (none: a new one). */
  modal: "meetings_modal",
  /** Buttons in the list. Edit, pause, resume and remove carry the meeting id as value. */
  add: "meetings_add",
  edit: "meetings_edit",
  pause: "meetings_pause",
  resume: "meetings_resume",
  remove: "meetings_remove",
  /** The digest as it would look now (reuses `/cx digest preview`); executives may click it too. */
  preview: "meetings_preview",
} as const;

/** Input blocks of the modal: errors are reported against these. */
export const MEETING_BLOCK = {
  name: "meeting_name",
  channel: "meeting_channel",
  day: "meeting_day",
  time: "meeting_time",
  cron: "meeting_cron",
  timezone: "meeting_timezone",
  lead: "meeting_lead",
  segments: "meeting_segments",
  locale: "meeting_locale",
  period: "meeting_period",
} as const;

/** action_ids inside those blocks. */
export const MEETING_INPUT = {
  name: "name",
  channel: "channel",
  day: "day",
  time: "time",
  cron: "cron",
  timezone: "timezone",
  lead: "lead",
  segments: "segments",
  locale: "locale",
  period: "period",
} as const;
