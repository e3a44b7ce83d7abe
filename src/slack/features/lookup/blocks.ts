import type { Locale } from "../../../domain/locale.js";
import type { searchSubjects } from "../../../services/search-subjects.js";
import { cut, plain } from "../../kit/blocks.js";
import { lookupTexts } from "./texts.js";

// The options a searchable select offers. Values are "customer:<id>" and "segment:<id>", so one
// select can offer both (the voice-note subject) and the submission handler knows which it got.

type Found = Awaited<ReturnType<typeof searchSubjects>>;

/** Slack caps an option's text at 75 characters. */
const option = (text: string, value: string) => ({ text: plain(cut(text, 75)), value });

/** Options for the select: one list, or segments and customers in two groups when it offers both. */
export function subjectOptions(
  found: Found,
  include: { customers: boolean; segments: boolean },
  locale: Locale,
): { options: unknown[] } | { option_groups: unknown[] } {
  const t = lookupTexts[locale];
  const customers = found.customers.map((c) => option(`${c.name} · ${c.segmentName}`, `customer:${c.id}`));
  const segments = found.segments.map((s) => option(s.name, `segment:${s.id}`));
  if (!(include.customers && include.segments)) return { options: include.customers ? customers : segments };
  const groups = [
    { label: plain(t.segments), options: segments },
    { label: plain(t.customers), options: customers },
  ];
  return { option_groups: groups.filter((g) => g.options.length > 0) };
}
