import porterEn from "natural/lib/natural/stemmers/porter_stemmer.js";
import porterEs from "natural/lib/natural/stemmers/porter_stemmer_es.js";
import { eng, spa } from "stopword";
import iso from "stopwords-iso";
import type { Locale } from "./locale.js";

// The language work under theme extraction (src/domain/themes.ts): accents folded, stopwords from
// the `stopword` and `stopwords-iso` packages, Porter stemmers (English, Spanish) from `natural`,
// negation marked. Everything ships inside the packages: nothing is downloaded at run time.

/** Lower case without accents (ñ folds to n too): "Facturación" → "facturacion". */
export const fold = (word: string): string =>
  word
    .toLowerCase()
    .normalize("NFD")
    .replace(/\p{M}+/gu, "");

/** Words that negate what follows in their clause ("no es caro", "not expensive", "sin soporte"). */
const NEGATORS: Record<Locale, ReadonlySet<string>> = {
  en: new Set(["not", "no", "never", "without", "nor", "neither", "nobody", "nothing", "hardly"]),
  es: new Set(["no", "nunca", "sin", "ni", "tampoco", "jamas", "nada", "ningun", "ninguno", "ninguna"]),
};
/** Words that end a negation's reach ("not cheap but fast": "fast" is not negated). */
const CONTRASTS = new Set(["but", "however", "although", "though", "pero", "sino", "aunque", "sin embargo"]);

const stopSet = (lists: string[][], locale: Locale): ReadonlySet<string> =>
  new Set(
    lists
      .flat()
      .map(fold)
      .filter((w) => !NEGATORS[locale].has(w)),
  );

const STOPWORDS: Record<Locale, ReadonlySet<string>> = {
  en: stopSet([eng, iso.en ?? []], "en"),
  es: stopSet([spa, iso.es ?? []], "es"),
};

const stemmers: Record<Locale, (word: string) => string> = {
  en: (w) => porterEn.stem(w),
  // Spanish suffixes are written with their accent ("-ción"); the stemmer only knows them so, so a
  // word typed without it ("facturacion") gets its accent back before stemming.
  es: (w) => porterEs.stem(w.replace(/cion$/, "ción")),
};

const stemCache: Record<Locale, Map<string, string>> = { en: new Map(), es: new Map() };

/** The stem a word is counted under: stemmed in its language, then folded. */
export function stemOf(word: string, locale: Locale): string {
  const cache = stemCache[locale];
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = fold(stemmers[locale](word));
    if (cache.size > 200_000) cache.clear();
    cache.set(word, stem);
  }
  return stem;
}

/** The language of a text from its stopwords and Spanish letters; `fallback` on a tie. */
export function guessLocale(words: readonly string[], fallback: Locale = "en"): Locale {
  let en = 0;
  let es = 0;
  for (const w of words) {
    const f = fold(w);
    if (STOPWORDS.en.has(f)) en++;
    if (STOPWORDS.es.has(f)) es++;
    if (/[áéíóúñü]/.test(w)) es++;
  }
  return es > en ? "es" : en > es ? "en" : fallback;
}

/** One counted word of a text: its stem (negated ones start with "¬") and how it was written. */
export interface Term {
  key: string;
  surface: string;
}

/** The most of a text that is read: a longer note is cut here (its quote is cut shorter still). */
export const MAX_ANALYSED_CHARS = 10_000;
/**
 * A negation reaches the first content word at most this many words after it, within its clause:
 * "no es caro" and "not very expensive" are negated, "don't like the onboarding" is not about
 * "not onboarding".
 */
const NEGATION_REACH = 2;
/** Longer "words" are links, codes or keyboard mashing, not themes. */
const MAX_WORD_CHARS = 40;
/** Two content words this close (stopwords between them allowed) make a phrase. */
const PHRASE_GAP = 3;

const CLAUSE = /[.,;:!?¡¿()[\]{}"“”\n\r\t]+|\s[-–—]\s/u;
const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The terms of one text: single stems and two-stem phrases, each once. Stopwords, numbers,
 * one-letter words and emoji are dropped; a word a negation reaches is counted as "¬stem"
 * ("no es caro" → ¬car, never car).
 */
export function termsOf(
  text: string,
  locale?: Locale | null,
  fallback: Locale = "en",
): { locale: Locale; terms: Map<string, string> } {
  const lower = text
    .slice(0, MAX_ANALYSED_CHARS)
    .toLowerCase()
    .replace(/n['’]t\b/g, " not");
  const clauses = lower.split(CLAUSE);
  const words = clauses.map((c) => c.match(WORD) ?? []);
  const lang = locale ?? guessLocale(words.flat(), fallback);
  const stop = STOPWORDS[lang];
  const negators = NEGATORS[lang];
  const terms = new Map<string, string>();
  for (const clause of words) {
    let negatedUntil = -1;
    let negator = "";
    const content: Array<{ at: number; key: string; negated: boolean }> = [];
    clause.forEach((word, at) => {
      const f = fold(word);
      if (negators.has(f)) {
        negatedUntil = at + NEGATION_REACH;
        negator = word;
        return;
      }
      if (CONTRASTS.has(f)) {
        negatedUntil = -1;
        return;
      }
      if (f.length < 2 || f.length > MAX_WORD_CHARS || /^\d+$/.test(f) || stop.has(f)) return;
      const stem = stemOf(word, lang);
      if (stem.length < 2) return;
      const negated = at <= negatedUntil;
      negatedUntil = -1;
      const key = negated ? `¬${stem}` : stem;
      if (!terms.has(key)) terms.set(key, negated ? `${negator} ${word}` : word);
      content.push({ at, key, negated });
    });
    for (let i = 1; i < content.length; i++) {
      const a = content[i - 1];
      const b = content[i];
      if (!a || !b || a.negated !== b.negated || b.at - a.at > PHRASE_GAP || a.key === b.key) continue;
      // Either order is one phrase: "slow support" and "support is slow".
      const key = a.key < b.key ? `${a.key} ${b.key}` : `${b.key} ${a.key}`;
      if (!terms.has(key)) {
        const span = clause.slice(a.at, b.at + 1).join(" ");
        terms.set(key, a.negated ? `${negator} ${span}` : span);
      }
    }
  }
  return { locale: lang, terms };
}
