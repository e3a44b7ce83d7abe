import { writeFileSync } from "node:fs";
import { inflateSync } from "node:zlib";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import type { DigestChartData } from "../../src/charts/digest-chart-data.js";
import {
  chartSegments,
  digestChartSpec,
  MAX_PERIODS,
  MAX_SEGMENTS,
} from "../../src/charts/digest-chart-spec.js";
import { renderDigestChart } from "../../src/charts/render-digest-chart.js";
import { renderChartPng, renderChartSvg } from "../../src/charts/render-png.js";

// ---------------------------------------------------------------------------------------------
// Data

const WEEKS = [
  "2026-01-05",
  "2026-01-12",
  "2026-01-19",
  "2026-01-26",
  "2026-02-02",
  "2026-02-09",
  "2026-02-16",
  "2026-02-23",
];
const NPS = [32.5, 28.1, 35, null, 22.4, 18.9, 12.3, 8.7];
const CSAT = [81.2, 83.5, 79.9, 80.4, 76.1, 74.8, 71.3, 69.5];
const CES = [5.62, 5.48, 5.51, 5.33, 5.12, 4.98, 4.87, 4.71];

function demoLike(locale: "en" | "es" = "en"): DigestChartData {
  return {
    locale,
    title: locale === "en" ? "Did we earn the right to grow?" : "¿Nos hemos ganado el derecho a crecer?",
    segments: [
      { name: "Enterprise", gained: 6, lost: 1, gainedValue: "540000.00", lostValue: "60000.00" },
      { name: "Mid-Market", gained: 9, lost: 7, gainedValue: "216000.00", lostValue: "150000.00" },
      { name: "SMB", gained: 14, lost: 31, gainedValue: "42000.00", lostValue: "93000.00" },
      { name: "Public Sector", gained: 2, lost: 0, gainedValue: "180000.00", lostValue: "0.00" },
    ],
    trends: WEEKS.flatMap((periodStart, i) => [
      { kind: "NPS" as const, periodStart, score: NPS[i] ?? null, n: NPS[i] == null ? 0 : 20 + i },
      { kind: "CSAT" as const, periodStart, score: CSAT[i] ?? null, n: 30 },
      { kind: "CES" as const, periodStart, score: CES[i] ?? null, n: 12 },
    ]),
  };
}

const segment = (name: string, gained: number, lost: number) => ({
  name,
  gained,
  lost,
  gainedValue: "0",
  lostValue: "0",
});

const twentyFive = (): DigestChartData => ({
  ...demoLike(),
  segments: Array.from({ length: 25 }, (_, i) => segment(`Segment ${i + 1}`, i, (i * 7) % 5)),
});

// ---------------------------------------------------------------------------------------------
// Helpers: walk a spec; read a PNG

type Json = Record<string, unknown>;

/** Every object in `spec` (depth first). */
function nodes(spec: unknown): Json[] {
  if (Array.isArray(spec)) return spec.flatMap(nodes);
  if (spec && typeof spec === "object") {
    return [spec as Json, ...Object.values(spec).flatMap(nodes)];
  }
  return [];
}

/** All strings in `spec`. */
function strings(spec: unknown): string[] {
  if (typeof spec === "string") return [spec];
  if (Array.isArray(spec)) return spec.flatMap(strings);
  if (spec && typeof spec === "object") return Object.values(spec).flatMap(strings);
  return [];
}

const markType = (n: Json) => (typeof n.mark === "object" && n.mark ? (n.mark as Json).type : n.mark);
const inlineValues = (n: Json) => ((n.data as Json | undefined)?.values ?? []) as Json[];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

interface Pixels {
  width: number;
  height: number;
  /** RGBA, 8 bits per channel. */
  rgba: Uint8Array;
}

/** Decodes an 8-bit RGBA, non-interlaced PNG (what resvg writes). */
function decodePng(png: Buffer): Pixels {
  expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString("latin1", offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]]).toEqual([8, 6, 0]); // 8-bit, RGBA, not interlaced
    } else if (type === "IDAT") {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const bpp = 4;
  const stride = width * bpp;
  const rgba = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= bpp ? (rgba[y * stride + x - bpp] ?? 0) : 0;
      const b = y > 0 ? (rgba[(y - 1) * stride + x] ?? 0) : 0;
      const c = x >= bpp && y > 0 ? (rgba[(y - 1) * stride + x - bpp] ?? 0) : 0;
      let predictor = 0;
      if (filter === 1) predictor = a;
      else if (filter === 2) predictor = b;
      else if (filter === 3) predictor = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predictor = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      rgba[y * stride + x] = ((line[x] ?? 0) + predictor) & 0xff;
    }
  }
  return { width, height, rgba };
}

/** How many pixels are clearly darker than the white background. */
function darkPixels({ rgba }: Pixels): number {
  let dark = 0;
  for (let i = 0; i < rgba.length; i += 4) {
    if ((rgba[i] ?? 255) + (rgba[i + 1] ?? 255) + (rgba[i + 2] ?? 255) < 3 * 160) dark++;
  }
  return dark;
}

// ---------------------------------------------------------------------------------------------
// The spec

