import type { DbClient } from "../data/client.js";
import type { Database } from "../data/database.js";
import { listMovementNotes } from "../data/ledger.js";
import { listResponseComments } from "../data/responses.js";
import { listVoiceNoteTexts } from "../data/voice-notes.js";
import type { Locale } from "../domain/locale.js";
import { type PeriodError, parseStatsArgs } from "../domain/period.js";
import { segmentKey } from "../domain/taxonomy.js";
import { extractThemes, type ThemeGroup, type ThemesReport, type ThemeText } from "../domain/themes.js";
import { isValidTimeZone } from "../domain/time.js";
import { listSegments } from "./list-segments.js";

// The "why" in people's own words (`/cx themes [segment] [period]`): the period's survey
// comments, movement notes and voice notes, and the same span before it, grouped into themes
// per segment (src/domain/themes.ts). The digest calls themesForPeriod with its meeting's period
// and segments and shows the groups it gets.

export interface ThemesQuestion {
  workspaceId: string;
  /** The words after the command: an optional segment and an optional period (default 4w). */
  words: string[];
  now: Date;
  timeZone: string;
  fallbackTimeZone: string;
  anonymityMin: number;
  locale: Locale;
}

export interface NamedThemeGroup extends ThemeGroup {
  /** The segment's name; null for all segments together. */
  name: string | null;
}

export type ThemesAnswer =
  | { kind: "themes"; from: Date; to: Date; timeZone: string; groups: NamedThemeGroup[] }
  | { kind: "badPeriod"; text: string; error: PeriodError }
  | { kind: "unknownSegment"; segment: string; valid: string[] };

/** Every text of [from, to) that themes are made of. */
async function textsOf(db: { prisma: DbClient }, workspaceId: string, from: Date, to: Date) {
  const parts = await Promise.all([
    listResponseComments(db.prisma, workspaceId, from, to),
    listMovementNotes(db.prisma, workspaceId, from, to),
    listVoiceNoteTexts(db.prisma, workspaceId, from, to),
  ]);
  return parts.flat();
}

export interface PeriodThemesQuestion {
  workspaceId: string;
  from: Date;
  to: Date;
  /** Keep these segments only; all when absent. */
  segmentIds?: readonly string[];
  anonymityMin: number;
  /** The language assumed for a text that does not show its own. */
  locale: Locale;
}

/** The themes of [from, to), compared with the same span before it. */
export async function themesForPeriod(
  db: { prisma: DbClient },
  q: PeriodThemesQuestion,
): Promise<ThemesReport> {
  const before = new Date(q.from.getTime() - (q.to.getTime() - q.from.getTime()));
  const scope = q.segmentIds ? new Set(q.segmentIds) : null;
  const keep = (t: ThemeText) => !scope || (t.segmentId !== null && scope.has(t.segmentId));
  const [current, previous] = await Promise.all([
    textsOf(db, q.workspaceId, q.from, q.to),
    textsOf(db, q.workspaceId, before, q.from),
  ]);
  return extractThemes(current.filter(keep), previous.filter(keep), {
    anonymityMin: q.anonymityMin,
    fallbackLocale: q.locale,
  });
}

export async function findThemes(db: Pick<Database, "prisma">, q: ThemesQuestion): Promise<ThemesAnswer> {
  const tz = isValidTimeZone(q.timeZone) ? q.timeZone : q.fallbackTimeZone;
  const parsed = parseStatsArgs(q.words, q.now, tz);
  if (!parsed.ok) return { kind: "badPeriod", text: parsed.text, error: parsed.error };
  const segments = await listSegments(db, q.workspaceId);
  const names = new Map(segments.map((s) => [s.id, s.name]));
  const wanted =
    parsed.segment === undefined ? null : segments.find((s) => s.key === segmentKey(parsed.segment ?? ""));
  if (parsed.segment !== undefined && !wanted)
    return { kind: "unknownSegment", segment: parsed.segment, valid: segments.map((s) => s.name) };
  const { from, to } = parsed.period;
  const report = await themesForPeriod(db, {
    workspaceId: q.workspaceId,
    from,
    to,
    ...(wanted ? { segmentIds: [wanted.id] } : {}),
    anonymityMin: q.anonymityMin,
    locale: q.locale,
  });
  const named = (g: ThemeGroup): NamedThemeGroup => ({
    ...g,
    name: g.segmentId ? (names.get(g.segmentId) ?? null) : null,
  });
  const groups = wanted
    ? report.segments.filter((g) => g.segmentId === wanted.id).map(named)
    : [named(report.total), ...report.segments.map(named)];
  if (wanted && groups.length === 0)
    groups.push({ segmentId: wanted.id, name: wanted.name, texts: 0, themes: [] });
  return { kind: "themes", from, to, timeZone: tz, groups };
}
