import type { DigestChartData } from "../charts/digest-chart-data.js";
import type { StatsReport } from "../domain/customer-math.js";

// The small chart of `/cx stats`: customers gained and lost. For one segment, this period
// against the previous one; for all segments, each segment this period. Pure.

const TEXTS = {
  en: {
    title: (segment: string | null, from: string, to: string) =>
      `${segment ?? "All segments"} · ${from} → ${to}`,
    vsPrevious: "Gained and lost: this period and the previous",
    bySegment: "Gained and lost, by segment",
    current: "This period",
    previous: "Previous period",
  },
  es: {
    title: (segment: string | null, from: string, to: string) =>
      `${segment ?? "Todos los segmentos"} · ${from} → ${to}`,
    vsPrevious: "Ganados y perdidos: este periodo y el anterior",
    bySegment: "Ganados y perdidos, por segmento",
    current: "Este periodo",
    previous: "Periodo anterior",
  },
};

export function statsChartData(
  report: StatsReport,
  segment: string | null,
  locale: "en" | "es",
  period: { from: string; to: string },
): DigestChartData {
  const t = TEXTS[locale];
  const row = (name: string, w: StatsReport["total"] | StatsReport["total"]["previous"]) => ({
    name,
    gained: w.gained.count,
    lost: w.lost.count,
    gainedValue: w.gained.value,
    lostValue: w.lost.value,
  });
  const one = segment === null ? null : (report.segments[0] ?? report.total);
  return {
    locale,
    title: t.title(segment, period.from, period.to),
    movementsTitle: one ? t.vsPrevious : t.bySegment,
    segments: one
      ? [row(t.current, one), row(t.previous, one.previous)]
      : report.segments.map((s) => row(s.segment, s)),
    trends: [],
    withoutTrends: true,
    keepOrder: one !== null,
  };
}
