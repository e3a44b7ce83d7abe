import { describe, expect, it } from "vitest";
import { type FollowUpRow, followUpsSection, isEmpty } from "../../src/domain/follow-ups.js";
import { parseActionForm } from "../../src/slack/features/follow-ups/form.js";

const row = (over: Partial<FollowUpRow>): FollowUpRow => ({
  id: "id",
  kind: "action",
  subjectType: null,
  subjectId: null,
  title: "Do it",
  ownerSlackId: null,
  dueOn: null,
  status: "open",
  createdAt: new Date("2026-03-01T10:00:00Z"),
  closedAt: null,
  closedBy: null,
  ...over,
});

describe("followUpsSection", () => {
  const since = new Date("2026-03-20T09:00:00Z");
  const now = new Date("2026-03-27T09:00:00Z");

  it("lists open actions oldest first, with days open and overdue dates", () => {
    const s = followUpsSection(
      [
        row({
          id: "b",
          createdAt: new Date("2026-03-25T10:00:00Z"),
          dueOn: new Date("2026-04-01T00:00:00Z"),
        }),
        row({
          id: "a",
          createdAt: new Date("2026-03-10T10:00:00Z"),
          dueOn: new Date("2026-03-26T00:00:00Z"),
        }),
      ],
      since,
      now,
    );
    expect(s.open.map((a) => [a.id, a.openDays, a.overdue])).toEqual([
      ["a", 16, true],
      ["b", 1, false],
    ]);
  });

  it("counts what was closed or discussed since the previous meeting, not before", () => {
    const s = followUpsSection(
      [
        row({ id: "old", status: "done", closedAt: new Date("2026-03-19T09:00:00Z") }),
        row({ id: "new", status: "dropped", closedAt: new Date("2026-03-21T09:00:00Z") }),
        row({ id: "d1", kind: "discussed", status: "done", createdAt: new Date("2026-03-22T09:00:00Z") }),
        row({ id: "d0", kind: "discussed", status: "done", createdAt: new Date("2026-03-02T09:00:00Z") }),
      ],
      since,
      now,
    );
    expect(s.open).toEqual([]);
    expect(s.closedSince.map((c) => [c.id, c.status])).toEqual([["new", "dropped"]]);
    expect(s.discussedSince).toBe(1);
    expect(isEmpty(s)).toBe(false);
    expect(isEmpty(followUpsSection([], since, now))).toBe(true);
  });
});

describe("the Open an action form", () => {
  const values = (title: string, due: string | null, owner: string | null = "U1") => ({
    followup_title: { title: { type: "plain_text_input", value: title } },
    followup_owner: { owner: { type: "users_select", selected_user: owner } },
    followup_due: { due: { type: "datepicker", selected_date: due } },
  });

  it("accepts a title with an optional owner and due date", () => {
    expect(parseActionForm(values("  Call Acme  ", "2026-04-02"), "en", "2026-03-27")).toEqual({
      ok: true,
      form: { title: "Call Acme", ownerSlackId: "U1", dueOn: new Date("2026-04-02T00:00:00Z") },
    });
    expect(parseActionForm(values("Call Acme", null, null), "en", "2026-03-27")).toMatchObject({
      ok: true,
      form: { ownerSlackId: null, dueOn: null },
    });
  });

  it("names the field at fault, in the person's language", () => {
    expect(parseActionForm(values("no", "2026-03-01"), "es", "2026-03-27")).toEqual({
      ok: false,
      errors: {
        followup_title: "Indica qué hay que hacer, entre 3 y 300 caracteres.",
        followup_due: "La fecha límite ya ha pasado.",
      },
    });
    expect(parseActionForm({ nothing: true }, "en", "2026-03-27")).toBeNull();
  });
});
