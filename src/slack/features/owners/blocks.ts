import type { Locale } from "../../../domain/locale.js";
import type { CustomerOwnerChange } from "../../../services/change-customer-owner.js";
import type { CustomerOwnerLookup } from "../../../services/find-customer-owner.js";
import { ownersTexts } from "./texts.js";

// `/cx owner` answers: plain mrkdwn text, private to the person who asked.

/** The answer to `/cx owner`; `text` is the customer as the person typed it. */
export function ownerAnswer(result: CustomerOwnerLookup | CustomerOwnerChange, text: string, locale: Locale) {
  const t = ownersTexts[locale];
  switch (result.status) {
    case "none":
      return t.none(text);
    case "several":
      return t.several(
        text,
        result.customers.map((c) => t.choice(c.name, c.externalId, c.segmentName)).join("\n"),
      );
    case "found":
      return t.shown(result.customer.name, result.customer.ownerSlackUserId);
    case "unchanged":
      return t.unchanged(result.customer.name, result.customer.ownerSlackUserId);
    case "changed":
      return result.customer.ownerSlackUserId
        ? t.set(result.customer.name, result.customer.ownerSlackUserId, result.previous)
        : t.cleared(result.customer.name, result.previous);
  }
}
