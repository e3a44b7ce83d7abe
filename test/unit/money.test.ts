import { describe, expect, it } from "vitest";
import { addMoney, formatMoney, parseMoney, percentOf, subMoney } from "../../src/domain/money.js";

describe("money", () => {
  it("adds without float drift", () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(addMoney("0.10", "0.20")).toBe("0.30");
    const tenCents = Array.from({ length: 1000 }, () => "0.10");
    expect(addMoney(...tenCents)).toBe("100.00");
    expect(subMoney("1000000000000.01", "0.02")).toBe("999999999999.99");
  });

  it("parses non-negative amounts with at most two decimals", () => {
    expect(parseMoney("1200")).toBe("1200.00");
    expect(parseMoney(" 1200.5 ")).toBe("1200.50");
    expect(parseMoney("-1")).toBeNull();
    expect(parseMoney("1.234")).toBeNull();
    expect(parseMoney("1,200")).toBeNull();
    expect(parseMoney("abc")).toBeNull();
  });

  it("gives percentages with one decimal and null for a zero base", () => {
    expect(percentOf(1, 3)).toBe(33.3);
    expect(percentOf("50.00", "200.00")).toBe(25);
    expect(percentOf(5, 0)).toBeNull();
  });

  it("formats for English and Spanish readers", () => {
    expect(formatMoney("1234567.49", "EUR", "en")).toBe("EUR 1,234,567");
    expect(formatMoney("1234567.50", "EUR", "es")).toBe("1.234.568 EUR");
  });
});
