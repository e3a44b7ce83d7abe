import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Database } from "../../src/data/database.js";
import { queryStats } from "../../src/data/stats-queries.js";
import { resolveWorkspace } from "../../src/data/workspaces.js";
import type { MovementInput } from "../../src/domain/ledger-inputs.js";
import type { MovementType } from "../../src/domain/ledger-rules.js";
import { addMoney } from "../../src/domain/money.js";
import { recordMovements } from "../../src/services/record-movements.js";
import { testDatabases } from "../helpers/db.js";

// The statement behind getStats computes the active base from the customers' state now and
// corrects only those that moved since the earliest instant. This checks it against the
// definition itself (the latest movement before the instant, else the opening state, in that
// movement's segment) on a random but valid ledger: customers switching segments, several
// movements at one instant, customers already active when the ledger began, back-dated
// referrals, and windows in the past with movements after them.

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 1);
const SEGMENTS = ["SMB", "Mid Market", "Enterprise"];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Valid timelines: a random walk over the ledger rules, on a coarse grid so instants repeat. */
function randomLedger(seed: number, customers: number): { main: MovementInput[]; late: MovementInput[] } {
  const rnd = prng(seed);
  const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const main: MovementInput[] = [];
  const late: MovementInput[] = [];
  let key = 0;
  const input = (
    c: number,
    segment: string,
    type: MovementType,
    day: number,
    value: string,
  ): MovementInput => {
    key += 1;
    return {
      idempotencyKey: `test:${key}`,
      contentHash: `h${key}`,
      customerExternalId: `c${c}`,
      customerName: `Customer ${c}`,
      segment,
      type,
      occurredAt: new Date(T0 + day * DAY),
      value,
      currency: "EUR",
      reasonCode: null,
      note: null,
      source: "csv",
      recordedBy: null,
    };
  };
  for (let c = 0; c < customers; c++) {
    let segment = pick(SEGMENTS);
    // A third were already customers when the ledger began: their first movement is no gain.
    let status: "none" | "active" | "lost" = rnd() < 0.33 ? "active" : "none";
    let day = Math.floor(rnd() * 60);
    const steps = 1 + Math.floor(rnd() * 7);
    for (let s = 0; s < steps; s++) {
      if (rnd() < 0.2) segment = pick(SEGMENTS);
      const value = `${100 + Math.floor(rnd() * 900)}.${rnd() < 0.5 ? "50" : "00"}`;
      const type: MovementType =
        status === "none"
          ? pick(["gained", "gained", "referred"])
          : status === "lost"
            ? pick(["reactivated", "reactivated", "referred"])
            : pick(["expanded", "contracted", "lost", "lost", "referred"]);
      if (type === "gained" || type === "reactivated" || type === "expanded") status = "active";
      if (type === "lost") status = "lost";
      main.push(input(c, segment, type, day, value));
      // Same-instant movements now and then: the id breaks the tie.
      day += rnd() < 0.25 ? 0 : 1 + Math.floor(rnd() * 20);
    }
    if (rnd() < 0.15) late.push(input(c, pick(SEGMENTS), "referred", Math.floor(rnd() * day), "0"));
  }
  main.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
  return { main, late };
}

interface Stored {
  customerId: string;
  segmentId: string;
  occurredAt: Date;
  statusAfter: string;
  valueAfter: string;
}

/** The base by definition, customer by customer. */
function expectedBase(
  movements: Stored[],
  customers: Map<string, { openingActive: boolean; openingValue: string }>,
  at: Date,
): Map<string, { count: number; value: string }> {
  const out = new Map<string, { count: number; value: string }>();
  const byCustomer = new Map<string, Stored[]>();
  for (const m of movements) byCustomer.set(m.customerId, [...(byCustomer.get(m.customerId) ?? []), m]);
  for (const [customerId, list] of byCustomer) {
    const before = list.filter((m) => m.occurredAt < at);
    const last = before[before.length - 1];
    const opening = customers.get(customerId);
    const active = last ? last.statusAfter === "active" : Boolean(opening?.openingActive);
    if (!active) continue;
    const segment = (last ?? list[0])?.segmentId ?? "";
    const value = last ? last.valueAfter : (opening?.openingValue ?? "0");
    const sum = out.get(segment) ?? { count: 0, value: "0.00" };
    out.set(segment, { count: sum.count + 1, value: addMoney(sum.value, value) });
  }
  return out;
}

