import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { csvCell, csvLine, restoreFormulaCell } from "../../src/domain/csv-cells.js";

describe("CSV cells", () => {
  it("neutralises every formula start OWASP lists, and nothing else", () => {
    expect(["=1+1", "+34 600", "-5", "@SUM(A1)", "\tx", "\rx"].map(csvCell)).toEqual([
      "'=1+1",
      "'+34 600",
      "'-5",
      "'@SUM(A1)",
      "'\tx",
      '"\'\rx"',
    ]);
    expect(["a=b", "1-2", "'quoted", "", "Ñandú"].map(csvCell)).toEqual([
      "a=b",
      "1-2",
      "'quoted",
      "",
      "Ñandú",
    ]);
    expect(csvCell(null)).toBe("");
    expect(csvCell(7)).toBe("7");
  });

  it("quotes commas, quotes and line breaks so a CSV reader gets the text back", () => {
    const values = ['say "hi", then', "two\nlines", "crlf\r\nend", "plain", "=cmd|' /C calc'!A0"];
    const line = csvLine(values);
    expect(line.endsWith("\r\n")).toBe(true);
    const [record] = parse(line) as string[][];
    expect(record?.map(restoreFormulaCell)).toEqual(values);
  });

  it("restores only an apostrophe it could have added", () => {
    expect(restoreFormulaCell("'=x")).toBe("=x");
    expect(restoreFormulaCell("'90s pricing")).toBe("'90s pricing");
    expect(restoreFormulaCell("'")).toBe("'");
    expect(restoreFormulaCell("=x")).toBe("=x");
  });
});
