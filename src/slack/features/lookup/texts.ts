import type { Locale } from "../../../domain/locale.js";

const en = {
  segments: "Segments",
  customers: "Customers",
};

const es: typeof en = {
  segments: "Segmentos",
  customers: "Clientes",
};

export const lookupTexts: Record<Locale, typeof en> = { en, es };
