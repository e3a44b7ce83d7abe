import { createHmac, timingSafeEqual } from "node:crypto";

// Anonymous answers: each delivery's buttons carry a random nonce, signed so that a made-up
// nonce is refused. The nonce is never stored next to the recipient; the answer's key is
// derived from it alone, so two clicks from one DM change one answer and nothing in the
// database leads from an answer back to a person.

const NONCE = /^[A-Za-z0-9_-]{22}$/;
const SIGNATURE = /^[A-Za-z0-9_-]{22}$/;

export function isNonce(value: string): boolean {
  return NONCE.test(value);
}

/** 128-bit HMAC (base64url) over the survey and the nonce. */
export function signNonce(surveyId: string, nonce: string, secret: string): string {
  return createHmac("sha256", secret)
    .update(`rtg-anon-survey:${surveyId}:${nonce}`)
    .digest()
    .subarray(0, 16)
    .toString("base64url");
}

export function verifyNonce(surveyId: string, nonce: string, signature: string, secret: string): boolean {
  if (!NONCE.test(nonce) || !SIGNATURE.test(signature)) return false;
  const expected = Buffer.from(signNonce(surveyId, nonce, secret));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The idempotency key of an anonymous answer: nothing but the nonce. */
export const anonymousResponseKey = (nonce: string): string => `slack:anon:${nonce}`;

/** The idempotency key of a signed answer: one per person and survey. */
export const signedResponseKey = (surveyId: string, userId: string): string =>
  `slack:survey:${surveyId}:${userId}`;
