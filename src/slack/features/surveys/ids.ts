// action_id / callback_id / block_id values of the surveys feature.

export const SURVEY = {
  /** The "send a survey" modal opened by `/cx survey nps|csat|ces`. */
  sendModal: "survey_send_modal",
  /** Score buttons are `survey_answer_<score>` (action ids must differ within a block). */
  answerPrefix: "survey_answer_",
  answerPattern: /^survey_answer_\d{1,2}$/,
  /** "Tell us why" button and the comment modal it opens. */
  why: "survey_why",
  whyModal: "survey_why_modal",
  /** Alert buttons; their value is the alert id. */
  alertAcknowledge: "survey_alert_acknowledge",
  alertActioned: "survey_alert_actioned",
} as const;

/** Input blocks of the modals: errors are reported against these. */
export const SURVEY_BLOCK = {
  channels: "survey_channels",
  users: "survey_users",
  usergroup: "survey_usergroup",
  mode: "survey_mode",
  touchpoint: "survey_touchpoint",
  subject: "survey_subject",
  anonymous: "survey_anonymous",
  question: "survey_question",
  comment: "survey_comment",
  /** Message blocks (not inputs). */
  scoresLow: "survey_scores",
  scoresHigh: "survey_scores_high",
  whyActions: "survey_why_actions",
  alertActions: "survey_alert_actions",
} as const;

/** action_ids inside the input blocks (the subject uses the shared LOOKUP.subject). */
export const SURVEY_INPUT = {
  channels: "channels",
  users: "users",
  usergroup: "usergroup",
  mode: "mode",
  touchpoint: "touchpoint",
  anonymous: "anonymous",
  question: "question",
  comment: "comment",
} as const;
