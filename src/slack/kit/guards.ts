import type { Locale } from "../../domain/locale.js";
import type { Action } from "../../domain/permissions.js";
import { commonTexts } from "./common-texts.js";
import type { RequestContext } from "./deps.js";
import { deniedText } from "./request-context.js";

// Checks a listener makes before it does anything, as typed guards instead of copied ifs. A
// guard that fails throws a UserFacingError; the listener kit (listen.ts) answers it privately,
// in the person's language, the way that kind of request is answered.

/** A refusal meant for the person: its text in each language, nothing to log. */
export class UserFacingError extends Error {
  readonly code = "USER_FACING";
  constructor(readonly textFor: (locale: Locale) => string) {
    super(textFor("en"));
  }
}

/** The person's role does not allow the action (checked on the server, whatever buttons show). */
export class NotAllowedError extends UserFacingError {
  constructor(
    readonly ctx: RequestContext,
    readonly action: Action,
  ) {
    super(() => deniedText(ctx, action));
  }
}

/** The form or button was made before a change (its metadata no longer reads). */
export const expiredForm = () => new UserFacingError((locale) => commonTexts[locale].expired);

/** Throws unless the person may take the action. */
export function requirePermission(ctx: RequestContext, action: Action): void {
  if (!ctx.can(action)) throw new NotAllowedError(ctx, action);
}

/**
 * A failure the listener answers in its own words (`textFor`), or not at all (null: e.g. after
 * the change was made, when "not saved" would be false). Still rethrown to app.error, which logs it.
 */
export class AnsweredFailure extends Error {
  readonly code = "ANSWERED_FAILURE";
  constructor(
    readonly failure: unknown,
    readonly textFor: ((locale: Locale) => string) | null,
  ) {
    super(failure instanceof Error ? failure.message : String(failure));
  }
}

/** Runs `work`; if it fails (other than a refusal), the person is told `textFor` instead of the kit's fallback. */
export function failingWith<T>(work: Promise<T>, textFor: ((locale: Locale) => string) | null): Promise<T> {
  return work.catch((error: unknown) => {
    throw error instanceof UserFacingError || error instanceof AnsweredFailure
      ? error
      : new AnsweredFailure(error, textFor);
  });
}

/**
 * A write that did not happen (the database did not answer): the person is told it was not
 * saved, and the error (its cause) is logged. Use as `.catch(notSaved)` on the write.
 */
export class NotSavedError extends Error {
  readonly code = "NOT_SAVED";
  constructor(cause: unknown) {
    super("a write did not happen", { cause });
  }
}

export const notSaved = (cause: unknown): never => {
  throw new NotSavedError(cause);
};
