export const DIGEST = {
  /** "Why did this change?" on a segment line; value: JSON {s: segmentId|null, f: from, t: to}. */
  why: "digest_why",
} as const;
