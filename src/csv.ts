// CSV for spreadsheet users, written once for the server's exports and templates and the browser's
// downloads: RFC 4180 quoting, CRLF line ends and a byte-order mark so that Excel opens Vietnamese text as
// UTF-8. Pure; tested in tests/web-format.test.ts.

type Cell = string | number | null | undefined;

function cell(value: Cell): string {
  const text = value == null ? '' : String(value);
  // Surrounding spaces are quoted too, so that a spreadsheet does not trim them away.
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: string[], rows: Cell[][] = []): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
