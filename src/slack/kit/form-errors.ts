import type { z } from "zod";

// Turning a modal's zod issues into Slack's `response_action: "errors"` map: each problem goes
// to the input block it concerns (or to `fallback` when the block is not one of the form's),
// first problem per block wins. Zod's own shape messages are not for people, so they read as
// `unreadable`; messages from the form's own checks (`custom` issues) are kept when asked.

export function fieldErrors(
  issues: readonly z.core.$ZodIssue[],
  blockIds: Record<string, string>,
  fallback: string,
  unreadable: string,
  opts: { keepCustomMessages?: boolean } = {},
): Record<string, string> {
  const known = new Set(Object.values(blockIds));
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const blockId = String(issue.path[0] ?? fallback);
    const key = known.has(blockId) ? blockId : fallback;
    errors[key] ??= opts.keepCustomMessages && issue.code === "custom" ? issue.message : unreadable;
  }
  return errors;
}
