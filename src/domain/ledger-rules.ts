import { Decimal } from "decimal.js";
import type { Money } from "./money.js";

export const MOVEMENT_TYPES = [
  "gained",
  "lost",
  "expanded",
  "contracted",
  "reactivated",
  "referred",
] as const;
export type MovementType = (typeof MOVEMENT_TYPES)[number];
export type CustomerStatus = "none" | "active" | "lost";

export interface TimelineEntry {
  /** Identifies the entry to the caller (idempotency key). */
  key: string;
  type: MovementType;
  occurredAt: Date;
  value: Money;
  /** Tie-breaker for entries at the same instant: stored id, or arrival order for new ones. */
  seq: number;
}

export interface ReplayedEntry extends TimelineEntry {
  statusAfter: CustomerStatus;
  valueAfter: Money;
}

export type ViolationCode =
  | "already_active"
  | "already_lost"
  | "not_lost"
  | "lost_customer_changed"
  | "regain_after_loss";

export interface Violation {
  key: string;
  code: ViolationCode;
  /** When the conflicting state began (the earlier gained/lost entry), if known. */
  since: Date | null;
  message: string;
}

export interface Replay {
  entries: ReplayedEntry[];
  openingActive: boolean;
  openingValue: Money;
  status: CustomerStatus;
  currentValue: Money;
  violations: Violation[];
}

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : "before the ledger began");

function describe(code: ViolationCode, since: Date | null): string {
  switch (code) {
    case "already_active":
      return `the customer is already active (since ${day(since)}); use expanded for more business`;
    case "already_lost":
      return `the customer was already lost on ${day(since)}; a customer cannot be lost twice without being regained`;
    case "not_lost":
      return `reactivated needs a lost customer, but the customer is active (since ${day(since)})`;
    case "lost_customer_changed":
      return `the customer was lost on ${day(since)}; record a reactivation before expanding or contracting`;
    case "regain_after_loss":
      return `the customer was lost on ${day(since)}; use reactivated for a returning customer`;
  }
}

export function byTime(a: TimelineEntry, b: TimelineEntry): number {
  return a.occurredAt.getTime() - b.occurredAt.getTime() || a.seq - b.seq;
}

/**
 * History often starts mid-way: when a customer's first movement (ignoring referrals) is a loss,
 * an expansion or a contraction, the customer was already active when the ledger began. Its
 * opening value is the least one consistent with what follows: the lost value minus the net
 * expansions before the loss, and never so low that a contraction would make it negative.
 */
function opening(sorted: TimelineEntry[]): { active: boolean; value: Decimal } {
  const first = sorted.find((e) => e.type !== "referred");
  if (!first || !["lost", "expanded", "contracted"].includes(first.type)) {
    return { active: false, value: new Decimal(0) };
  }
  let delta = new Decimal(0);
  let lowest = new Decimal(0);
  for (const e of sorted) {
    if (e.type === "expanded") delta = delta.plus(e.value);
    else if (e.type === "contracted") delta = delta.minus(e.value);
    else if (e.type === "lost") {
      return { active: true, value: Decimal.max(new Decimal(e.value).minus(delta), lowest.negated(), 0) };
    } else if (e.type !== "referred") break;
    lowest = Decimal.min(lowest, delta);
  }
  return { active: true, value: lowest.negated() };
}

interface State {
  status: CustomerStatus;
  value: Decimal;
  since: Date | null;
}

/** Applies one entry; returns the violation instead of changing the state when it is invalid. */
function step(state: State, e: TimelineEntry): ViolationCode | null {
  const v = new Decimal(e.value);
  switch (e.type) {
    case "gained":
      if (state.status === "active") return "already_active";
      if (state.status === "lost") return "regain_after_loss";
      Object.assign(state, { status: "active", value: v, since: e.occurredAt });
      return null;
    case "reactivated":
      if (state.status === "active") return "not_lost";
      Object.assign(state, { status: "active", value: v, since: e.occurredAt });
      return null;
    case "lost":
      if (state.status === "lost") return "already_lost";
      Object.assign(state, { status: "lost", value: new Decimal(0), since: e.occurredAt });
      return null;
    case "expanded":
      if (state.status === "lost") return "lost_customer_changed";
      state.value = state.value.plus(v);
      return null;
    case "contracted":
      if (state.status === "lost") return "lost_customer_changed";
      state.value = Decimal.max(state.value.minus(v), 0);
      return null;
    case "referred":
      return null;
  }
}

function run(sorted: TimelineEntry[]): Replay & { state: State } {
  const open = opening(sorted);
  const state: State = { status: open.active ? "active" : "none", value: open.value, since: null };
  const violations: Violation[] = [];
  const entries: ReplayedEntry[] = [];
  for (const e of sorted) {
    const since = state.since;
    const code = step(state, e);
    if (code) violations.push({ key: e.key, code, since, message: describe(code, since) });
    entries.push({ ...e, statusAfter: state.status, valueAfter: state.value.toFixed(2) });
  }
  return {
    entries,
    openingActive: open.active,
    openingValue: open.value.toFixed(2),
    status: state.status,
    currentValue: state.value.toFixed(2),
    violations,
    state,
  };
}

