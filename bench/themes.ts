import { termsOf } from "../src/domain/theme-words.js";
import { extractThemes, type ThemeText } from "../src/domain/themes.js";

// npm run bench:themes — theme extraction over 100,000 synthetic comments (English and Spanish,
// ten segments), against a plain tokenise-and-count pass over the same text. Prints; asserts nothing.

const N = 100_000;
const EN = [
  "support is slow",
  "not expensive",
  "billing is confusing",
  "great onboarding",
  "prices went up",
  "the app crashes",
  "invoices arrive late",
  "our account manager helps",
];
const ES = [
  "el soporte es lento",
  "no es caro",
  "la facturación es confusa",
  "buena incorporación",
  "subieron los precios",
  "la aplicación falla",
  "las facturas llegan tarde",
  "nuestro gestor nos ayuda",
];

let seed = 7;
const rand = (n: number) => {
  seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
  return seed % n;
};
const make = (count: number): ThemeText[] =>
  Array.from({ length: count }, (_, i) => {
    const words = i % 2 ? ES : EN;
    const text = `${words[rand(words.length)]}, ${words[rand(words.length)]} ${i % 97}`;
    return { text, anonymous: i % 3 === 0, segmentId: `s${i % 10}`, score: { kind: "nps", value: rand(11) } };
  });

const current = make(N);
const previous = make(N);

function plainCount(items: readonly ThemeText[]): number {
  const counts = new Map<string, number>();
  for (const t of items)
    for (const w of t.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
      counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts.size;
}

const time = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const v = f();
  return [v, performance.now() - t0];
};

termsOf("warm the stemmers up", "en");
const [, plain] = time(() => plainCount(current) + plainCount(previous));
const [report, themes] = time(() => extractThemes(current, previous, { anonymityMin: 5 }));
console.log(`themes: ${N.toLocaleString("en")} comments (+ as many in the previous period)`);
console.log(`  extractThemes        ${themes.toFixed(0)} ms`);
console.log(`  tokenise-and-count   ${plain.toFixed(0)} ms`);
console.log(`  ratio                ${(themes / plain).toFixed(1)}×`);
console.log(
  `  top themes overall   ${report.total.themes.map((t) => `${t.label} (${t.mentions})`).join(" · ")}`,
);
