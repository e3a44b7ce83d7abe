import { z } from "zod";

// What the digest's follow-up menus carry. Slack limits an option value to 150 characters, so
// the keys are one letter.

/** o: d = mark discussed, a = open an action; t/i: subject; m: meeting; p: the digest's period start. */
export const ZSubjectValue = z.object({
  o: z.enum(["d", "a"]),
  t: z.enum(["reason", "note"]),
  i: z.string().min(1).max(64),
  m: z.uuid().nullable(),
  p: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});
export type SubjectValue = z.infer<typeof ZSubjectValue>;

export const ZActionValue = z.object({ o: z.enum(["done", "drop"]), i: z.uuid() });
export type ActionValue = z.infer<typeof ZActionValue>;

/** The form remembers what the action is about (private_metadata). */
export const ZFormMetadata = z.object({
  t: z.enum(["reason", "note"]).nullable(),
  i: z.string().max(64).nullable(),
  m: z.uuid().nullable(),
});
export type FormMetadata = z.infer<typeof ZFormMetadata>;

export function parseJson<T>(schema: z.ZodType<T>, raw: string | undefined): T | null {
  if (!raw) return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export const subjectValue = (v: SubjectValue) => JSON.stringify(v);
export const actionValue = (v: ActionValue) => JSON.stringify(v);