/** Replays one customer's timeline in time order, deriving its state after each entry. */
export function replayTimeline(entries: TimelineEntry[]): Replay {
  const { state: _state, ...replay } = run([...entries].sort(byTime));
  return replay;
}

/**
 * Adds candidates one by one (in arrival order) to an accepted timeline, keeping those that
 * leave it valid. A back-dated candidate that would make a later entry invalid is refused.
 * Appending after the last entry (the usual case) costs one step, not a replay.
 */
export function admitEntries(
  existing: TimelineEntry[],
  candidates: TimelineEntry[],
): { accepted: TimelineEntry[]; rejected: Violation[]; replay: Replay } {
  let sorted = [...existing].sort(byTime);
  let current = run(sorted);
  const accepted: TimelineEntry[] = [];
  const rejected: Violation[] = [];
  for (const c of candidates) {
    const last = sorted[sorted.length - 1];
    const appends = last !== undefined && byTime(c, last) > 0 && current.violations.length === 0;
    if (appends) {
      const state = { ...current.state };
      const since = state.since;
      const code = step(state, c);
      if (code) {
        rejected.push({ key: c.key, code, since, message: describe(code, since) });
        continue;
      }
      sorted.push(c);
      current.entries.push({ ...c, statusAfter: state.status, valueAfter: state.value.toFixed(2) });
      current = { ...current, state, status: state.status, currentValue: state.value.toFixed(2) };
    } else {
      const trial = [...sorted, c].sort(byTime);
      const result = run(trial);
      const known = new Set(current.violations.map((v) => v.key));
      const fresh = result.violations.find((v) => !known.has(v.key));
      if (fresh) {
        rejected.push({ ...fresh, key: c.key });
        continue;
      }
      sorted = trial;
      current = result;
    }
    accepted.push(c);
  }
  const { state: _state, ...replay } = current;
  return { accepted, rejected, replay };
}

/**
 * What appending to a timeline needs to know of it: its last instant and state after it. Only
 * for a timeline without violations whose opening is settled (it holds a gained, lost or
 * reactivated entry, after which no later entry changes the opening), so that appending never
 * changes an earlier entry. A writer of many batches keeps these instead of re-reading timelines.
 */
export interface TimelineTail {
  lastAt: number;
  status: CustomerStatus;
  value: Money;
  since: Date | null;
  openingActive: boolean;
  openingValue: Money;
}

const SETTLES_OPENING: ReadonlySet<MovementType> = new Set(["gained", "lost", "reactivated"]);

/** The tail of a replayed timeline, or null when appending to it could change earlier entries. */
export function tailOf(replay: Replay): TimelineTail | null {
  const last = replay.entries[replay.entries.length - 1];
  if (!last || replay.violations.length > 0) return null;
  if (!replay.entries.some((e) => SETTLES_OPENING.has(e.type))) return null;
  let since: Date | null = null;
  for (let i = replay.entries.length - 1; i >= 0; i--) {
    const e = replay.entries[i];
    if (e && (e.type === "gained" || e.type === "reactivated" || e.type === "lost")) {
      since = e.occurredAt;
      break;
    }
  }
  return {
    lastAt: last.occurredAt.getTime(),
    status: replay.status,
    value: replay.currentValue,
    since,
    openingActive: replay.openingActive,
    openingValue: replay.openingValue,
  };
}

/** True when every candidate, in arrival order, comes at or after the tail and the one before. */
export function appendsInOrder(tail: TimelineTail, candidates: TimelineEntry[]): boolean {
  let at = tail.lastAt;
  for (const c of candidates) {
    const t = c.occurredAt.getTime();
    if (t < at) return false;
    at = t;
  }
  return true;
}

/**
 * admitEntries for candidates that all append (appendsInOrder): the same outcome, computed from
 * the tail alone. replay.entries holds only the accepted candidates.
 */
export function appendEntries(
  tail: TimelineTail,
  candidates: TimelineEntry[],
): { accepted: TimelineEntry[]; rejected: Violation[]; replay: Replay; tail: TimelineTail } {
  const state: State = { status: tail.status, value: new Decimal(tail.value), since: tail.since };
  const accepted: TimelineEntry[] = [];
  const rejected: Violation[] = [];
  const entries: ReplayedEntry[] = [];
  let lastAt = tail.lastAt;
  for (const c of candidates) {
    const since = state.since;
    const code = step(state, c);
    if (code) {
      rejected.push({ key: c.key, code, since, message: describe(code, since) });
      continue;
    }
    accepted.push(c);
    entries.push({ ...c, statusAfter: state.status, valueAfter: state.value.toFixed(2) });
    lastAt = c.occurredAt.getTime();
  }
  const currentValue = state.value.toFixed(2);
  return {
    accepted,
    rejected,
    replay: {
      entries,
      openingActive: tail.openingActive,
      openingValue: tail.openingValue,
      status: state.status,
      currentValue,
      violations: [],
    },
    tail: { ...tail, lastAt, status: state.status, value: currentValue, since: state.since },
  };
}
