import { parseInstant, zonedTimeToUtc } from "../../domain/time.js";

// Amounts and dates as CRM and survey exports write them, turned into the canonical text the
// row schemas read ("1200.50", "2026-03-15", an ISO 8601 instant). Anything ambiguous is refused
// with a message rather than guessed: a wrong date or amount would silently bend the trends.

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

export type DateOrder = "dmy" | "mdy";

const PLAIN = /^\d+(?:[.,]\d{1,2})?$/;
const COMMA_GROUPS = /^\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?$/;
const DOT_GROUPS = /^\d{1,3}(?:\.\d{3})+(?:,\d{1,2})?$/;

/**
 * "1200", "1200.5", "1200,50", "1,200.50", "1.200,50", optionally with a three-letter currency
 * code before or after ("EUR 1,200.00", as Salesforce writes amounts in multi-currency orgs).
 * Grouped thousands are read when the grouping is certain ("1,200.50", "1.200.000"); a lone
 * "1,200" or "1.200" could be 1200 or 1.2 depending on the exporter's locale, so it is refused.
 */
/** Which character an amount used for decimals (or, grouped without decimals, did not): null when it shows neither. */
export type AmountStyle = "point" | "comma" | null;

export function parseAmount(
  text: string,
): Parsed<{ value: string; currency: string | null; style: AmountStyle }> {
  let t = text.trim().replace(/\u00a0/g, " ");
  let currency: string | null = null;
  const coded = /^([A-Za-z]{3})\s*(.+)$/.exec(t) ?? /^(.+?)\s*([A-Za-z]{3})$/.exec(t);
  if (coded) {
    const [a = "", b = ""] = [coded[1], coded[2]];
    const codeFirst = /^[A-Za-z]{3}$/.test(a);
    currency = (codeFirst ? a : b).toUpperCase();
    t = (codeFirst ? b : a).trim();
  }
  if (/[$€£¥]/.test(t))
    return { ok: false, message: `"${text}" has a currency symbol: export amounts as plain numbers` };
  if (t.startsWith("-")) return { ok: false, message: `"${text}" is negative` };
  if (/^\d{1,3}[.,]\d{3}$/.test(t))
    return {
      ok: false,
      message: `"${text}" could be thousands or decimals: export it with two decimals (1,200.00) or no grouping (1200)`,
    };
  let normal: string;
  let style: AmountStyle = null;
  if (COMMA_GROUPS.test(t)) [normal, style] = [t.replace(/,/g, ""), "point"];
  else if (DOT_GROUPS.test(t)) [normal, style] = [t.replace(/\./g, "").replace(",", "."), "comma"];
  else if (PLAIN.test(t)) {
    normal = t.replace(",", ".");
    style = t.includes(",") ? "comma" : t.includes(".") ? "point" : null;
  } else if (/^\d+[.,]\d{3,}$/.test(t)) return { ok: false, message: `"${text}" has more than two decimals` };
  else return { ok: false, message: `"${text}" is not an amount (like 1200.50 or 1,200.50)` };
  const [whole = "0", cents = ""] = normal.split(".");
  return { ok: true, value: { value: `${whole}.${cents.padEnd(2, "0")}`, currency, style } };
}

const ISO_SPACED_OFFSET = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*(Z|UTC|GMT|[+-]\d{2}:?\d{2})$/i;
// A date, then optionally a wall-clock time: 24-hour or 12-hour with AM/PM, seconds optional,
// single-digit hours (and months and days, in slashed dates) as account date formats write them.
const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?\s?[Mm]\.?)?)?`;
const ISO_LOCAL = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})${TIME}$`);
const SLASHED = new RegExp(String.raw`^(\d{1,2})\/(\d{1,2})\/(\d{4})${TIME}$`);

const pad = (n: number) => String(n).padStart(2, "0");

/** Hours and minutes of a matched time, or null when it is not a clock time ("13:00 PM", "9:75"). */
function clock(
  h: string | undefined,
  mi: string | undefined,
  s: string | undefined,
  half: string | undefined,
): { hour: number; minute: number; second: number } | null {
  let hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (minute > 59 || second > 59) return null;
  if (half) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (half.toUpperCase() === "P" ? 12 : 0);
  } else if (hour > 23) return null;
  return { hour, minute, second };
}

