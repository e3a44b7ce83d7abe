import type { DigestChartData } from "./digest-chart-data.js";

// The digest chart as a Vega-Lite spec: (a) customers gained and lost per segment as diverging
// horizontal bars, (b) NPS, CSAT and CES over the last periods as three small line charts.
//
// Pure: data in, JSON out (imports nothing but types), so it can be tested without rendering.
// Made for a phone: the image is ~660 px wide at 1× and rendered at 2×; no text is smaller than
// 14 px at 1×; at most MAX_SEGMENTS bars (the rest are summed into "Other").

export type ChartLocale = "en" | "es";

/** Vega's number and time formats (d3-format / d3-time-format definitions): `config.locale`. */
export interface VegaLocale {
  number: { decimal: string; thousands: string; grouping: number[]; currency: [string, string] };
  time: {
    dateTime: string;
    date: string;
    time: string;
    periods: [string, string];
    days: string[];
    shortDays: string[];
    months: string[];
    shortMonths: string[];
  };
}

const VEGA_LOCALES: Record<ChartLocale, VegaLocale> = {
  en: {
    number: { decimal: ".", thousands: ",", grouping: [3], currency: ["$", ""] },
    time: {
      dateTime: "%x, %X",
      date: "%-m/%-d/%Y",
      time: "%-I:%M:%S %p",
      periods: ["AM", "PM"],
      days: ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
      shortDays: ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"],
      months: [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
      ],
      shortMonths: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
    },
  },
  es: {
    number: { decimal: ",", thousands: ".", grouping: [3], currency: ["", "\u00a0€"] },
    time: {
      dateTime: "%A, %e de %B de %Y, %X",
      date: "%d/%m/%Y",
      time: "%H:%M:%S",
      periods: ["AM", "PM"],
      days: ["domingo", "lunes", "martes", "miércoles", "jueves", "viernes", "sábado"],
      shortDays: ["dom", "lun", "mar", "mié", "jue", "vie", "sáb"],
      months: [
        "enero",
        "febrero",
        "marzo",
        "abril",
        "mayo",
        "junio",
        "julio",
        "agosto",
        "septiembre",
        "octubre",
        "noviembre",
        "diciembre",
      ],
      shortMonths: ["ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"],
    },
  },
};

/** A fresh copy of Vega's locale for `locale` (Spanish: decimal comma, Spanish month names). */
export function vegaLocale(locale: ChartLocale): VegaLocale {
  return structuredClone(VEGA_LOCALES[locale]);
}

/** Bars shown at most; with more segments, the busiest MAX_SEGMENTS − 1 and one "Other" bar. */
export const MAX_SEGMENTS = 20;

/** Periods shown at most (the latest): more would not leave room for each point's value. */
export const MAX_PERIODS = 8;

/** The font family the renderer provides (see render-png.ts). */
export const CHART_FONT = "DejaVu Sans";

const TEXTS = {
  en: {
    movements: "Customers gained and lost, by segment",
    gained: "Gained",
    lost: "Lost",
    noMovements: "No customers gained or lost in this period",
    other: (n: number) => `Other (${n} segments)`,
    trends: "Score trends",
    periodStart: "Period start",
    noAnswers: "No answers",
    axis: { NPS: "Score", CSAT: "% satisfied", CES: "Ease (1–7)" },
    dayFormat: "%b %-d",
  },
  es: {
    movements: "Clientes ganados y perdidos, por segmento",
    gained: "Ganados",
    lost: "Perdidos",
    noMovements: "Ningún cliente ganado ni perdido en este periodo",
    other: (n: number) => `Otros (${n} segmentos)`,
    trends: "Evolución de las puntuaciones",
    periodStart: "Inicio del periodo",
    noAnswers: "Sin respuestas",
    axis: { NPS: "Puntuación", CSAT: "% satisfechos", CES: "Facilidad (1–7)" },
    dayFormat: "%-d %b",
  },
} as const;

type Texts = (typeof TEXTS)[ChartLocale];
type TrendKind = DigestChartData["trends"][number]["kind"];

