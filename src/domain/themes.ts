import type { Locale } from "./locale.js";
import { termsOf } from "./theme-words.js";

// Themes: the "why" in people's own words. Survey comments, win and loss notes and voice notes
// are cut into terms (src/domain/theme-words.ts: stems and two-stem phrases, negation marked),
// and each segment's terms are ranked by how many texts mention them, weighted by how rare they
// are across all segments (TF-IDF over documents). Pure: plain texts in, plain themes out.

export type ScoreKind = "nps" | "csat" | "ces";

export interface ThemeText {
  text: string;
  /** The language when known; otherwise guessed from the text. */
  locale?: Locale | null;
  /** The survey answer the comment came with, if any. */
  score?: { kind: ScoreKind; value: number } | null;
  anonymous: boolean;
  /** Never shown with a quote; kept so callers can pass their rows as they are. */
  author?: string | null;
  /** Null: counted in the total only. */
  segmentId: string | null;
}

export interface ThemeOptions {
  /** A theme needs at least this many texts mentioning it (never fewer than 5). */
  minMentions?: number;
  /** Anonymous texts are quoted only from a group with at least this many anonymous texts. */
  anonymityMin: number;
  /** Themes per segment (3). */
  top?: number;
  /** The language assumed when a text does not show its own. */
  fallbackLocale?: Locale;
}

export interface ThemeScore {
  kind: ScoreKind;
  average: number;
  n: number;
}

export interface Theme {
  /** The stems: "soport lent", "¬car" for a negated word. */
  key: string;
  /** As people wrote it most often: "soporte es lento", "no caro". */
  label: string;
  negated: boolean;
  /** Texts of the period that mention it. */
  mentions: number;
  previousMentions: number;
  /** mentions − previousMentions. */
  change: number;
  /** The average score of those who mentioned it, per survey kind (none without answers). */
  scores: ThemeScore[];
  /** One text that says it, cut to QUOTE_CHARS; never with an author; null when none may be shown. */
  quote: string | null;
}

export interface ThemeGroup {
  /** Null for all texts together. */
  segmentId: string | null;
  /** Texts with at least one word that counts. */
  texts: number;
  themes: Theme[];
}

export interface ThemesReport {
  segments: ThemeGroup[];
  total: ThemeGroup;
}

export const MIN_THEME_MENTIONS = 5;
export const QUOTE_CHARS = 280;
/** A phrase says more than either of its words: it is preferred at equal mentions. */
const PHRASE_WEIGHT = 1.5;

interface Doc {
  item: ThemeText;
  terms: Map<string, string>;
}

const read = (items: readonly ThemeText[], fallback: Locale): Doc[] =>
  items
    .map((item) => ({ item, terms: termsOf(item.text, item.locale ?? null, fallback).terms }))
    .filter((d) => d.terms.size > 0);

