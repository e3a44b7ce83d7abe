import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Font } from "opentype.js";
import { CHART_FONT, type ChartLocale, vegaLocale } from "./digest-chart-spec.js";

// Vega-Lite spec → SVG (vega, no canvas) → PNG (resvg, pure Rust, no native build), with the
// DejaVu Sans TTF files from npm as the only font. Why this pipeline: Vega's own PNG output
// needs node-canvas, a native addon over Cairo and the host's fonts that may have to be compiled;
// resvg-js ships prebuilt binaries, and taking the font from npm makes the chart look the same
// (and its labels fit the same) on every machine, with no fonts installed on the host.
//
// vega, vega-lite, resvg and the fonts load on the first render, not on import: importing this
// module is cheap. Without a canvas, Vega guesses text widths (too wide: labels get dropped or
// truncated), so the first render installs a measurement with the real glyph advances of the
// same TTF files resvg draws with.

export interface RenderChartOptions {
  /** Vega's number and date formats; when given, replaces the spec's `config.locale`. */
  locale?: ChartLocale;
  /** Pixels per SVG unit in the PNG (2 unless told). */
  scale?: number;
}

type VegaModule = typeof import("vega");
type VegaLiteModule = typeof import("vega-lite");
type ResvgModule = typeof import("@resvg/resvg-js");

interface Runtime {
  vega: VegaModule;
  vegaLite: VegaLiteModule;
  resvg: ResvgModule;
}

const require = createRequire(import.meta.url);
const FONT_DIR = join(dirname(require.resolve("dejavu-fonts-ttf/package.json")), "ttf");
export const FONT_FILES = {
  regular: join(FONT_DIR, "DejaVuSans.ttf"),
  bold: join(FONT_DIR, "DejaVuSans-Bold.ttf"),
} as const;

let runtime: Promise<Runtime> | undefined;

function loadRuntime(): Promise<Runtime> {
  runtime ??= (async () => {
    const [vega, vegaLite, resvg, opentypeModule] = await Promise.all([
      import("vega"),
      import("vega-lite"),
      import("@resvg/resvg-js"),
      import("opentype.js"),
    ]);
    // opentype.js is CommonJS: everything hangs off the default export.
    const opentype = (opentypeModule.default as typeof opentypeModule | undefined) ?? opentypeModule;
    const parse = (file: string) => {
      const bytes = readFileSync(file);
      const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength);
      // lowMemory: glyphs are read when first asked for (parsing all of DejaVu takes ~300 ms).
      return opentype.parse(buffer, { lowMemory: true });
    };
    installTextMetrics(vega, { regular: parse(FONT_FILES.regular), bold: parse(FONT_FILES.bold) });
    return { vega, vegaLite, resvg };
  })();
  runtime.catch(() => {
    runtime = undefined; // let a later call try again
  });
  return runtime;
}

/** What Vega passes to `textMetrics.width`: a text mark item. */
interface TextItem {
  fontSize?: number | string;
  fontWeight?: number | string;
  limit?: number;
}

/** opentype.js's GPOS reader: not in its typings. */
interface GposPosition {
  getKerningTables(script: string, language?: string): unknown[] | undefined;
  getKerningValue(lookups: unknown[], left: number, right: number): number;
}

/** Pair kerning in font units, as a shaper applies it to Latin text. */
function kerning(font: Font): (left: number, right: number) => number {
  // Font.getKerningValue looks at the GPOS "DFLT" script, where DejaVu has no kerning (it always
  // answers 0); its kerning is under "latn" (A·V = −131/2048 em), which is what resvg applies.
  const position = (font as unknown as { position?: GposPosition }).position;
  const latin = position?.getKerningTables("latn");
  if (position && latin?.length) return (left, right) => position.getKerningValue(latin, left, right);
  return (left, right) => font.getKerningValue(left, right);
}

/** Text width in px: glyph advances plus Latin pair kerning (opentype.js's getAdvanceWidth throws on DejaVu). */
export function glyphWidthMeasure(fonts: { regular: Font; bold: Font }) {
  const faces = [fonts.regular, fonts.bold].map((font) => ({ font, kern: kerning(font) }));
  const widths = new Map<string, number>(); // `${weight}:${text}` → width in em
  const emWidth = ({ font, kern }: { font: Font; kern: (l: number, r: number) => number }, text: string) => {
    let width = 0;
    let previous = -1;
    for (const ch of text) {
      const glyph = font.charToGlyph(ch);
      width += glyph.advanceWidth ?? 0;
      if (previous >= 0) width += kern(previous, glyph.index);
      previous = glyph.index;
    }
    return width / font.unitsPerEm;
  };
  return (text: string, fontSize: number, bold: boolean): number => {
    const key = `${bold ? "b" : "r"}:${text}`;
    let em = widths.get(key);
    if (em === undefined) {
      const face = faces[bold ? 1 : 0];
      em = face ? emWidth(face, text) : 0;
      if (widths.size > 10_000) widths.clear();
      widths.set(key, em);
    }
    return em * fontSize;
  };
}

function installTextMetrics(vega: VegaModule, fonts: { regular: Font; bold: Font }): void {
  const measure = glyphWidthMeasure(fonts);
  // Not in vega's typings; see vega-scenegraph's textMetrics.
  const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } })
    .textMetrics;
  metrics.width = (item, text) => {
    const size = item.fontSize != null ? Number(item.fontSize) || 0 : 11;
    const value = text == null ? "" : String(text).trim();
    if (size <= 0 || value === "") return 0;
    const weight = item.fontWeight;
    const bold = weight === "bold" || weight === "bolder" || Number(weight) >= 600;
    const width = measure(value, size, bold);
    // A label with a limit is drawn cut to fit it (vega truncates with "…"): its width is at most
    // the limit. Measuring the raw text here keeps vega's own truncation search working.
    return item.limit && item.limit > 0 ? Math.min(width, item.limit) : width;
  };
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Vega-Lite `spec` → SVG markup (1 unit = 1 px at 1×), with the chart font and `locale`. */
export async function renderChartSvg(vegaLiteSpec: object, opts: RenderChartOptions = {}): Promise<string> {
  const { vega, vegaLite } = await loadRuntime();
  const spec = structuredClone(vegaLiteSpec) as { config?: Record<string, unknown> };
  spec.config = { ...spec.config, font: CHART_FONT };
  if (opts.locale) spec.config.locale = vegaLocale(opts.locale);
  const compiled = vegaLite.compile(spec as Parameters<VegaLiteModule["compile"]>[0]).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * Renders a Vega-Lite spec to a PNG: white background, `scale` (2 unless told) pixels per unit.
 * Yields an event-loop turn before returning, so that resvg's native memory can be freed
 * between renders.
 */
export async function renderChartPng(vegaLiteSpec: object, opts: RenderChartOptions = {}): Promise<Buffer> {
  const svg = await renderChartSvg(vegaLiteSpec, opts);
  const { resvg } = await loadRuntime();
  const scale = opts.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) throw new RangeError(`scale must be in (0, 8], got ${scale}`);
  const image = await resvg.renderAsync(svg, {
    font: {
      loadSystemFonts: false,
      fontFiles: [FONT_FILES.regular, FONT_FILES.bold],
      defaultFontFamily: CHART_FONT,
      sansSerifFamily: CHART_FONT,
    },
    fitTo: { mode: "zoom", value: scale },
    background: "white",
    logLevel: "off",
  });
  const png = image.asPng();
  await nextTurn();
  return png;
}
