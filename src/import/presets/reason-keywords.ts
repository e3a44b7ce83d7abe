import { foldLabel } from "./source-header.js";

// CRMs keep the reason a deal was won or lost as free text (HubSpot's "Closed Lost Reason") or a
// custom picklist, in whatever language the sales team writes. These keyword lists turn that text
// into a code of the default taxonomy (src/domain/taxonomy.ts); the original text always goes to
// the movement's note, so nothing is lost when the guess is "other". Order matters: the first
// matching code wins ("competencia más barata" is a competitor loss, "no budget" is not price).

type Rule = readonly [code: string, keywords: readonly string[]];

const LOST: readonly Rule[] = [
  [
    "competitor",
    [
      "competitor",
      "competition",
      "competencia",
      "competidor",
      "rival",
      "another vendor",
      "other vendor",
      "otro proveedor",
      "went with",
      "chose another",
      "se fue con",
      "eligio a",
    ],
  ],
  [
    "champion_left",
    [
      "champion",
      "valedor",
      "sponsor",
      "patrocinador",
      "contact left",
      "left the company",
      "dejo la empresa",
      "se fue de la empresa",
    ],
  ],
  [
    "onboarding_failure",
    ["onboarding", "implementation", "implementacion", "implantacion", "adoption", "adopcion", "never used"],
  ],
  ["budget_cut", ["budget", "presupuesto", "funding", "financiacion", "recorte", "cost cutting", "no money"]],
  [
    "price",
    ["price", "pricing", "precio", "expensive", "caro", "cost", "coste", "costo", "tarifa", "discount"],
  ],
  [
    "product_gap",
    [
      "feature",
      "functionality",
      "funcionalidad",
      "missing",
      "falta",
      "product",
      "producto",
      "integration",
      "integracion",
      "bug",
      "roadmap",
    ],
  ],
  ["poor_service", ["service", "servicio", "support", "soporte", "atencion", "response time"]],
];

const GAINED: readonly Rule[] = [
  ["partner", ["partner", "socio", "reseller", "revendedor", "distribuidor", "channel", "canal"]],
  [
    "referral",
    ["referral", "referred", "referido", "recomendacion", "recommendation", "word of mouth", "boca a boca"],
  ],
  ["expansion_from_trial", ["trial", "prueba", "freemium", "free plan", "plan gratuito"]],
  [
    "outbound",
    ["outbound", "cold", "prospeccion", "prospecting", "purchased list", "lista comprada", "sdr", "bdr"],
  ],
  [
    "inbound_marketing",
    [
      "inbound",
      "web",
      "seo",
      "content",
      "contenido",
      "webinar",
      "organic",
      "organico",
      "marketing",
      "phone inquiry",
      "trade show",
      "feria",
      "advertis",
      "publicidad",
    ],
  ],
];

function match(rules: readonly Rule[], text: string): string | null {
  const folded = ` ${foldLabel(text).replace(/[^a-z0-9]+/g, " ")} `;
  if (folded.trim() === "") return null;
  for (const [code, keywords] of rules) {
    // A keyword must start a word, so "cost" matches "costs" but "web" does not match "cobweb".
    if (keywords.some((k) => folded.includes(` ${k}`))) return code;
  }
  return "other";
}

/** A lost reason code for the text (other when no keyword matches), or null for no text. */
export function lostReasonFromText(text: string): string | null {
  return match(LOST, text);
}

/** A gained reason code for the text (other when no keyword matches), or null for no text. */
export function gainedReasonFromText(text: string): string | null {
  return match(GAINED, text);
}
