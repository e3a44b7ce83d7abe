import { z } from "zod";
import type { DigestModel } from "../../../domain/digest.js";

// What the digest's "Why did this change?" buttons carry: the segment (null: the total) and the
// digest's period, so the answer explains the very numbers the button sat next to.

const ZWhy = z.object({
  s: z.uuid().nullable(),
  f: z.iso.datetime(),
  t: z.iso.datetime(),
});

export interface WhyValue {
  segmentId: string | null;
  from: Date;
  to: Date;
}

export function whyValue(segmentId: string | null, model: DigestModel): string {
  return JSON.stringify({ s: segmentId, f: model.period.from, t: model.period.to });
}

/** The button's value read back; null when it does not read (a button from another version). */
export function readWhyValue(value: string | undefined): WhyValue | null {
  try {
    const v = ZWhy.parse(JSON.parse(value ?? ""));
    return { segmentId: v.s, from: new Date(v.f), to: new Date(v.t) };
  } catch {
    return null;
  }
}