function wallClock(
  date: { year: number; month: number; day: number },
  time: string[],
  timeZone: string,
  text: string,
): Parsed<string> {
  const iso = `${date.year}-${pad(date.month)}-${pad(date.day)}`;
  if (!parseInstant(iso, timeZone)) return { ok: false, message: `"${text}" is not a calendar date` };
  if (time[0] === undefined) return { ok: true, value: iso };
  const at = clock(time[0], time[1], time[2], time[3]);
  if (!at) return { ok: false, message: `"${text}" has a time that is not a clock time` };
  return { ok: true, value: zonedTimeToUtc({ ...date, ...at }, timeZone).toISOString() };
}

/**
 * A date or time from an export, as canonical text: "2026-03-15" (midnight in the import's zone),
 * "2026-03-15 14:30" (wall-clock time in that zone), an ISO 8601 time with an offset, or a slashed
 * date when `dateOrder` says which number is the day (15/03/2026 in Spain, 3/15/2026 in the US),
 * with or without a time as the CRM account's format writes it: "4/8/2025 17:19",
 * "4/8/2025 5:19 PM", "08/04/2025 17:19:05".
 */
export function parseExportTime(text: string, timeZone: string, dateOrder?: DateOrder): Parsed<string> {
  const t = text.trim();
  if (parseInstant(t, timeZone)) return { ok: true, value: t };
  const offset = ISO_SPACED_OFFSET.exec(t);
  if (offset) {
    const zone = (offset[3] ?? "").toUpperCase();
    const normalZone =
      zone === "Z" || zone === "UTC" || zone === "GMT" ? "Z" : `${zone.slice(0, 3)}:${zone.slice(-2)}`;
    const iso = `${offset[1]}T${offset[2]}${normalZone}`;
    if (parseInstant(iso, timeZone)) return { ok: true, value: iso };
  }
  const local = ISO_LOCAL.exec(t);
  if (local) {
    const [y, mo, d] = local.slice(1, 4).map(Number) as [number, number, number];
    return wallClock({ year: y, month: mo, day: d }, local.slice(4), timeZone, t);
  }
  const slashed = SLASHED.exec(t);
  if (slashed) {
    if (!dateOrder)
      return {
        ok: false,
        message: `"${t}" is a slashed date: say how to read it with --date-order dmy (15/03/2026) or --date-order mdy (3/15/2026)`,
      };
    const [a, b, y] = slashed.slice(1, 4).map(Number) as [number, number, number];
    const [day, month] = dateOrder === "dmy" ? [a, b] : [b, a];
    const read = wallClock({ year: y, month, day }, slashed.slice(4), timeZone, t);
    return read.ok ? read : { ok: false, message: `${read.message} (read as ${dateOrder})` };
  }
  return {
    ok: false,
    message: `"${t}" is not a date this preset reads (2026-03-15, 2026-03-15 14:30, an ISO 8601 time with an offset, or 15/03/2026 and 3/15/2026 5:19 PM with --date-order)`,
  };
}

/**
 * A survey tool's timestamp, exactly: Unix seconds (the Delighted API's created_at), Unix
 * milliseconds, or any form parseExportTime reads.
 */
export function parseSurveyTime(text: string, timeZone: string): Parsed<string> {
  const t = text.trim();
  if (/^\d{9,11}$/.test(t)) return { ok: true, value: new Date(Number(t) * 1000).toISOString() };
  if (/^\d{12,13}$/.test(t)) return { ok: true, value: new Date(Number(t)).toISOString() };
  if (/^\d+\.\d+$/.test(t)) {
    const ms = Math.round(Number(t) * 1000);
    return { ok: true, value: new Date(ms).toISOString() };
  }
  const parsed = parseExportTime(t, timeZone);
  return parsed.ok
    ? parsed
    : {
        ok: false,
        message: `"${t}" is not a timestamp (Unix seconds such as 1767603600, or an ISO 8601 time such as 2026-01-05T10:00:00Z)`,
      };
}
