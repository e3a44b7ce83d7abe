import { describe, expect, it } from "vitest";
import { termsOf } from "../../src/domain/theme-words.js";
import { extractThemes, type ThemeText } from "../../src/domain/themes.js";

// Hand-written comment sets whose themes are known, in English and Spanish.

const texts = (segmentId: string, lines: string[], extra: Partial<ThemeText> = {}): ThemeText[] =>
  lines.map((text) => ({ text, segmentId, anonymous: false, ...extra }));

const labels = (r: ReturnType<typeof extractThemes>, segment: string) =>
  r.segments.find((s) => s.segmentId === segment)?.themes.map((t) => t.label) ?? [];

const SPANISH = [
  "La facturación es confusa y llega tarde",
  "Facturacion confusa otra vez",
  "Las facturas y la facturación son un lío",
  "No entiendo la facturación",
  "Mucha confusión con la facturación mensual",
  "El soporte es muy lento",
  "Soporte lento, tardan días",
  "El soporte es lento, lentísimo",
  "Soporte lento cuando hay incidencias",
  "Soporte lento de nuevo",
];

describe("theme words", () => {
  it("folds accents and stems plurals in both languages", () => {
    const es = [...termsOf("Facturación y facturas caras", "es").terms.keys()];
    expect(es).toEqual(expect.arrayContaining(["factur", "car"]));
    expect([...termsOf("facturacion", "es").terms.keys()]).toEqual(["factur"]);
    expect([...termsOf("precios", "es").terms.keys()]).toEqual([...termsOf("precio", "es").terms.keys()]);
    expect([...termsOf("Prices", "en").terms.keys()]).toEqual([...termsOf("price", "en").terms.keys()]);
  });

  it("marks negated words: 'no es caro' is not 'caro', 'not expensive' is not 'expensive'", () => {
    const es = termsOf("No es caro, pero el soporte es lento").terms;
    expect(es.has("car")).toBe(false);
    expect(es.get("¬car")).toBe("no caro");
    expect(es.has("lent")).toBe(true);
    const en = termsOf("It is not expensive, but support is slow").terms;
    expect(en.has("expens")).toBe(false);
    expect(en.has("¬expens")).toBe(true);
    expect(en.has("slow")).toBe(true);
    expect(termsOf("It isn't expensive").terms.has("¬expens")).toBe(true);
  });

  it("gives nothing for emoji-only and stopword-only texts", () => {
    expect(termsOf("🙂🙂👍🔥").terms.size).toBe(0);
    expect(termsOf("the and of it is").terms.size).toBe(0);
    expect(termsOf("y de la que el en", "es").terms.size).toBe(0);
    expect(termsOf("   ").terms.size).toBe(0);
  });

  it("reads a 20,000-character note", () => {
    const note = "Onboarding was slow. ".repeat(1000);
    expect(note.length).toBe(21_000);
    const { terms } = termsOf(note);
    expect(terms.has("onboard")).toBe(true);
    // One 20,000-letter "word" (a pasted code, a link) is no theme.
    expect(termsOf(`${"a".repeat(20_000)} 🙂`).terms.size).toBe(0);
  });
});