describe("digestChartSpec", () => {
  const cases: Array<[string, DigestChartData]> = [
    ["demo-like data", demoLike()],
    ["Spanish", demoLike("es")],
    ["no segments", { ...demoLike(), segments: [] }],
    ["all segments zero", { ...demoLike(), segments: [segment("A", 0, 0), segment("B", 0, 0)] }],
    [
      "all trend scores null",
      { ...demoLike(), trends: demoLike().trends.map((p) => ({ ...p, score: null, n: 0 })) },
    ],
    ["no trend points at all", { ...demoLike(), trends: [] }],
    ["25 segments", twentyFive()],
    [
      "one period, instants with offsets",
      {
        ...demoLike(),
        trends: [{ kind: "NPS", periodStart: "2026-03-02T00:00:00+01:00", score: -45.5, n: 4 }],
      },
    ],
  ];

  it.each(cases)("is valid Vega-Lite: %s", (_, data) => {
    const spec = digestChartSpec(data);
    expect(() => compile(spec as TopLevelSpec)).not.toThrow();
    // Plain JSON: what the renderer (or a test) may clone and log.
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it("is readable on a phone: ~640 px wide plots and no font under 14 px", () => {
    const spec = digestChartSpec(demoLike());
    for (const n of nodes(spec)) {
      for (const [key, value] of Object.entries(n)) {
        if (/fontsize$/i.test(key) && typeof value === "number") expect(value).toBeGreaterThanOrEqual(14);
      }
      if (typeof n.width === "number") expect(n.width).toBeGreaterThanOrEqual(400);
    }
  });

  it("draws gained to the right in green and lost to the left in red, labelled with counts", () => {
    const spec = digestChartSpec(demoLike());
    const bars = nodes(spec).find((n) => markType(n) === "bar") ?? {};
    const color = ((bars.encoding as Json).color as Json).scale as Json;
    expect(color).toEqual({ domain: ["lost", "gained"], range: ["#c62828", "#2e7d32"] });
    const chart = nodes(spec).find((n) => Array.isArray(n.layer) && n.layer.includes(bars)) ?? {};
    const values = inlineValues(chart);
    expect(values).toContainEqual({ segment: "SMB", kind: "gained", x: 14, count: 14 });
    expect(values).toContainEqual({ segment: "SMB", kind: "lost", x: -31, count: 31 });
    const labels = nodes(spec).filter((n) => markType(n) === "text" && (n.encoding as Json)?.text);
    expect(labels.some((n) => ((n.encoding as Json).text as Json).field === "count")).toBe(true);
    // Busiest segment first.
    const y = (chart.encoding as Json).y as Json;
    expect(y.sort).toEqual(["SMB", "Mid-Market", "Enterprise", "Public Sector"]);
  });

  it("keeps the 19 busiest of 25 segments and sums the rest into Other", () => {
    const rows = chartSegments(twentyFive().segments, "en");
    expect(rows).toHaveLength(MAX_SEGMENTS);
    expect(rows[0]?.name).toBe("Segment 25");
    const other = rows[MAX_SEGMENTS - 1];
    expect(other?.name).toBe("Other (6 segments)");
    // Segments 1..6 are the quietest: gained 0..5, lost (i * 7) % 5.
    expect(other?.gained).toBe(0 + 1 + 2 + 3 + 4 + 5);
    expect(other?.lost).toBe([0, 1, 2, 3, 4, 5].reduce((s, i) => s + ((i * 7) % 5), 0));
    expect(chartSegments(twentyFive().segments, "es").at(-1)?.name).toBe("Otros (6 segmentos)");
  });

  it("omits points with n = 0 and leaves a gap in the line", () => {
    const spec = digestChartSpec(demoLike());
    const points = nodes(spec).filter((n) => markType(n) === "point");
    expect(points).toHaveLength(3);
    const [nps, csat, ces] = points.map(inlineValues);
    expect(nps).toHaveLength(7);
    expect(nps?.some((p) => p.date === "2026-01-26")).toBe(false);
    expect(csat).toHaveLength(8);
    expect(ces).toHaveLength(8);
    const lines = nodes(spec).filter((n) => markType(n) === "line");
    expect(inlineValues(lines[0] ?? {})).toContainEqual({ date: "2026-01-26", score: null });
  });

  it("shows the latest MAX_PERIODS periods at most", () => {
    const periods = Array.from({ length: 12 }, (_, i) => `2026-0${1 + Math.floor(i / 4)}-${10 + i}`);
    const spec = digestChartSpec({
      ...demoLike(),
      trends: periods.map((periodStart, i) => ({ kind: "CSAT" as const, periodStart, score: 50 + i, n: 5 })),
    });
    const csat = nodes(spec).filter((n) => markType(n) === "point")[1];
    expect(inlineValues(csat ?? {}).map((p) => p.date)).toEqual(periods.slice(-MAX_PERIODS));
  });

  it("uses fixed score axes: NPS −100..100, CSAT 0..100, CES 1..7", () => {
    const spec = digestChartSpec(demoLike());
    const domains = nodes(spec)
      .filter((n) => n.field === "score" && n.scale)
      .map((n) => (n.scale as Json).domain);
    expect(domains).toEqual([
      [-100, 100],
      [0, 100],
      [1, 7],
    ]);
  });

  it("speaks Spanish: titles, axis titles, decimal comma and Spanish months", () => {
    const en = strings(digestChartSpec(demoLike("en")));
    const es = digestChartSpec(demoLike("es")) as { config: { locale: Json } };
    const text = strings(es);
    for (const s of [
      "¿Nos hemos ganado el derecho a crecer?",
      "Clientes ganados y perdidos, por segmento",
      "Evolución de las puntuaciones",
      "Puntuación",
      "% satisfechos",
      "Facilidad (1–7)",
      "Inicio del periodo",
    ]) {
      expect(text).toContain(s);
    }
    expect(text.some((s) => s.includes("Perdidos") && s.includes("Ganados"))).toBe(true);
    expect(text).not.toContain("Score trends");
    expect(en).toContain("Score trends");
    const locale = es.config.locale as { number: Json; time: Json };
    expect(locale.number.decimal).toBe(",");
    expect(locale.number.thousands).toBe(".");
    expect(locale.time.shortMonths).toContain("ene");
  });

  it("is pure: the same data gives the same spec, and the data is not changed", () => {
    const data = twentyFive();
    const copy = structuredClone(data);
    expect(digestChartSpec(data)).toEqual(digestChartSpec(data));
    expect(data).toEqual(copy);
  });
});

// ---------------------------------------------------------------------------------------------
// Rendering

const textSpec = (text: string): object => ({
  width: 200,
  height: 60,
  data: { values: [{ text }] },
  mark: { type: "text", fontSize: 40, fontWeight: "bold" },
  encoding: { text: { field: "text" } },
});

describe("renderChartPng", () => {
  it("draws text (resvg has the font)", async () => {
    const withText = decodePng(await renderChartPng(textSpec("Hello 42")));
    const empty = decodePng(await renderChartPng(textSpec("")));
    expect(withText.width).toBe(empty.width);
    expect(darkPixels(empty)).toBe(0);
    expect(darkPixels(withText)).toBeGreaterThan(2_000);
  });

  it("renders at 2× unless told, on white", async () => {
    const twice = decodePng(await renderChartPng(textSpec("x")));
    const once = decodePng(await renderChartPng(textSpec("x"), { scale: 1 }));
    expect(twice.width).toBe(2 * once.width);
    expect(twice.height).toBe(2 * once.height);
    expect([...twice.rgba.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
  });

  it("measures text with the font's real glyph widths, so labels that fit are not cut", async () => {
    const svg = await renderChartSvg(
      digestChartSpec({
        ...demoLike(),
        segments: [
          segment("Healthcare Services", 3, 1),
          segment("A segment with a name far too long to fit in the column", 1, 2),
        ],
      }),
    );
    // Vega's estimate without a canvas (0.8 em per character) would cut this one.
    expect(svg).toContain(">Healthcare Services<");
    expect(svg).toContain("…");
    expect(svg).not.toContain("far too long to fit in the column<");
  });

  it("formats with the locale option: decimal comma", async () => {
    const spec = {
      data: { values: [{ v: 4.25 }] },
      mark: "text",
      encoding: { text: { field: "v", type: "quantitative", format: ".2f" } },
    };
    expect(await renderChartSvg(spec, { locale: "es" })).toContain(">4,25<");
    expect(await renderChartSvg(spec)).toContain(">4.25<");
  });
});

describe("renderDigestChart", () => {
  it("renders a readable PNG of the digest chart (written to /tmp/rtg-chart-example.png)", async () => {
    const png = await renderDigestChart(demoLike());
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.toString("latin1", 12, 16)).toBe("IHDR");
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThanOrEqual(1200);
    expect(width).toBeLessThanOrEqual(1400);
    expect(height).toBeGreaterThanOrEqual(1200);
    expect(height).toBeLessThanOrEqual(2000);
    writeFileSync("/tmp/rtg-chart-example.png", png);

    // The labels are drawn: the chart with its text has clearly more ink than without.
    const spec = digestChartSpec(demoLike()) as Json;
    const noText = structuredClone(spec) as Json & { config: Json };
    noText.title = "";
    noText.config = { ...noText.config, axis: { labels: false, title: null }, text: { opacity: 0 } };
    for (const n of nodes(noText.vconcat)) if ("title" in n) n.title = null;
    const inked = darkPixels(decodePng(png));
    const bare = darkPixels(decodePng(await renderChartPng(noText)));
    expect(inked).toBeGreaterThan(bare * 1.3);
  });

  it("renders the edge cases: Spanish with 25 segments, nothing at all", async () => {
    const many = await renderDigestChart({ ...twentyFive(), locale: "es" });
    const nothing = await renderDigestChart({ ...demoLike(), segments: [], trends: [] });
    expect(many.readUInt32BE(20)).toBeGreaterThan(nothing.readUInt32BE(20));
    expect(many.readUInt32BE(16)).toBeLessThanOrEqual(1400);
  });
});
