// CSV for spreadsheet users, written once for the server's exports and templates and the browser's
// downloads: RFC 4180 quoting, CRLF line ends and a byte-order mark so that Excel opens Vietnamese text as
// UTF-8. Pure; tested in tests/unit/web-format.test.ts and tests/database/hostile-exports.test.ts.

type Cell = string | number | null | undefined;

/**
 * Text a spreadsheet would run as a formula starts with one of these (OWASP, CSV injection); a leading
 * apostrophe marks the rest as text, so it is written before them, and before an apostrophe itself so that
 * reading one apostrophe off gives back any text exactly (src/import/columns.ts, docs/import.md).
 */
const FORMULA_START = /^[=+\-@\t\r']/;

function cell(value: Cell): string {
  // A number is written as it is: a negative one is a number to the spreadsheet, never a formula.
  const text = value == null ? '' : typeof value === 'number' ? String(value) : FORMULA_START.test(value) ? `'${value}` : value;
  // Surrounding spaces are quoted too, so that a spreadsheet does not trim them away.
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][] = []): string {
  return `\uFEFF${csvLines([header, ...rows])}`;
}

/** Rows as CSV lines, each ended by CRLF, without the byte-order mark: a file written a page at a time. */
export function csvLines(rows: Cell[][]): string {
  return rows.map((row) => `${row.map(cell).join(',')}\r\n`).join('');
}
