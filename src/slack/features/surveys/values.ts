import { createHash } from "node:crypto";
import { z } from "zod";
import { SCORE_RANGE } from "../../../domain/scores.js";
import type { SurveyButton } from "../../../services/answer-survey-button.js";
import { SURVEY } from "./ids.js";

// What the survey's buttons and modals carry between Slack and us. All of it came back from
// Slack, so all of it is parsed again: a forged or stale value is refused and stores nothing.

const ZKind = z.enum(["nps", "csat", "ces"]);
const ZNonce = z.string().regex(/^[A-Za-z0-9_-]{22}$/);

/** A score button: which survey, which kind, which score, DM or channel, anonymous token. */
export const ZAnswerValue = z
  .object({
    v: z.literal(1),
    s: z.uuid(),
    k: ZKind,
    n: z.number().int(),
    m: z.enum(["d", "c"]),
    t: ZNonce.optional(),
    g: ZNonce.optional(),
  })
  .strict()
  .refine((a) => a.n >= SCORE_RANGE[a.k].min && a.n <= SCORE_RANGE[a.k].max, "score out of range")
  .refine((a) => (a.t === undefined) === (a.g === undefined), "token without signature");
export type AnswerValue = z.infer<typeof ZAnswerValue>;

export const encodeValue = (v: AnswerValue): string => JSON.stringify(v);

function parseJson<T>(schema: z.ZodType<T>, raw: string | undefined | null): T | null {
  if (!raw || raw.length > 2000) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A score click: the value must agree with the button it came from. */
export function parseAnswerClick(actionId: string, raw: string | undefined): AnswerValue | null {
  const value = parseJson(ZAnswerValue, raw);
  if (!value || actionId !== `${SURVEY.answerPrefix}${value.n}`) return null;
  return value;
}

/** What the answering use case reads from a button's value. */
export const surveyButton = (v: AnswerValue): SurveyButton => ({
  surveyId: v.s,
  kind: v.k,
  score: v.n,
  dm: v.m === "d",
  token: v.t !== undefined && v.g !== undefined ? { nonce: v.t, signature: v.g } : null,
});

/** "Tell us why" carries the same value as the answer it explains (it also fills the modal). */
export const parseWhyValue = (raw: string | undefined | null): AnswerValue | null =>
  parseJson(ZAnswerValue, raw);

/** The send modal remembers which kind it is for. */
export const ZSendMetadata = z.object({ v: z.literal(1), kind: ZKind }).strict();
export type SendMetadata = z.infer<typeof ZSendMetadata>;
export const parseSendMetadata = (raw: string | undefined): SendMetadata | null =>
  parseJson(ZSendMetadata, raw);

/** A button whose value is an alert id. */
export const parseAlertId = (raw: string | undefined): string | null => z.uuid().safeParse(raw).data ?? null;

/**
 * The survey id for a send form: derived from the Slack view, so the same form submitted twice
 * (a retry, a double click on Send) creates one survey. Formatted as a UUID (version 8).
 */
export function surveyIdForView(teamId: string, viewId: string): string {
  const b = createHash("sha256").update(`rtg-survey:${teamId}:${viewId}`).digest().subarray(0, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** Key for signing anonymous nonces: a secret only this app holds. */
export function anonymousSecret(config: { slack: { signingSecret?: string; botToken?: string } }): string {
  const secret = config.slack.signingSecret ?? config.slack.botToken;
  if (!secret) throw new Error("no Slack secret to sign anonymous survey tokens with");
  return createHash("sha256").update(`rtg-anonymous-surveys:${secret}`).digest("base64url");
}
