import { describe, expect, it } from "vitest";
import { parseOwnerArgs } from "../../src/slack/features/owners/args.js";

// How `/cx owner` splits its words: the customer as typed, then a person or "none" last.

const words = (text: string) => text.split(/\s+/).filter(Boolean);

describe("parseOwnerArgs", () => {
  it("reads show, set and clear, with customer names of several words", () => {
    expect(parseOwnerArgs(words("Acme Tools"))).toEqual({ kind: "show", customer: "Acme Tools" });
    expect(parseOwnerArgs(words("Acme Tools @jane.doe"))).toEqual({
      kind: "set",
      customer: "Acme Tools",
      person: "@jane.doe",
    });
    expect(parseOwnerArgs(words("acme <@U0123ABC|jane>"))).toMatchObject({
      kind: "set",
      person: "<@U0123ABC|jane>",
    });
    expect(parseOwnerArgs(words("acme U0123ABC"))).toMatchObject({ kind: "set", person: "U0123ABC" });
    expect(parseOwnerArgs(words("acme jane@example.com"))).toMatchObject({
      kind: "set",
      person: "jane@example.com",
    });
    expect(parseOwnerArgs(words("Acme Tools none"))).toEqual({ kind: "clear", customer: "Acme Tools" });
    expect(parseOwnerArgs(words("Acme Nadie"))).toEqual({ kind: "clear", customer: "Acme" });
  });

  it("keeps a last word that only looks like an id without digits as part of the name", () => {
    expect(parseOwnerArgs(words("Hello WORLD"))).toEqual({ kind: "show", customer: "Hello WORLD" });
  });

  it("asks for the usage with nothing, or with a person or none but no customer", () => {
    expect(parseOwnerArgs([])).toEqual({ kind: "usage" });
    expect(parseOwnerArgs(["@jane"])).toEqual({ kind: "usage" });
    expect(parseOwnerArgs(["none"])).toEqual({ kind: "usage" });
  });
});
