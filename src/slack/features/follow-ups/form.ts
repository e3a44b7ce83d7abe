import { z } from "zod";
import type { Locale } from "../../../domain/locale.js";
import { FOLLOW_UP_BLOCK, FOLLOW_UP_INPUT } from "./ids.js";
import { followUpTexts } from "./texts.js";

// The "Open an action" form as the view submission carries it, parsed and checked.

const ZState = z.object({
  [FOLLOW_UP_BLOCK.title]: z.object({
    [FOLLOW_UP_INPUT.title]: z.object({ value: z.string().nullish() }).loose(),
  }),
  [FOLLOW_UP_BLOCK.owner]: z
    .object({ [FOLLOW_UP_INPUT.owner]: z.object({ selected_user: z.string().nullish() }).loose() })
    .optional(),
  [FOLLOW_UP_BLOCK.due]: z
    .object({ [FOLLOW_UP_INPUT.due]: z.object({ selected_date: z.string().nullish() }).loose() })
    .optional(),
});

export interface ActionForm {
  title: string;
  ownerSlackId: string | null;
  dueOn: Date | null;
}

export type FormResult = { ok: true; form: ActionForm } | { ok: false; errors: Record<string, string> };

/** `today` is YYYY-MM-DD in the workspace's time zone. */
export function parseActionForm(values: unknown, locale: Locale, today: string): FormResult | null {
  const parsed = ZState.safeParse(values);
  if (!parsed.success) return null;
  const t = followUpTexts[locale];
  const s = parsed.data;
  const title = (s[FOLLOW_UP_BLOCK.title][FOLLOW_UP_INPUT.title].value ?? "").trim();
  const owner = s[FOLLOW_UP_BLOCK.owner]?.[FOLLOW_UP_INPUT.owner].selected_user ?? null;
  const due = s[FOLLOW_UP_BLOCK.due]?.[FOLLOW_UP_INPUT.due].selected_date ?? null;
  const errors: Record<string, string> = {};
  if (title.length < 3 || title.length > 300) errors[FOLLOW_UP_BLOCK.title] = t.titleTooShort;
  if (due !== null && !/^\d{4}-\d{2}-\d{2}$/.test(due)) return null;
  if (due !== null && due < today) errors[FOLLOW_UP_BLOCK.due] = t.dueInPast;
  if (Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    form: { title, ownerSlackId: owner, dueOn: due ? new Date(`${due}T00:00:00Z`) : null },
  };
}