function documentFrequency(docs: readonly Doc[]): Map<string, number> {
  const df = new Map<string, number>();
  for (const d of docs) for (const key of d.terms.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  return df;
}

function bySegment(docs: readonly Doc[]): Map<string | null, Doc[]> {
  const groups = new Map<string | null, Doc[]>();
  for (const d of docs) {
    if (d.item.segmentId === null) continue;
    const list = groups.get(d.item.segmentId) ?? [];
    list.push(d);
    groups.set(d.item.segmentId, list);
  }
  return groups;
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const collapse = (text: string) => text.replace(/\s+/g, " ").trim();
const quoteOf = (text: string) => {
  const t = collapse(text);
  return t.length > QUOTE_CHARS ? `${t.slice(0, QUOTE_CHARS - 1)}…` : t;
};

function scoresOf(docs: readonly Doc[]): ThemeScore[] {
  const sums = new Map<ScoreKind, { sum: number; n: number }>();
  for (const d of docs) {
    const s = d.item.score;
    if (!s || !Number.isFinite(s.value)) continue;
    const acc = sums.get(s.kind) ?? { sum: 0, n: 0 };
    acc.sum += s.value;
    acc.n++;
    sums.set(s.kind, acc);
  }
  return (["nps", "csat", "ces"] as const).flatMap((kind) => {
    const acc = sums.get(kind);
    return acc ? [{ kind, average: round1(acc.sum / acc.n), n: acc.n }] : [];
  });
}

function labelOf(key: string, docs: readonly Doc[]): string {
  const forms = new Map<string, number>();
  for (const d of docs) {
    const form = d.terms.get(key);
    if (form) forms.set(form, (forms.get(form) ?? 0) + 1);
  }
  return [...forms.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? key;
}

function group(
  segmentId: string | null,
  docs: readonly Doc[],
  previous: readonly Doc[],
  idf: (key: string) => number,
  opts: Required<Omit<ThemeOptions, "fallbackLocale">>,
): ThemeGroup {
  const df = documentFrequency(docs);
  const ranked = [...df.entries()]
    .filter(([, n]) => n >= opts.minMentions)
    .map(([key, n]) => ({ key, n, weight: n * idf(key) * (key.includes(" ") ? PHRASE_WEIGHT : 1) }))
    .sort((a, b) => b.weight - a.weight || b.n - a.n || a.key.localeCompare(b.key));
  const chosen: typeof ranked = [];
  const used = new Set<string>();
  for (const r of ranked) {
    if (chosen.length >= opts.top) break;
    const stems = r.key.split(" ");
    if (stems.some((s) => used.has(s))) continue;
    chosen.push(r);
    for (const s of stems) used.add(s);
  }
  const anonymousTexts = docs.filter((d) => d.item.anonymous).length;
  const mayQuote = (d: Doc) => !d.item.anonymous || anonymousTexts >= opts.anonymityMin;
  const previousDf = documentFrequency(previous);
  const chosenKeys = chosen.map((c) => c.key);
  const themes = chosen.map(({ key, n }) => {
    const mentioning = docs.filter((d) => d.terms.has(key));
    const quote = mentioning
      .filter(mayQuote)
      .map((d, i) => ({
        text: collapse(d.item.text),
        overlap: chosenKeys.filter((k) => d.terms.has(k)).length,
        i,
      }))
      .sort(
        (a, b) =>
          Number(a.text.length > QUOTE_CHARS) - Number(b.text.length > QUOTE_CHARS) ||
          Number(a.text.length < 20) - Number(b.text.length < 20) ||
          b.overlap - a.overlap ||
          a.i - b.i,
      )[0];
    const before = previousDf.get(key) ?? 0;
    return {
      key,
      label: labelOf(key, mentioning),
      negated: key.startsWith("¬"),
      mentions: n,
      previousMentions: before,
      change: n - before,
      scores: scoresOf(mentioning),
      quote: quote ? quoteOf(quote.text) : null,
    };
  });
  return { segmentId, texts: docs.length, themes };
}

/** The top themes of each segment and of all texts, with the change against `previous`. */
export function extractThemes(
  current: readonly ThemeText[],
  previous: readonly ThemeText[],
  options: ThemeOptions,
): ThemesReport {
  const fallback = options.fallbackLocale ?? "en";
  const opts = {
    minMentions: Math.max(MIN_THEME_MENTIONS, options.minMentions ?? MIN_THEME_MENTIONS),
    anonymityMin: Math.max(1, options.anonymityMin),
    top: options.top ?? 3,
  };
  const docs = read(current, fallback);
  const before = read(previous, fallback);
  const df = documentFrequency(docs);
  const idf = (key: string) => Math.log(1 + docs.length / (df.get(key) ?? 1));
  const previousBySegment = bySegment(before);
  const segments = [...bySegment(docs).entries()]
    .map(([id, list]) => group(id, list, previousBySegment.get(id) ?? [], idf, opts))
    .sort((a, b) => b.texts - a.texts || String(a.segmentId).localeCompare(String(b.segmentId)));
  return { segments, total: group(null, docs, before, idf, opts) };
}
