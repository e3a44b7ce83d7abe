// What the digest chart shows, as plain data (built from the digest model; rendered by
// src/charts/). Kept apart so that the chart can be specified and tested on its own.

export interface DigestChartData {
  locale: "en" | "es";
  /** Title above the chart, already translated. */
  title: string;
  /** Gained vs lost customers per segment in the period (counts, and annual value as a decimal string). */
  segments: Array<{ name: string; gained: number; lost: number; gainedValue: string; lostValue: string }>;
  /** Score trend: one point per period (oldest first), up to 8 periods; score null when n = 0. */
  trends: Array<{ kind: "NPS" | "CSAT" | "CES"; periodStart: string; score: number | null; n: number }>;
  /** Title of the bars section, when the rows are not segments (e.g. this period vs the previous). */
  movementsTitle?: string;
  /** Bars in the given order rather than busiest first (e.g. this period, then the previous). */
  keepOrder?: boolean;
  /** Leave out the score trends (a small chart, e.g. `/cx stats`). */
  withoutTrends?: boolean;
}