const KINDS: readonly TrendKind[] = ["NPS", "CSAT", "CES"];

const SCALE: Record<TrendKind, { domain: [number, number]; ticks: number[]; format: string }> = {
  NPS: { domain: [-100, 100], ticks: [-100, -50, 0, 50, 100], format: "+.0f" },
  CSAT: { domain: [0, 100], ticks: [0, 50, 100], format: ".0f" },
  CES: { domain: [1, 7], ticks: [1, 4, 7], format: ".1f" },
};

// Layout, in px at 1×. Every plot area is PLOT_WIDTH wide and starts LEFT_COLUMN px from the
// left edge; the column holds segment names and the trends' row headers, the section titles start
// at its left edge (title frame "group", dx = −LEFT_COLUMN).
const LEFT_COLUMN = 170;
const LABEL_PADDING = 8;
const PLOT_WIDTH = 460;
const BAR_STEP = 34;
const TREND_HEIGHT = 110;
const FONT_SIZE = 15;
const HEADER_SIZE = 17;
const SECTION_SIZE = 18;
const COLORS = { gained: "#2e7d32", lost: "#c62828", line: "#1f5fa8", muted: "#555555", text: "#222222" };

const sectionTitle = (text: string) => ({
  text,
  frame: "group",
  anchor: "start",
  dx: -LEFT_COLUMN,
  fontSize: SECTION_SIZE,
  offset: 14,
});

export interface SegmentRow {
  name: string;
  gained: number;
  lost: number;
}

/**
 * Segments to draw, busiest first (gained + lost, then name). Same-named segments are merged;
 * beyond MAX_SEGMENTS, the busiest MAX_SEGMENTS − 1 are kept and the rest summed into "Other".
 */
export function chartSegments(
  segments: DigestChartData["segments"],
  locale: ChartLocale,
  keepOrder = false,
): SegmentRow[] {
  const byName = new Map<string, SegmentRow>();
  for (const s of segments) {
    const name = s.name.trim() || "—";
    const row = byName.get(name) ?? { name, gained: 0, lost: 0 };
    row.gained += Math.max(0, s.gained);
    row.lost += Math.max(0, s.lost);
    byName.set(name, row);
  }
  const rows = keepOrder
    ? [...byName.values()]
    : [...byName.values()].sort(
        (a, b) => b.gained + b.lost - (a.gained + a.lost) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
      );
  if (rows.length <= MAX_SEGMENTS) return rows;
  const kept = rows.slice(0, MAX_SEGMENTS - 1);
  const rest = rows.slice(MAX_SEGMENTS - 1);
  kept.push({
    name: TEXTS[locale].other(rest.length),
    gained: rest.reduce((sum, r) => sum + r.gained, 0),
    lost: rest.reduce((sum, r) => sum + r.lost, 0),
  });
  return kept;
}

/** The calendar date a period starts on ("2026-03-02", also from "2026-03-02T00:00:00+01:00"). */
function periodDate(periodStart: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(periodStart.trim());
  if (!m) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  return Number.isNaN(utcMs(date)) ? null : date;
}

const utcMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const DAY = 86_400_000;

