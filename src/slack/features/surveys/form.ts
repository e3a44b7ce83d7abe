import { z } from "zod";
import type { SurveyKind } from "../../../domain/scores.js";
import { QUESTION_LENGTH, TOUCHPOINTS, type Touchpoint } from "../../../domain/survey-questions.js";
import { MAX_COMMENT_LENGTH as MAX_COMMENT } from "../../../services/answer-survey.js";
import type { SurveyDraft } from "../../../services/send-survey.js";
import { LOOKUP } from "../../kit/ids.js";
import { parseSubject, type Subject } from "../lookup/index.js";
import { SURVEY_BLOCK, SURVEY_INPUT } from "./ids.js";

// Parsing what Slack sends back from the survey modals. Each problem is reported on its own
// block, in the person's language.

export interface SendForm {
  channels: string[];
  users: string[];
  usergroup: string | null;
  mode: "channel" | "dm";
  touchpoint: Touchpoint;
  subject: Subject | null;
  anonymous: boolean;
  question: string;
}

export type SendFieldError =
  | { key: "noAudience" }
  | { key: "questionTooShort" }
  | { key: "questionTooLong"; length: number }
  | {
      key:
        | "badChannels"
        | "badUsers"
        | "badUsergroup"
        | "badMode"
        | "badTouchpoint"
        | "badSubject"
        | "badAnonymous";
    };

type BlockId = (typeof SURVEY_BLOCK)[keyof typeof SURVEY_BLOCK];
export type FormResult<T, E> = { ok: true; form: T } | { ok: false; errors: Partial<Record<BlockId, E>> };

type Values = Record<string, Record<string, unknown> | undefined>;

const ZValues = z.record(z.string(), z.record(z.string(), z.unknown()));
const ZChannels = z
  .object({ selected_conversations: z.array(z.string().regex(/^[CG][A-Z0-9]+$/)).nullish() })
  .loose();
const ZUsers = z.object({ selected_users: z.array(z.string().regex(/^[UW][A-Z0-9]+$/)).nullish() }).loose();
const ZSelected = z.object({ selected_option: z.object({ value: z.string() }).nullish() }).loose();
const ZChecks = z.object({ selected_options: z.array(z.object({ value: z.string() })).nullish() }).loose();
const ZText = z.object({ value: z.string().nullish() }).loose();

/** The state of one input: undefined when Slack sent none (the input was left empty). */
const input = (values: Values, block: string, action: string): unknown => values[block]?.[action];

/** Parses an input if present; `undefined` means it was present but malformed. */
function field<T>(schema: z.ZodType<T>, raw: unknown): T | null | undefined {
  if (raw === undefined) return null;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

export function parseSendForm(rawValues: unknown): FormResult<SendForm, SendFieldError> {
  const values: Values = ZValues.safeParse(rawValues).data ?? {};
  const errors: Partial<Record<BlockId, SendFieldError>> = {};

  const channels = field(ZChannels, input(values, SURVEY_BLOCK.channels, SURVEY_INPUT.channels));
  if (channels === undefined) errors[SURVEY_BLOCK.channels] = { key: "badChannels" };
  const users = field(ZUsers, input(values, SURVEY_BLOCK.users, SURVEY_INPUT.users));
  if (users === undefined) errors[SURVEY_BLOCK.users] = { key: "badUsers" };
  const group = field(ZSelected, input(values, SURVEY_BLOCK.usergroup, SURVEY_INPUT.usergroup));
  const usergroup = group?.selected_option?.value ?? null;
  if (group === undefined || (usergroup !== null && !/^S[A-Z0-9]+$/.test(usergroup)))
    errors[SURVEY_BLOCK.usergroup] = { key: "badUsergroup" };

  const channelIds = channels?.selected_conversations ?? [];
  const userIds = users?.selected_users ?? [];
  if (channelIds.length + userIds.length === 0 && usergroup === null && !errors[SURVEY_BLOCK.usergroup])
    errors[SURVEY_BLOCK.channels] ??= { key: "noAudience" };

  const modeRaw = field(ZSelected, input(values, SURVEY_BLOCK.mode, SURVEY_INPUT.mode));
  const mode = z.enum(["channel", "dm"]).safeParse(modeRaw?.selected_option?.value ?? "channel");
  if (modeRaw === undefined || !mode.success) errors[SURVEY_BLOCK.mode] = { key: "badMode" };

  const tpRaw = field(ZSelected, input(values, SURVEY_BLOCK.touchpoint, SURVEY_INPUT.touchpoint));
  const touchpoint = z.enum(TOUCHPOINTS).safeParse(tpRaw?.selected_option?.value);
  if (!touchpoint.success) errors[SURVEY_BLOCK.touchpoint] = { key: "badTouchpoint" };

  const subjectRaw = field(ZSelected, input(values, SURVEY_BLOCK.subject, LOOKUP.subject));
  const subjectValue = subjectRaw?.selected_option?.value ?? null;
  const subject = subjectValue === null ? null : parseSubject(subjectValue);
  if (subjectRaw === undefined || (subjectValue !== null && subject === null))
    errors[SURVEY_BLOCK.subject] = { key: "badSubject" };

  const checks = field(ZChecks, input(values, SURVEY_BLOCK.anonymous, SURVEY_INPUT.anonymous));
  const picked = checks?.selected_options?.map((o) => o.value) ?? [];
  if (checks === undefined || picked.some((v) => v !== "anonymous"))
    errors[SURVEY_BLOCK.anonymous] = { key: "badAnonymous" };

  const text = field(ZText, input(values, SURVEY_BLOCK.question, SURVEY_INPUT.question));
  const question = (text?.value ?? "").trim();
  if (question.length < QUESTION_LENGTH.min) errors[SURVEY_BLOCK.question] = { key: "questionTooShort" };
  else if (question.length > QUESTION_LENGTH.max)
    errors[SURVEY_BLOCK.question] = { key: "questionTooLong", length: question.length };

  if (Object.keys(errors).length > 0 || !touchpoint.success || !mode.success) return { ok: false, errors };
  return {
    ok: true,
    form: {
      channels: [...new Set(channelIds)],
      users: [...new Set(userIds)],
      usergroup,
      mode: mode.data,
      touchpoint: touchpoint.data,
      subject,
      anonymous: picked.includes("anonymous"),
      question,
    },
  };
}

/** The survey a valid send form describes. */
export function draftFrom(
  form: SendForm,
  meta: { id: string; workspaceId: string; kind: SurveyKind; createdBy: string },
): SurveyDraft {
  const { channels, users, usergroup, mode } = form;
  return {
    ...meta,
    question: form.question,
    touchpoint: form.touchpoint,
    anonymous: form.anonymous,
    subject: form.subject,
    audience: { channels, users, usergroup, mode },
  };
}

export type CommentFieldError = { key: "required" } | { key: "tooLong"; length: number };

export function parseCommentForm(rawValues: unknown): FormResult<{ comment: string }, CommentFieldError> {
  const values: Values = ZValues.safeParse(rawValues).data ?? {};
  const text = field(ZText, input(values, SURVEY_BLOCK.comment, SURVEY_INPUT.comment));
  const comment = (text?.value ?? "").trim();
  if (comment === "") return { ok: false, errors: { [SURVEY_BLOCK.comment]: { key: "required" } } };
  if (comment.length > MAX_COMMENT)
    return { ok: false, errors: { [SURVEY_BLOCK.comment]: { key: "tooLong", length: comment.length } } };
  return { ok: true, form: { comment } };
}
