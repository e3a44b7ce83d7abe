// Types for the language packages src/domain/theme-words.ts reads: the two stopword packages ship
// none, and natural types only its index.

declare module "stopword" {
  /** English stopwords. */
  export const eng: string[];
  /** Spanish stopwords. */
  export const spa: string[];
}

declare module "stopwords-iso" {
  const lists: Record<string, string[]>;
  export default lists;
}

// natural's two stemmers, imported alone: the package's index loads every other part of it
// (classifiers, WordNet, storage back ends), some 80 MB and 0.4 s at start-up.
declare module "natural/lib/natural/stemmers/porter_stemmer.js" {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
declare module "natural/lib/natural/stemmers/porter_stemmer_es.js" {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
