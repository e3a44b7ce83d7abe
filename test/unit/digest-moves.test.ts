import { describe, expect, it } from "vitest";
import { firstWords, MOVE_NOTE_CHARS } from "../../src/domain/digest.js";

describe("a note's first words in the digest's biggest moves", () => {
  it("keeps a short note whole, on one line", () => {
    expect(firstWords("  Tickets sin respuesta\ndurante   semanas ", MOVE_NOTE_CHARS)).toBe(
      "Tickets sin respuesta durante semanas",
    );
  });

  it("cuts a long one at a word, ellipsis included in the 60 characters", () => {
    const note = "They moved to a competitor that bundled analytics, support and onboarding for less money";
    const cut = firstWords(note, MOVE_NOTE_CHARS);
    expect(cut).toBe("They moved to a competitor that bundled analytics, support…");
    expect(cut.length).toBeLessThanOrEqual(60);
  });

  it("cuts a note without spaces where it must", () => {
    const cut = firstWords("x".repeat(100), 60);
    expect(cut).toBe(`${"x".repeat(59)}…`);
  });

  it("drops the punctuation before the ellipsis", () => {
    expect(firstWords("aaaa bbbb, cccc dddd", 12)).toBe("aaaa bbbb…");
  });
});
