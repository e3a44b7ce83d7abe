// CSV cells for files people open in spreadsheets. RFC 4180 quoting, plus OWASP's advice on CSV
// injection: a cell a spreadsheet would read as a formula (it starts with =, +, -, @, a tab or a
// carriage return) gets a leading apostrophe, so a note such as `=HYPERLINK(...)` is shown as
// text instead of being run on the admin's machine.

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

/** One cell: neutralised, then quoted when it holds a comma, a quote or a line break. */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record with its CRLF line ending (RFC 4180). */
export function csvLine(values: ReadonlyArray<string | number | null | undefined>): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}

/**
 * The inverse of the neutralising apostrophe, for the canonical import: an exported file imports
 * back to the same notes and ids. Only an apostrophe followed by a formula start is removed, so a
 * note that merely begins with an apostrophe ("'90s pricing") is kept as written.
 */
export function restoreFormulaCell(cell: string): string {
  return cell.length > 1 && cell.charCodeAt(0) === 39 && FORMULA_START.test(cell.slice(1))
    ? cell.slice(1)
    : cell;
}