/** Wraps a long title into lines of at most ~`max` characters. */
function wrap(text: string, max: number): string | string[] {
  if (text.length <= max) return text;
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

function movementsChart(rows: SegmentRow[], t: Texts, heading?: string): object {
  const title = sectionTitle(heading ?? t.movements);
  if (rows.length === 0) {
    return {
      title,
      width: PLOT_WIDTH,
      height: 30,
      data: { values: [{ text: t.noMovements }] },
      mark: { type: "text", align: "left", baseline: "middle", fontSize: FONT_SIZE, color: COLORS.muted },
      encoding: { text: { field: "text" }, x: { value: -LEFT_COLUMN }, y: { value: 15 } },
    };
  }
  const values = rows.flatMap((r) => [
    { segment: r.name, kind: "gained", x: r.gained, count: r.gained },
    { segment: r.name, kind: "lost", x: -r.lost || 0, count: r.lost }, // never −0
  ]);
  const max = Math.max(1, ...rows.map((r) => Math.max(r.gained, r.lost)));
  // Room beyond the longest bar for its count ("1,234" at FONT_SIZE, bold: ~52 px).
  const reach = max + (max * 56) / (PLOT_WIDTH / 2 - 56);
  const extent = LEFT_COLUMN - LABEL_PADDING;
  const height = rows.length * BAR_STEP;
  const y = {
    field: "segment",
    type: "nominal",
    sort: rows.map((r) => r.name),
    title: null,
    axis: {
      labelLimit: extent,
      minExtent: extent,
      maxExtent: extent,
      labelPadding: LABEL_PADDING,
      ticks: false,
      domain: false,
      labelFontSize: FONT_SIZE,
    },
  };
  const x = {
    field: "x",
    type: "quantitative",
    title: null,
    scale: { domain: [-reach, reach], nice: false, zero: true },
    // No numbers on this axis (every bar is labelled with its count): it names the two sides.
    axis: {
      orient: "top",
      values: [-reach / 2, reach / 2],
      labelExpr: `datum.value < 0 ? ${JSON.stringify(`← ${t.lost}`)} : ${JSON.stringify(`${t.gained} →`)}`,
      labelColor: { condition: { test: "datum.value < 0", value: COLORS.lost }, value: COLORS.gained },
      labelFontSize: HEADER_SIZE,
      labelFontWeight: "bold",
      labelPadding: 4,
      ticks: false,
      domain: false,
      grid: false,
    },
  };
  const count = (kind: string, align: "left" | "right", dx: number) => ({
    transform: [{ filter: { field: "kind", equal: kind } }],
    mark: { type: "text", align, baseline: "middle", dx, fontSize: FONT_SIZE, fontWeight: "bold" },
    encoding: { text: { field: "count", type: "quantitative", format: ",d" }, color: { value: COLORS.text } },
  });
  return {
    title,
    width: PLOT_WIDTH,
    height,
    data: { values },
    encoding: { y, x },
    layer: [
      // The zero line, across all rows, under the bars.
      {
        data: { values: [{ x: 0 }] },
        mark: { type: "rule", color: "#888888" },
        encoding: { y: { value: 0 }, y2: { value: height } },
      },
      {
        mark: { type: "bar", height: { band: 0.7 } },
        encoding: {
          color: {
            field: "kind",
            type: "nominal",
            scale: { domain: ["lost", "gained"], range: [COLORS.lost, COLORS.gained] },
            legend: null,
          },
        },
      },
      count("gained", "left", 6),
      count("lost", "right", -6),
    ],
  };
}

interface TrendPoint {
  date: string;
  score: number | null;
}

function trendChart(kind: TrendKind, points: TrendPoint[], dates: string[], t: Texts, index: number) {
  const s = SCALE[kind];
  const last = index === KINDS.length - 1;
  const ms = dates.map(utcMs);
  const first = ms[0];
  const final = ms[ms.length - 1];
  const gaps = ms.slice(1).map((m, i) => m - (ms[i] ?? m));
  const monthly = gaps.length > 0 && Math.min(...gaps) >= 28 * DAY;
  const x =
    first === undefined || final === undefined
      ? { field: "date", type: "temporal", axis: null }
      : {
          field: "date",
          type: "temporal",
          timeUnit: "utcyearmonthdate",
          title: last ? t.periodStart : null,
          scale: {
            domain: first === final ? [first - 3.5 * DAY, final + 3.5 * DAY] : [first, final],
            padding: 26,
          },
          axis: {
            values: ms,
            format: monthly ? "%b %Y" : t.dayFormat,
            labels: last,
            ticks: last,
            labelOverlap: "greedy",
            labelFontSize: FONT_SIZE,
            gridColor: "#eeeeee",
          },
        };
  const y = {
    field: "score",
    type: "quantitative",
    scale: { domain: s.domain, nice: false, zero: false },
    // The axis title is the row header's second line, in the left column.
    title: t.axis[kind],
    axis: {
      values: s.ticks,
      format: ".0f",
      labelFontSize: FONT_SIZE,
      gridColor: "#e6e6e6",
      titleAngle: 0,
      titleAlign: "left",
      titleBaseline: "top",
      titleX: -LEFT_COLUMN,
      titleY: HEADER_SIZE + 8,
      titleFontSize: FONT_SIZE,
      titleColor: COLORS.muted,
    },
  };
  const shown = points.filter((p) => p.score !== null);
  const layers: object[] = [
    {
      data: { values: points },
      mark: { type: "line", color: COLORS.line, strokeWidth: 3, invalid: "break-paths-filter-domains" },
    },
    {
      data: { values: shown },
      mark: { type: "point", filled: true, size: 90, color: COLORS.line, opacity: 1 },
    },
    {
      data: { values: shown },
      mark: { type: "text", dy: -14, fontSize: FONT_SIZE, fontWeight: "bold", color: COLORS.text },
      encoding: { text: { field: "score", type: "quantitative", format: s.format } },
    },
    // The row header's first line: NPS, CSAT or CES.
    {
      data: { values: [{ text: kind }] },
      mark: { type: "text", align: "left", baseline: "top", fontSize: HEADER_SIZE, fontWeight: "bold" },
      encoding: {
        text: { field: "text" },
        x: { value: -LEFT_COLUMN },
        y: { value: 0 },
        color: { value: COLORS.text },
      },
    },
  ];
  if (shown.length === 0) {
    layers.push({
      data: { values: [{ text: t.noAnswers }] },
      mark: { type: "text", fontSize: FONT_SIZE, color: COLORS.muted },
      encoding: { text: { field: "text" }, x: { value: PLOT_WIDTH / 2 }, y: { value: TREND_HEIGHT / 2 } },
    });
  }
  return {
    ...(index === 0 ? { title: sectionTitle(t.trends) } : {}),
    width: PLOT_WIDTH,
    height: TREND_HEIGHT,
    encoding: { x, y },
    layer: layers,
  };
}

/** The digest chart for `data`, as a Vega-Lite (v6) spec. */
export function digestChartSpec(data: DigestChartData): object {
  const locale: ChartLocale = data.locale === "es" ? "es" : "en";
  const t = TEXTS[locale];
  const rows = chartSegments(data.segments, locale, data.keepOrder);

  // One point per (kind, date) for the latest MAX_PERIODS dates; n = 0 (or no score) is drawn as a
  // gap in the line, never as a point.
  const dates = [
    ...new Set(data.trends.map((p) => periodDate(p.periodStart)).filter((d): d is string => d !== null)),
  ]
    .sort()
    .slice(-MAX_PERIODS);
  const byKind = new Map<TrendKind, TrendPoint[]>(KINDS.map((k) => [k, []]));
  for (const p of data.trends) {
    const date = periodDate(p.periodStart);
    if (date === null || !dates.includes(date)) continue;
    const score = p.n > 0 && p.score !== null && Number.isFinite(p.score) ? p.score : null;
    byKind.get(p.kind)?.push({ date, score });
  }
  for (const points of byKind.values())
    points.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));

  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrap(data.title, 40), fontSize: 22, anchor: "start", offset: 16 },
    background: "white",
    padding: 16,
    spacing: 32,
    vconcat: [
      movementsChart(rows, t, data.movementsTitle),
      ...(data.withoutTrends ? [] : KINDS.map((k, i) => trendChart(k, byKind.get(k) ?? [], dates, t, i))),
    ],
    config: {
      font: CHART_FONT,
      locale: vegaLocale(locale),
      view: { stroke: null },
      title: { fontSize: 18, anchor: "start", offset: 12, color: "#111" },
      axis: {
        labelFontSize: FONT_SIZE,
        titleFontSize: FONT_SIZE,
        titleFontWeight: "normal",
        labelColor: "#222",
        titleColor: "#444",
      },
      legend: { labelFontSize: FONT_SIZE, titleFontSize: FONT_SIZE },
      text: { fontSize: FONT_SIZE },
    },
  };
}
