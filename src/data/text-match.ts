// Typed text as text. Prisma turns `contains` into LIKE '%…%' and a case-insensitive `equals`
// into ILIKE, neither escaping LIKE's wildcards: a "%" typed into a picker matched every row, and
// a new customer named "c_1" was taken for the existing "c-1". Every text filter goes through here.

/**
 * The text with LIKE's wildcards and escape character escaped, trimmed. Null when nothing can
 * match: stored text never holds U+0000 (PostgreSQL refuses it), and such a query would fail in
 * the database instead.
 */
export function likeLiteral(text: string): string | null {
  const q = text.trim();
  if (q.includes("\u0000")) return null;
  return escapeLike(q);
}

/** The text as it is (no trimming) with LIKE's wildcards and escape character escaped. */
export const escapeLike = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Equal to the text, ignoring case (the text already passed through likeLiteral). */
export const sameText = (literal: string) => ({ equals: literal, mode: "insensitive" as const });

/** Contains the text, ignoring case (the text already passed through likeLiteral). */
export const containsText = (literal: string) => ({ contains: literal, mode: "insensitive" as const });

/** Starts with the text, case-sensitive (escaped here). */
export const startsWithText = (text: string) => ({ startsWith: escapeLike(text) });

/** Equal to this name, ignoring case: the duplicate-name checks. */
export const sameName = (name: string) => sameText(escapeLike(name));
