import type { Locale } from "../../../../domain/locale.js";
import { MAX_COMMENT_LENGTH } from "../../../../services/answer-survey.js";
import { context, cut, type KnownBlock, type ModalView, plain, section } from "../../../kit/blocks.js";
import type { CommentFieldError } from "../form.js";
import { SURVEY, SURVEY_BLOCK, SURVEY_INPUT } from "../ids.js";
import { surveyTexts } from "../texts.js";

// "Tell us why": one text box for the comment on an answer, then a thank-you in its place.

export interface CommentModalModel {
  locale: Locale;
  score: number;
  anonymous: boolean;
  privateMetadata: string;
}

export function commentModal(m: CommentModalModel): ModalView {
  const t = surveyTexts[m.locale];
  const blocks: KnownBlock[] = [
    {
      type: "input",
      block_id: SURVEY_BLOCK.comment,
      label: plain(cut(t.whyLabel(m.score), 2000)),
      element: {
        type: "plain_text_input",
        action_id: SURVEY_INPUT.comment,
        multiline: true,
        max_length: MAX_COMMENT_LENGTH,
        placeholder: plain(t.whyPlaceholder),
      },
    },
  ];
  if (m.anonymous) blocks.push(context(t.whyAnonymousHint));
  return {
    type: "modal",
    callback_id: SURVEY.whyModal,
    private_metadata: m.privateMetadata,
    title: plain(cut(t.whyTitle, 24)),
    submit: plain(t.send),
    close: plain(t.cancel),
    blocks,
  };
}

export function commentThanks(locale: Locale): ModalView {
  const t = surveyTexts[locale];
  return {
    type: "modal",
    title: plain(cut(t.whyTitle, 24)),
    close: plain(t.ok),
    blocks: [section(t.whyThanks)],
  };
}

/** What is wrong with the comment, shown under its box. */
export function commentErrorText(errors: Partial<Record<string, CommentFieldError>>, locale: Locale): string {
  const t = surveyTexts[locale].commentErrors;
  const e = errors[SURVEY_BLOCK.comment];
  return e?.key === "tooLong" ? t.tooLong(MAX_COMMENT_LENGTH, e.length) : t.required;
}
