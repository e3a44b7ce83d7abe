import type { Parsed } from "./preset-values.js";

// Salesforce record ids come in two forms: 15 characters, case-sensitive (reports, the UI), and
// 18 characters, case-insensitive (the API, Data Loader, CASESAFEID()): the 15 plus three
// characters that spell the case of the first 15. Each block of five characters gives one: bit i
// is set when character i of the block is an upper-case letter, and the 5-bit number indexes
// A–Z then 0–5. So 00U20000001Rx6d is 00U20000001Rx6dEAC ("00U20" → bit 2 → E, "00000" → A,
// "1Rx6d" → bit 1 → C). Both forms name one record; the preset keeps the 15-character one.

const SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";
const ID15 = /^[a-zA-Z0-9]{15}$/;
const ID18 = /^[a-zA-Z0-9]{15}[A-Za-z0-5]{3}$/;

/** The three checksum characters of a 15-character id. */
export function salesforceIdSuffix(id15: string): string {
  let suffix = "";
  for (let block = 0; block < 3; block++) {
    let bits = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charAt(block * 5 + i);
      if (c >= "A" && c <= "Z") bits |= 1 << i;
    }
    suffix += SUFFIX_ALPHABET.charAt(bits);
  }
  return suffix;
}

/** The 18-character form of a 15-character id. */
export function salesforceId18(id15: string): string {
  return `${id15}${salesforceIdSuffix(id15)}`;
}

/** A 15- or 18-character id as its 15-character form; an 18-character one must pass its checksum. */
export function normaliseSalesforceId(text: string): Parsed<string> {
  const t = text.trim();
  if (ID15.test(t)) return { ok: true, value: t };
  if (ID18.test(t)) {
    const id15 = t.slice(0, 15);
    const expected = salesforceIdSuffix(id15);
    if (t.slice(15).toUpperCase() === expected) return { ok: true, value: id15 };
    return {
      ok: false,
      message: `"${t}" is not a valid 18-character Salesforce id: its last three characters should be ${expected} (the id was changed, or its letters' case was)`,
    };
  }
  return { ok: false, message: `"${t}" is not a Salesforce id (15 or 18 letters and digits)` };
}
