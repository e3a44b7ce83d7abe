// Types for the two stopword packages, which ship none (src/domain/theme-words.ts reads them).

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
