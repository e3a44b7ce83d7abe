import { writeFile } from "node:fs/promises";

// A movements CSV big enough that an import is still writing when it is killed: customers gained,
// then a third expanded and a third lost, in date order, plus rows repeated further down the file
// (an export that overlaps the previous one), which must be stored once.

export interface MovementsFile {
  path: string;
  /** Data rows in the file, repeats included. */
  rows: number;
  /** Distinct movement ids. */
  distinct: number;
  /** The idempotency key each distinct row is stored under (`csv:<id>`). */
  keys: string[];
}

const SEGMENTS = ["SMB", "Mid Market", "Enterprise"];

export async function writeMovementsFile(
  path: string,
  customers = 12_000,
  repeats = 200,
): Promise<MovementsFile> {
  const lines = ["id,occurred_at,customer_id,customer_name,segment,type,value,currency,reason,note"];
  const at = (day: number, i: number) => new Date(Date.UTC(2025, 0, 1 + day, 0, 0, i % 86_400)).toISOString();
  const row = (id: string, day: number, i: number, type: string, value: number, reason: string) =>
    `${id},${at(day, i)},cust-${i},Customer ${i},${SEGMENTS[i % 3]},${type},${value},EUR,${reason},`;
  for (let i = 0; i < customers; i++)
    lines.push(row(`g-${i}`, i % 90, i, "gained", 1000 + (i % 50) * 10, "referral"));
  for (let i = 1; i < customers; i += 3) lines.push(row(`e-${i}`, 120 + (i % 60), i, "expanded", 250, ""));
  for (let i = 0; i < customers; i += 3)
    lines.push(row(`l-${i}`, 200 + (i % 60), i, "lost", 1000 + (i % 50) * 10, "price"));
  const keys = lines.slice(1).map((line) => `csv:${line.slice(0, line.indexOf(","))}`);
  const distinct = keys.length;
  // Repeats: the same rows again (same ids), as an overlapping export would carry them.
  const step = Math.floor(distinct / repeats);
  for (let r = 0; r < repeats; r++) lines.push(lines[1 + r * step] as string);
  await writeFile(path, `${lines.join("\n")}\n`);
  return { path, rows: lines.length - 1, distinct, keys };
}
