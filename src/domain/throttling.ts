// Survey fatigue throttling: nobody (person or channel) is asked the same kind of survey more
// than once per `days` days. Over-asking teaches people to ignore the question, so the rule is
// applied before anything is posted, and the sender is told who was spared and since when.

const DAY_MS = 24 * 60 * 60 * 1000;

/** Deliveries sent at or after this instant count against a new one. */
export function throttleWindowStart(now: Date, days: number): Date {
  return new Date(now.getTime() - Math.max(0, days) * DAY_MS);
}

export type ThrottleVerdict = { ask: true } | { ask: false; lastAskedAt: Date; nextAllowedAt: Date };

/**
 * Whether someone last asked at `lastAskedAt` may be asked again at `now`. Asking is allowed
 * again exactly `days` days later; zero days turns throttling off.
 */
export function throttleVerdict(
  lastAskedAt: Date | null | undefined,
  now: Date,
  days: number,
): ThrottleVerdict {
  if (!lastAskedAt || days <= 0) return { ask: true };
  const nextAllowedAt = new Date(lastAskedAt.getTime() + days * DAY_MS);
  return nextAllowedAt.getTime() <= now.getTime()
    ? { ask: true }
    : { ask: false, lastAskedAt, nextAllowedAt };
}

export interface ThrottlePlan {
  ask: string[];
  throttled: Array<{ recipient: string; lastAskedAt: Date; nextAllowedAt: Date }>;
}

/** Splits recipients (each once, in the given order) into those to ask and those to spare. */
export function planThrottling(
  recipients: readonly string[],
  lastAsked: ReadonlyMap<string, Date>,
  now: Date,
  days: number,
): ThrottlePlan {
  const plan: ThrottlePlan = { ask: [], throttled: [] };
  for (const recipient of new Set(recipients)) {
    const verdict = throttleVerdict(lastAsked.get(recipient), now, days);
    if (verdict.ask) plan.ask.push(recipient);
    else
      plan.throttled.push({
        recipient,
        lastAskedAt: verdict.lastAskedAt,
        nextAllowedAt: verdict.nextAllowedAt,
      });
  }
  return plan;
}
