// What a leadership meeting decided about its digest, as the next digest shows it: the actions
// still open (oldest first, with their owner and how long they have been open) and what was
// closed since the previous meeting. Pure.

export type FollowUpSubjectType = "reason" | "note" | "segment";
export type FollowUpStatus = "open" | "done" | "dropped";

export interface FollowUpRow {
  id: string;
  kind: "discussed" | "action";
  subjectType: FollowUpSubjectType | null;
  subjectId: string | null;
  title: string;
  ownerSlackId: string | null;
  dueOn: Date | null;
  status: FollowUpStatus;
  createdAt: Date;
  closedAt: Date | null;
  closedBy: string | null;
}

export interface OpenAction {
  id: string;
  title: string;
  ownerSlackId: string | null;
  openDays: number;
  dueOn: string | null;
  overdue: boolean;
  subject: { type: FollowUpSubjectType; id: string } | null;
}

export interface ClosedAction {
  id: string;
  title: string;
  status: "done" | "dropped";
  closedBy: string | null;
}

export interface FollowUpsSection {
  open: OpenAction[];
  closedSince: ClosedAction[];
  /** Loss reasons and notes marked discussed since the previous meeting. */
  discussedSince: number;
}

/** The digest shows this many open actions; the rest are counted. */
export const MAX_OPEN_SHOWN = 10;

const DAY_MS = 86_400_000;

/** `since` is the previous meeting (or the start of the digest's period). */
export function followUpsSection(rows: FollowUpRow[], since: Date, now: Date): FollowUpsSection {
  const today = now.toISOString().slice(0, 10);
  const open = rows
    .filter((r) => r.kind === "action" && r.status === "open")
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
    .map((r) => {
      const dueOn = r.dueOn ? r.dueOn.toISOString().slice(0, 10) : null;
      return {
        id: r.id,
        title: r.title,
        ownerSlackId: r.ownerSlackId,
        openDays: Math.max(0, Math.floor((now.getTime() - r.createdAt.getTime()) / DAY_MS)),
        dueOn,
        overdue: dueOn !== null && dueOn < today,
        subject: r.subjectType && r.subjectId ? { type: r.subjectType, id: r.subjectId } : null,
      };
    });
  const closedSince = rows
    .filter(
      (r) =>
        r.kind === "action" &&
        r.status !== "open" &&
        r.closedAt !== null &&
        r.closedAt.getTime() >= since.getTime(),
    )
    .sort((a, b) => (a.closedAt?.getTime() ?? 0) - (b.closedAt?.getTime() ?? 0))
    .map((r) => ({ id: r.id, title: r.title, status: r.status as "done" | "dropped", closedBy: r.closedBy }));
  const discussedSince = rows.filter(
    (r) => r.kind === "discussed" && r.createdAt.getTime() >= since.getTime(),
  ).length;
  return { open, closedSince, discussedSince };
}

export function isEmpty(section: FollowUpsSection): boolean {
  return section.open.length === 0 && section.closedSince.length === 0 && section.discussedSince === 0;
}

/** What a follow-up is about: a loss reason, a note or a segment. */
export interface FollowUpSubject {
  type: FollowUpSubjectType;
  id: string;
}

export const MAX_TITLE = 300;

/** A follow-up's title as stored: one line, at most MAX_TITLE characters, never empty. */
export function clipTitle(title: string): string {
  const t = title.trim().replace(/\s+/g, " ");
  return (t.length > MAX_TITLE ? `${t.slice(0, MAX_TITLE - 1)}…` : t) || "—";
}
