// Reading a spreadsheet file into rows of text cells: CSV (UTF-8, with or without BOM) by csv-parse, XLSX
// by exceljs. What cannot be read becomes a problem at row 1 (or the row of the cell), never an exception.
import { parse as parseCsv } from 'csv-parse/sync';
import ExcelJS from 'exceljs';

/** A problem of a file or of one of its cells. `row` is the spreadsheet's row number (the header is 1). */
export interface ImportProblem {
  row: number;
  column: string | null;
  value: string | null;
  messageVi: string;
  messageEn: string;
}

export interface SheetRow {
  /** Spreadsheet row number (header = 1). */
  row: number;
  cells: string[];
}

export interface Sheet {
  format: 'CSV' | 'XLSX';
  headers: string[];
  rows: SheetRow[];
  problems: ImportProblem[];
}

export const fileProblem = (messageVi: string, messageEn: string, row = 1, column: string | null = null, value: string | null = null): ImportProblem => ({
  row,
  column,
  value,
  messageVi,
  messageEn,
});

const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** Reads CSV or XLSX, told apart by content (an XLSX is a ZIP archive), not by the file name. */
export async function readSheet(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.length === 0) return empty('CSV', [fileProblem('Tệp rỗng (0 byte).', 'The file is empty (0 bytes).')]);
  if (isZip(bytes)) return readXlsx(bytes);
  return readCsv(bytes);
}

const empty = (format: Sheet['format'], problems: ImportProblem[]): Sheet => ({ format, headers: [], rows: [], problems });

function readCsv(bytes: Uint8Array): Sheet {
  if (bytes.includes(0)) {
    return empty('CSV', [fileProblem('Tệp không phải bảng tính CSV hay XLSX (có byte nhị phân).', 'The file is not a CSV or XLSX spreadsheet (it holds binary bytes).')]);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return empty('CSV', [
      fileProblem(
        'Tệp không được mã hoá UTF-8: hãy lưu lại dưới dạng "CSV UTF-8".',
        'The file is not encoded in UTF-8: save it again as "CSV UTF-8".',
        firstBadLine(bytes),
      ),
    ]);
  }
  let records: string[][];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: false, trim: false }) as string[][];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return empty('CSV', [fileProblem(`Tệp CSV sai cú pháp: ${(error as Error).message}`, `The CSV is malformed: ${(error as Error).message}`, line)]);
  }
  const [header, ...rest] = records;
  if (!header) return empty('CSV', [fileProblem('Tệp không có dòng tiêu đề.', 'The file has no header line.')]);
  // Row numbers as a spreadsheet program shows the file: one row per record, the header being row 1.
  const rows: SheetRow[] = rest.map((cells, index) => ({ row: index + 2, cells: cells.map(clean) }));
  return { format: 'CSV', headers: header.map(clean), rows, problems: [] };
}

/** The 1-based line of the first byte sequence that is not UTF-8, so the officer can find it. */
function firstBadLine(bytes: Uint8Array): number {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 0x0a) {
      try {
        decoder.decode(bytes.subarray(start, i));
      } catch {
        return line;
      }
      line += 1;
      start = i + 1;
    }
  }
  return 1;
}

const clean = (cell: string) => cell.normalize('NFC').trim();

type CellValue = ExcelJS.CellValue;

/** A cell's text, or a problem: formulas are refused (their cached results may be stale or absent). */
function cellText(value: CellValue): { text: string; problem?: string } {
  if (value == null) return { text: '' };
  if (value instanceof Date) return { text: value.toISOString().slice(0, 10) };
  if (typeof value === 'number') return { text: Number.isInteger(value) ? String(value) : String(value) };
  if (typeof value === 'boolean') return { text: value ? 'có' : 'không' };
  if (typeof value === 'string') return { text: value };
  if ('formula' in value || 'sharedFormula' in value) return { text: '', problem: 'formula' };
  if ('richText' in value) return { text: value.richText.map((part) => part.text).join('') };
  if ('hyperlink' in value) return { text: String(value.text ?? value.hyperlink) };
  if ('error' in value) return { text: '', problem: 'error' };
  return { text: String(value) };
}

async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ExcelJS.Buffer);
  } catch {
    return empty('XLSX', [fileProblem('Tệp không phải bảng tính XLSX đọc được.', 'The file is not a readable XLSX workbook.')]);
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return empty('XLSX', [fileProblem('Bảng tính không có trang nào.', 'The workbook has no worksheet.')]);
  const problems: ImportProblem[] = [];
  const width = sheet.columnCount;
  let headers: string[] | undefined;
  const rows: SheetRow[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let col = 1; col <= width; col++) {
      const { text, problem } = cellText(row.getCell(col).value);
      if (problem === 'formula') {
        problems.push(
          fileProblem(
            'Ô chứa công thức: hãy dán giá trị (Paste Values) thay cho công thức.',
            'The cell holds a formula: paste its value instead (Paste Values).',
            rowNumber,
            headers?.[col - 1] ?? row.getCell(col).address,
            String((row.getCell(col).value as { formula?: string }).formula ?? ''),
          ),
        );
      } else if (problem === 'error') {
        problems.push(fileProblem('Ô chứa lỗi của Excel.', 'The cell holds an Excel error.', rowNumber, headers?.[col - 1] ?? row.getCell(col).address, null));
      }
      cells.push(clean(text));
    }
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    if (!headers) {
      if (rowNumber !== 1) problems.push(fileProblem('Dòng tiêu đề phải là dòng 1.', 'The header must be on row 1.', rowNumber));
      headers = cells;
    } else rows.push({ row: rowNumber, cells });
  });
  if (!headers) return empty('XLSX', [fileProblem('Trang tính đầu tiên trống.', 'The first worksheet is empty.')]);
  return { format: 'XLSX', headers, rows, problems };
}
