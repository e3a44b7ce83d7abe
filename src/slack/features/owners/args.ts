// What `/cx owner <customer> [@person | none]` asks: the words split into the customer as typed
// and, when the last word names a person or says "none", what to set. Pure.

export type OwnerRequest =
  | { kind: "usage" }
  | { kind: "show"; customer: string }
  | { kind: "clear"; customer: string }
  | { kind: "set"; customer: string; person: string };

const NONE = new Set(["none", "nobody", "nadie", "ninguno", "ninguna"]);

/** A word that names a person: a mention (typed or escaped), an e-mail address or a user id. */
function namesPerson(word: string): boolean {
  return (
    /^(@|<@|<mailto:)/.test(word) ||
    /^[^@\s]+@[^@\s]+$/.test(word) ||
    /^[UW](?=.*\d)[A-Z0-9]{2,30}$/.test(word)
  );
}

export function parseOwnerArgs(args: string[]): OwnerRequest {
  const last = args.at(-1);
  if (last === undefined) return { kind: "usage" };
  const before = args.slice(0, -1).join(" ").trim();
  if (NONE.has(last.toLowerCase())) return before ? { kind: "clear", customer: before } : { kind: "usage" };
  if (namesPerson(last)) return before ? { kind: "set", customer: before, person: last } : { kind: "usage" };
  return { kind: "show", customer: args.join(" ") };
}