describe.each(testDatabases())("the active base in getStats' statement on $name", ({ open }) => {
  let db: Database;
  let workspaceId: string;

  beforeEach(async () => {
    db = await open();
    workspaceId = (
      await resolveWorkspace(db.prisma, { reportingCurrency: "EUR", defaultLocale: "en", timezone: "UTC" })
    ).id;
  });
  afterEach(() => db.close());

  it("equals the latest movement before each instant, for windows now and in the past", async () => {
    const { main, late } = randomLedger(20261124, 120);
    const ctx = { workspaceId, reportingCurrency: "EUR" };
    for (const batch of [main, late]) {
      const result = await db.prisma.$transaction((tx) => recordMovements(tx, ctx, batch));
      const rejected = result.outcomes.filter((o) => o.status !== "inserted");
      expect(rejected).toEqual([]);
    }
    const movements = (
      await db.prisma.customerMovement.findMany({
        where: { workspaceId },
        orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
        select: { customerId: true, segmentId: true, occurredAt: true, statusAfter: true, valueAfter: true },
      })
    ).map((m) => ({ ...m, valueAfter: m.valueAfter.toFixed(2) }));
    const customers = new Map(
      (
        await db.prisma.customer.findMany({
          where: { workspaceId },
          select: { id: true, openingActive: true, openingValue: true },
        })
      ).map((c) => [c.id, { openingActive: c.openingActive, openingValue: c.openingValue.toFixed(2) }]),
    );
    const lastDay = Math.max(...movements.map((m) => (m.occurredAt.getTime() - T0) / DAY));
    // Windows of 7 and 28 days ending at several days, on the grid (instants equal to movement
    // times) and off it, some well before the last movement.
    const windows: Array<[number, number]> = [];
    for (const length of [7, 28]) {
      for (const end of [length, 30, 45.5, 60, 80, lastDay, lastDay + 1, lastDay + 30]) {
        windows.push([end - length, end]);
      }
    }
    let checked = 0;
    for (const [fromDay, toDay] of windows) {
      const from = new Date(T0 + fromDay * DAY);
      const to = new Date(T0 + toDay * DAY);
      const previousFrom = new Date(2 * from.getTime() - to.getTime());
      const { base } = await queryStats(db.prisma, { workspaceId, previousFrom, from, to, segmentId: null });
      const instants = { previousStart: previousFrom, start: from, end: to } as const;
      for (const [instant, at] of Object.entries(instants)) {
        const got = new Map(
          base
            .filter((b) => b.instant === instant)
            .map((b) => [b.segmentId, { count: b.count, value: addMoney(b.value) }]),
        );
        const want = expectedBase(movements, customers, at);
        expect({ window: [fromDay, toDay], instant, base: Object.fromEntries(got) }).toEqual({
          window: [fromDay, toDay],
          instant,
          base: Object.fromEntries(want),
        });
        checked += want.size;
      }
    }
    expect(checked).toBeGreaterThan(50);

    // Inside a caller's transaction too (jit is turned off for the statement and put back).
    const w = {
      workspaceId,
      previousFrom: new Date(T0),
      from: new Date(T0 + 30 * DAY),
      to: new Date(T0 + 60 * DAY),
    };
    const outside = await queryStats(db.prisma, { ...w, segmentId: null });
    const inside = await db.prisma.$transaction(async (tx) => {
      const rows = await queryStats(tx, { ...w, segmentId: null });
      const [setting] = await tx.$queryRaw<Array<{ jit: string }>>`SELECT current_setting('jit') AS jit`;
      return { rows, jit: setting?.jit };
    });
    expect(inside.rows).toEqual(outside);
    expect(inside.jit).not.toBe("off");
  });
});
