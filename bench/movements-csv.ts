import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { DEFAULT_REASONS, reasonDirectionFor } from "../src/domain/taxonomy.js";
import { MOVEMENT_COLUMNS } from "../src/import/csv-rows.js";
import { prng, SEGMENT_NAMES } from "./lib.js";

// A valid movements CSV of any size, written as a stream. Rows are in time order (as an export
// from a CRM or billing system would be), so every batch of the import touches customers that
// already have a stored timeline. Each customer's timeline follows the ledger rules:
//   gained → (expanded | contracted | referred)* → lost → reactivated → … → lost …
// Memory: one small record per customer (state and value), never the file.

export interface CsvStats {
  rows: number;
  bytes: number;
  customers: number;
  byType: Record<string, number>;
  ms: number;
}

const OFFSETS = [0, 60, 120, -300, 330, -180, 540, -480]; // minutes east of UTC

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

function isoWithOffset(ms: number, offsetMinutes: number): string {
  const local = new Date(ms + offsetMinutes * 60_000).toISOString().slice(0, 19);
  if (offsetMinutes === 0) return `${local}+00:00`;
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const money = (cents: number) => `${Math.floor(cents / 100)}.${pad(cents % 100)}`;

function field(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

interface CustomerState {
  n: number;
  segment: string;
  active: boolean;
  cents: number;
}

export async function writeMovementsCsv(
  file: string,
  rows: number,
  opts: { seed?: number; start?: Date; spanDays?: number } = {},
): Promise<CsvStats> {
  const started = performance.now();
  const rand = prng(opts.seed ?? 20261124);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;
  const reasons = {
    gained: DEFAULT_REASONS.filter((r) => r.direction === "gained").map((r) => r.code),
    lost: DEFAULT_REASONS.filter((r) => r.direction === "lost").map((r) => r.code),
  };
  const reasonFor = (type: string) => (rand() < 0.3 ? "" : pick(reasons[reasonDirectionFor(type)]));

  const start = (opts.start ?? new Date("2023-01-01T00:00:00Z")).getTime();
  const stepMs = Math.max(1000, Math.floor(((opts.spanDays ?? 1095) * 86_400_000) / rows));
  const customers: CustomerState[] = [];
  const byType: Record<string, number> = {};

  const out = createWriteStream(file, { encoding: "utf8", highWaterMark: 1 << 20 });
  let bytes = 0;
  let chunk = `${MOVEMENT_COLUMNS.join(",")}\n`;
  const flush = async () => {
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, "drain");
    chunk = "";
  };

  const newCustomer = (): CustomerState => {
    const c: CustomerState = {
      n: customers.length + 1,
      segment: pick(SEGMENT_NAMES),
      active: false,
      cents: 0,
    };
    customers.push(c);
    return c;
  };

  for (let i = 0; i < rows; i++) {
    let c: CustomerState | undefined = customers.length === 0 || rand() < 0.15 ? undefined : pick(customers);
    let type: string;
    let cents: number | null;
    if (c?.active) {
      const r = rand();
      if (r < 0.48) {
        type = "expanded";
        cents = 100 + Math.floor(rand() * Math.max(1, c.cents * 0.2));
        c.cents += cents;
      } else if (r < 0.78) {
        type = "contracted";
        cents = Math.min(c.cents, 100 + Math.floor(rand() * c.cents * 0.15));
        c.cents -= cents;
      } else if (r < 0.8) {
        type = "referred";
        cents = null;
      } else {
        type = "lost";
        cents = c.cents;
        c.active = false;
        c.cents = 0;
      }
    } else if (c && rand() < 0.3) {
      type = "reactivated";
      cents = 50_000 + Math.floor(rand() * 5_000_000);
      c.active = true;
      c.cents = cents;
    } else {
      c = newCustomer();
      type = "gained";
      cents = 50_000 + Math.floor(rand() * 5_000_000);
      c.active = true;
      c.cents = cents;
    }
    byType[type] = (byType[type] ?? 0) + 1;
    const at = start + i * stepMs + Math.floor(rand() * (stepMs - 1));
    const name = c.n % 50 === 0 ? `Acme, "Holdings" ${c.n}` : `Customer ${c.n}`;
    const note = rand() < 0.03 ? 'Renewal call, "multi-year" discussed' : "";
    chunk += [
      `mv-${pad(i + 1, 9)}`,
      isoWithOffset(at, OFFSETS[i % OFFSETS.length] ?? 0),
      `cus_${pad(c.n, 7)}`,
      field(name),
      field(c.segment),
      type,
      cents === null ? "" : money(cents),
      i % 11 === 0 ? "" : "EUR",
      type === "referred" ? "" : reasonFor(type),
      field(note),
    ].join(",");
    chunk += "\n";
    if (chunk.length > 1 << 16) await flush();
  }
  await flush();
  out.end();
  await once(out, "finish");
  return { rows, bytes, customers: customers.length, byType, ms: performance.now() - started };
}
