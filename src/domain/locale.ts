/** The languages every user-facing text exists in. */
export type Locale = "en" | "es";

export const LOCALES: readonly Locale[] = ["en", "es"];
