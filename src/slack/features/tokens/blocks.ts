import type { Locale } from "../../../domain/locale.js";
import type { ManageTokensResult } from "../../../services/manage-api-tokens.js";
import { tokensTexts } from "./texts.js";

// `/cx tokens` answers: plain mrkdwn text, private to the admin who asked.

/** The answer to a token request; `name` is the name or prefix the admin gave. */
export function tokensAnswer(result: ManageTokensResult, name: string, locale: Locale): string {
  const t = tokensTexts[locale];
  switch (result.kind) {
    case "list":
      return result.tokens.length ? [t.header, ...result.tokens.map(t.line), "", t.usage].join("\n") : t.none;
    case "created":
      return t.created(result.token, result.secret);
    case "revoked":
      return t.revoked(result.token);
    case "refused":
      return {
        bad_name: t.badName,
        name_taken: t.nameTaken(name),
        not_found: t.notFound(name),
        ambiguous: t.ambiguous(name),
      }[result.reason];
  }
}
