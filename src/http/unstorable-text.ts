// PostgreSQL cannot store U+0000 in text (the insert fails: a 500), and a lone surrogate from a
// JSON "\ud800" escape is written as U+FFFD (the text silently changes). A parsed JSON body with
// either is refused up front, naming where.

const LONE_SURROGATE = /\p{Surrogate}/u;

/** The path of the first string (key or value) that cannot be stored as sent, and why; or null. */
export function findUnstorableText(
  value: unknown,
  path: string[] = [],
): { path: string[]; message: string } | null {
  const check = (s: string, at: string[]) => {
    if (s.includes("\u0000")) return { path: at, message: "contains a NUL character" };
    if (LONE_SURROGATE.test(s)) return { path: at, message: "is not valid UTF-8 (a lone surrogate)" };
    return null;
  };
  if (typeof value === "string") return check(value, path);
  if (typeof value !== "object" || value === null) return null;
  for (const [key, child] of Object.entries(value)) {
    const at = [...path, key];
    const found = check(key, at) ?? findUnstorableText(child, at);
    if (found) return found;
  }
  return null;
}
