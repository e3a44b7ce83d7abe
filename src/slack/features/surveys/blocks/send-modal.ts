import type { Locale } from "../../../../domain/locale.js";
import type { SurveyKind } from "../../../../domain/scores.js";
import { QUESTION_LENGTH, TOUCHPOINTS, type Touchpoint } from "../../../../domain/survey-questions.js";
import { context, cut, type KnownBlock, type ModalView, plain, section } from "../../../kit/blocks.js";
import { LOOKUP } from "../../../kit/ids.js";
import type { SendFieldError } from "../form.js";
import { SURVEY, SURVEY_BLOCK, SURVEY_INPUT } from "../ids.js";
import { type SurveyTexts, surveyTexts } from "../texts.js";

// The "send a survey" modal: audience, how channels are asked, moment of truth, subject,
// anonymity and the question (prefilled in the sender's language).

export interface SendModalModel {
  kind: SurveyKind;
  locale: Locale;
  question: string;
  touchpoint: Touchpoint;
  /** User groups to offer (Slack allows 100 options). */
  usergroups: Array<{ id: string; handle: string; name: string }>;
  privateMetadata: string;
}

export function sendModal(m: SendModalModel): ModalView {
  const t = surveyTexts[m.locale];
  const option = (value: string, text: string) => ({ value, text: plain(cut(text, 75)) });
  const blocks: KnownBlock[] = [
    section(t.intro[m.kind]),
    context(t.audienceHint),
    {
      type: "input",
      block_id: SURVEY_BLOCK.channels,
      optional: true,
      label: plain(t.channelsLabel),
      element: {
        type: "multi_conversations_select",
        action_id: SURVEY_INPUT.channels,
        placeholder: plain(t.channelsPlaceholder),
        filter: { include: ["public", "private"], exclude_bot_users: true },
      },
    },
    {
      type: "input",
      block_id: SURVEY_BLOCK.mode,
      optional: true,
      label: plain(t.modeLabel),
      hint: plain(t.modeHint),
      element: {
        type: "radio_buttons",
        action_id: SURVEY_INPUT.mode,
        initial_option: option("channel", t.modes.channel),
        options: [option("channel", t.modes.channel), option("dm", t.modes.dm)],
      },
    },
    {
      type: "input",
      block_id: SURVEY_BLOCK.users,
      optional: true,
      label: plain(t.usersLabel),
      element: {
        type: "multi_users_select",
        action_id: SURVEY_INPUT.users,
        placeholder: plain(t.usersPlaceholder),
      },
    },
  ];
  if (m.usergroups.length > 0) {
    blocks.push({
      type: "input",
      block_id: SURVEY_BLOCK.usergroup,
      optional: true,
      label: plain(t.usergroupLabel),
      element: {
        type: "static_select",
        action_id: SURVEY_INPUT.usergroup,
        placeholder: plain(t.usergroupPlaceholder),
        options: m.usergroups.slice(0, 100).map((g) => option(g.id, `@${g.handle} — ${g.name}`)),
      },
    });
  }
  blocks.push(
    {
      type: "input",
      block_id: SURVEY_BLOCK.touchpoint,
      label: plain(t.touchpointLabel),
      element: {
        type: "static_select",
        action_id: SURVEY_INPUT.touchpoint,
        initial_option: option(m.touchpoint, t.touchpoints[m.touchpoint]),
        options: TOUCHPOINTS.map((tp) => option(tp, t.touchpoints[tp])),
      },
    },
    {
      type: "input",
      block_id: SURVEY_BLOCK.subject,
      optional: true,
      label: plain(t.subjectLabel),
      hint: plain(t.subjectHint),
      element: {
        type: "external_select",
        action_id: LOOKUP.subject,
        placeholder: plain(t.subjectPlaceholder),
        min_query_length: 0,
      },
    },
    {
      type: "input",
      block_id: SURVEY_BLOCK.anonymous,
      optional: true,
      label: plain(t.anonymousLabel),
      hint: plain(t.anonymousHint),
      element: {
        type: "checkboxes",
        action_id: SURVEY_INPUT.anonymous,
        options: [option("anonymous", t.anonymousOption)],
      },
    },
    {
      type: "input",
      block_id: SURVEY_BLOCK.question,
      label: plain(t.questionLabel),
      element: {
        type: "plain_text_input",
        action_id: SURVEY_INPUT.question,
        initial_value: m.question,
        min_length: QUESTION_LENGTH.min,
        max_length: QUESTION_LENGTH.max,
      },
    },
  );
  return {
    type: "modal",
    callback_id: SURVEY.sendModal,
    private_metadata: m.privateMetadata,
    title: plain(cut(t.modalTitle(m.kind), 24)),
    submit: plain(t.send),
    close: plain(t.cancel),
    blocks,
  };
}

function errorText(t: SurveyTexts, e: SendFieldError): string {
  switch (e.key) {
    case "questionTooShort":
      return t.errors.questionTooShort(QUESTION_LENGTH.min);
    case "questionTooLong":
      return t.errors.questionTooLong(QUESTION_LENGTH.max, e.length);
    default:
      return t.errors[e.key];
  }
}

/** The form's problems as `response_action: "errors"`, each under its input. */
export function sendFormErrors(
  errors: Partial<Record<string, SendFieldError>>,
  locale: Locale,
): Record<string, string> {
  const t = surveyTexts[locale];
  return Object.fromEntries(
    Object.entries(errors).map(([block, e]) => [block, errorText(t, e as SendFieldError)]),
  );
}