describe("extractThemes", () => {
  it("finds the known Spanish themes, accents and plurals together", () => {
    const r = extractThemes(texts("s1", SPANISH), [], { anonymityMin: 5 });
    const themes = r.segments[0]?.themes ?? [];
    expect(themes.map((t) => t.key).slice(0, 2)).toEqual(["lent soport", "factur"]);
    expect(themes[0]).toMatchObject({ label: "soporte lento", mentions: 5, previousMentions: 0, change: 5 });
    expect(themes[1]).toMatchObject({ label: "facturación", mentions: 5 });
    expect(themes[1]?.quote).toMatch(/factura/i);
  });

  it("never counts 'no es caro' as the theme 'caro'", () => {
    const lines = [
      "No es caro",
      "no es caro para lo que ofrece",
      "Nada caro, muy bien",
      "no es nada caro",
      "No es caro y funciona",
      "Es caro",
    ];
    const r = extractThemes(texts("s1", lines, { locale: "es" }), [], { anonymityMin: 5 });
    const themes = r.segments[0]?.themes ?? [];
    expect(themes.map((t) => t.key)).toEqual(["¬car"]);
    expect(themes[0]?.mentions).toBe(5);
    expect(themes[0]?.label).toBe("no caro");
  });

  it("finds English themes with their scores, the change and a quote", () => {
    const current: ThemeText[] = [
      ...[
        "Support is slow",
        "slow support again",
        "Support was slow to reply",
        "so slow support",
        "Slow support!",
      ].map((text, i) => ({
        text,
        segmentId: "smb",
        anonymous: false,
        author: "U1",
        score: { kind: "nps" as const, value: i },
      })),
      ...texts("smb", [
        "Prices are expensive",
        "expensive price",
        "expensive prices",
        "the price is expensive",
        "Expensive price",
      ]),
    ];
    const previous = texts("smb", [
      "support slow",
      "slow support",
      "slow support",
      "slow support",
      "slow support",
      "x",
    ]);
    const r = extractThemes(current, previous, { anonymityMin: 5 });
    const themes = r.segments[0]?.themes ?? [];
    // Equal mentions and rarity: the order is the stems'.
    expect(themes.map((t) => t.key)).toEqual(["expens price", "slow support"]);
    expect(themes[1]).toMatchObject({ label: "slow support", mentions: 5, previousMentions: 5, change: 0 });
    expect(themes[1]?.scores).toEqual([{ kind: "nps", average: 2, n: 5 }]);
    expect(themes[0]).toMatchObject({ mentions: 5, previousMentions: 0, change: 5, scores: [] });
    expect(themes[1]?.quote).toBe("Support was slow to reply");
  });

  it("never ranks a theme on fewer than 5 texts, even when asked to", () => {
    const r = extractThemes(
      texts("s", ["slow support", "slow support", "slow support", "slow support"]),
      [],
      {
        anonymityMin: 5,
        minMentions: 2,
      },
    );
    expect(r.segments[0]?.themes).toEqual([]);
    expect(r.total.themes).toEqual([]);
  });

  it("quotes anonymous texts only from a group of at least the anonymity minimum", () => {
    const six = [
      "slow support",
      "support slow",
      "slow support today",
      "slow support",
      "slow support",
      "slow support",
    ];
    const small = extractThemes(texts("s", six, { anonymous: true }), [], { anonymityMin: 7 });
    expect(small.segments[0]?.themes[0]?.mentions).toBe(6);
    expect(small.segments[0]?.themes[0]?.quote).toBeNull();
    const big = extractThemes(texts("s", six, { anonymous: true }), [], { anonymityMin: 6 });
    expect(big.segments[0]?.themes[0]?.quote).toMatch(/slow/);
  });

  it("gives no theme for emoji-only and stopword-only texts and keeps segments apart", () => {
    const r = extractThemes(
      [
        ...texts("a", Array(10).fill("🙂👍")),
        ...texts("b", Array(10).fill("the and of it")),
        ...texts("c", SPANISH),
      ],
      [],
      { anonymityMin: 5 },
    );
    expect(r.segments.map((s) => s.segmentId)).toEqual(["c"]);
    expect(r.total.texts).toBe(10);
    expect(labels(r, "c")).toHaveLength(2);
  });

  it("handles a 20,000-character note and cuts its quote", () => {
    const long = `Onboarding is slow. ${"x".repeat(20_000)}`;
    const r = extractThemes(texts("s", Array(5).fill(long)), [], { anonymityMin: 5 });
    const theme = r.segments[0]?.themes[0];
    expect(theme?.mentions).toBe(5);
    expect(theme?.quote?.length).toBe(280);
  });
});
