// Reading a spreadsheet file into rows of text cells: CSV (UTF-8, with or without BOM) by csv-parse, XLSX
// by inflating its parts ourselves and scanning their XML as it inflates. What cannot be read becomes a
// problem at row 1 (or the row of the cell), never an exception.
//
// A file is hostile until read: a 1 MB XLSX can inflate to gigabytes, and a CSV can hold a million rows.
// So both are read as streams, counted as they go (inflated bytes, rows, cells, characters), and the read
// stops at the first limit passed, answering that limit as the file's only problem; the event loop gets a
// turn between chunks, so the server keeps answering meanwhile.
import { parse as parseCsv } from 'csv-parse';
import { Readable } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { createInflateRaw } from 'node:zlib';

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

// The limits. Legitimate imports are made for 100,000 rows (npm run bench:import) of at most 10 columns
// (MODELS, the widest template); each limit leaves room for twice that, or more, and no further.

/** Data rows (the header not counted): twice the 100,000 an import is made for. */
export const MAX_ROWS = 200_000;
/** Columns holding a value: the widest template has 10, a sheet with notes beside it a few more. */
export const MAX_COLUMNS = 64;
/** Cells, each row counted up to its last value: 100,000 rows of 30 columns, or the row limit of 15. */
export const MAX_CELLS = 3_000_000;
/** Characters in one cell: Excel's own limit; the longest text a record takes is 4,000 (a model's description). */
export const MAX_CELL_CHARACTERS = 32_767;
/**
 * Characters in all cells together: more than a 50 MB CSV upload can hold, so an XLSX cannot carry more text
 * than a CSV either (one shared string used in every cell would otherwise make gigabytes).
 */
export const MAX_SHEET_CHARACTERS = 64_000_000;
/**
 * Bytes inflated from an XLSX, counted as they come out of the inflater (the sizes the archive declares
 * are not believed): 100,000 rows of 12 columns in Excel's XML inflate to about 60 MB with their shared
 * strings; four times that is room for wide styles and long texts.
 */
export const MAX_INFLATED_BYTES = 256 * 2 ** 20;

/** A limit passed: the read stops at once, and the file answers this problem alone. */
class LimitPassed extends Error {
  constructor(readonly problem: ImportProblem) {
    super(problem.messageEn);
  }
}

/** What is not a well-formed XLSX (its zip or its XML); answered as an unreadable workbook. */
class Unreadable extends Error {}

const vi = (count: number) => count.toLocaleString('vi-VN');
const en = (count: number) => count.toLocaleString('en-US');
const tooMuch = (whatVi: string, whatEn: string, row = 1) =>
  new LimitPassed(
    fileProblem(
      `${whatVi}, quá mức một lần nhập đọc được: hãy chia thành nhiều tệp.`,
      `${whatEn}, the most an import reads: split it into several files.`,
      row,
    ),
  );
const tooManyRows = (row: number) => tooMuch(`Trang tính có hơn ${vi(MAX_ROWS)} dòng dữ liệu`, `The sheet has more than ${en(MAX_ROWS)} data rows`, row);
const tooManyCells = (row: number) => tooMuch(`Trang tính có hơn ${vi(MAX_CELLS)} ô`, `The sheet has more than ${en(MAX_CELLS)} cells`, row);
const tooMuchText = (row: number) =>
  tooMuch(`Trang tính chứa hơn ${vi(MAX_SHEET_CHARACTERS)} ký tự`, `The sheet holds more than ${en(MAX_SHEET_CHARACTERS)} characters of text`, row);
const tooManySharedTexts = () =>
  tooMuch(`Tệp XLSX chứa hơn ${vi(MAX_CELLS)} chuỗi văn bản dùng chung`, `The workbook holds more than ${en(MAX_CELLS)} shared texts`);
const inflatesTooMuch = () =>
  tooMuch(`Tệp XLSX giải nén ra hơn ${MAX_INFLATED_BYTES / 2 ** 20} MB`, `The workbook inflates to more than ${MAX_INFLATED_BYTES / 2 ** 20} MB`);
const beyondLastColumn = (row: number, address: string) =>
  new LimitPassed(
    fileProblem(
      `Có giá trị nằm ngoài cột thứ ${MAX_COLUMNS}, quá mức một lần nhập đọc được.`,
      `A value lies beyond column ${MAX_COLUMNS}, the widest sheet an import reads.`,
      row,
      address,
    ),
  );
const cellTooLong = (row: number, address: string | null) =>
  new LimitPassed(
    fileProblem(
      `Ô chứa hơn ${vi(MAX_CELL_CHARACTERS)} ký tự, quá mức một ô được phép.`,
      `The cell holds more than ${en(MAX_CELL_CHARACTERS)} characters, the most a cell may hold.`,
      row,
      address,
    ),
  );

/** Counts what a sheet holds as it is read and stops the read at the first limit passed. */
class Tally {
  private rows = 0;
  private cells = 0;
  private characters = 0;

  /** A row (the header too) of `width` cells up to its last value. */
  row(row: number, width: number) {
    if (++this.rows > MAX_ROWS + 1) throw tooManyRows(row);
    this.cells += width;
    if (this.cells > MAX_CELLS) throw tooManyCells(row);
  }

  /** The text of one cell (no longer than MAX_CELL_CHARACTERS), or of `count` cells holding the same text. */
  text(row: number, length: number, count = 1) {
    this.characters += length * count;
    if (this.characters > MAX_SHEET_CHARACTERS) throw tooMuchText(row);
  }
}

/** Column 1 is A, 27 is AA. */
function columnName(column: number): string {
  let name = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

const isZip = (bytes: Uint8Array) => bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** Reads CSV or XLSX, told apart by content (an XLSX is a ZIP archive), not by the file name. */
export async function readSheet(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.length === 0) return empty('CSV', [fileProblem('Tệp rỗng (0 byte).', 'The file is empty (0 bytes).')]);
  if (isZip(bytes)) return readXlsx(bytes);
  return readCsv(bytes);
}

const empty = (format: Sheet['format'], problems: ImportProblem[]): Sheet => ({ format, headers: [], rows: [], problems });

/** Records between two turns of the event loop: a few milliseconds of parsing. */
const RECORDS_PER_TURN = 2000;
/** The slices a file is fed to csv-parse and XML is scanned in. */
const CHUNK_BYTES = 64 * 1024;

async function readCsv(bytes: Uint8Array): Promise<Sheet> {
  if (bytes.includes(0)) {
    return empty('CSV', [
      fileProblem('Tệp không phải bảng tính CSV hay XLSX (có byte nhị phân).', 'The file is not a CSV or XLSX spreadsheet (it holds binary bytes).'),
    ]);
  }
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return empty('CSV', [
      fileProblem(
        'Tệp không được mã hoá UTF-8: hãy lưu lại dưới dạng "CSV UTF-8".',
        'The file is not encoded in UTF-8: save it again as "CSV UTF-8".',
        firstBadLine(bytes),
      ),
    ]);
  }
  // Fed in slices through a stream so that records come only as fast as they are taken: a read stopped at
  // a limit parses nothing further.
  const source = Readable.from(slices(bytes), { objectMode: false });
  const parser = source.pipe(parseCsv({ bom: true, relax_column_count: true, skip_empty_lines: false, trim: false }));
  const tally = new Tally();
  let header: string[] | undefined;
  const rows: SheetRow[] = [];
  try {
    let row = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      row += 1;
      const cells = record.map(clean);
      let width = cells.length;
      while (width > 0 && cells[width - 1] === '') width--;
      if (width > MAX_COLUMNS) {
        const column = cells.findIndex((cell, index) => index >= MAX_COLUMNS && cell !== '') + 1;
        throw beyondLastColumn(row, `${columnName(column)}${row}`);
      }
      for (let col = 0; col < width; col++) {
        if (cells[col]!.length > MAX_CELL_CHARACTERS) throw cellTooLong(row, `${columnName(col + 1)}${row}`);
        tally.text(row, cells[col]!.length);
      }
      tally.row(row, width);
      // Row numbers as a spreadsheet program shows the file: one row per record, the header being row 1.
      if (header) rows.push({ row, cells });
      else header = cells;
      if (row % RECORDS_PER_TURN === 0) await nextTurn();
    }
  } catch (error) {
    if (error instanceof LimitPassed) return empty('CSV', [error.problem]);
    const line = (error as { lines?: number }).lines ?? 1;
    return empty('CSV', [fileProblem(`Tệp CSV sai cú pháp: ${(error as Error).message}`, `The CSV is malformed: ${(error as Error).message}`, line)]);
  } finally {
    source.destroy();
    parser.destroy();
  }
  if (!header) return empty('CSV', [fileProblem('Tệp không có dòng tiêu đề.', 'The file has no header line.')]);
  return { format: 'CSV', headers: header, rows, problems: [] };
}

function* slices(bytes: Uint8Array) {
  for (let at = 0; at < bytes.length; at += CHUNK_BYTES)
    yield Buffer.from(bytes.buffer as ArrayBuffer, bytes.byteOffset + at, Math.min(CHUNK_BYTES, bytes.length - at));
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

// XML, scanned as it inflates. Only what the reader needs: elements (names without their prefix), their
// attributes, and text. A DOCTYPE is refused (OOXML has none, and its entities are a bomb of their own);
// comments and processing instructions are skipped without being kept; no piece is held longer than a tag.

interface XmlHandler {
  open?(name: string, attributes: Record<string, string>): void;
  close?(name: string): void;
  /** Raw text (entities not yet decoded: see `decodeXml`), in as many pieces as the chunks cut it. */
  text?(raw: string): void;
}

const TAG = /<(\/?)([^\s/>]+)((?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/y;
/** The longest tag waited for across chunks; a tag longer than this is no spreadsheet's. */
const MAX_TAG_CHARACTERS = 64 * 1024;
/** The longest entity (`&#x10FFFF;`) with room to spare, waited for when a chunk cuts one. */
const MAX_ENTITY_CHARACTERS = 16;

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

class XmlScanner {
  private pending = '';
  /** The end of the comment, processing instruction or CDATA section being passed over. */
  private until: string | null = null;
  private inCdata = false;

  constructor(private readonly handler: XmlHandler) {}

  write(chunk: string, last = false) {
    const buffer = this.pending + chunk;
    this.pending = '';
    let at = 0;
    while (at < buffer.length) {
      if (this.until) {
        const end = buffer.indexOf(this.until, at);
        const stop = end < 0 ? Math.max(at, buffer.length - this.until.length + 1) : end;
        // CDATA is text as it stands: escaped, so that decoding it gives it back.
        if (this.inCdata && stop > at) this.handler.text?.(buffer.slice(at, stop).replace(/&/g, '&amp;'));
        if (end < 0) {
          this.pending = buffer.slice(stop);
          break;
        }
        at = end + this.until.length;
        this.until = null;
        this.inCdata = false;
        continue;
      }
      const lt = buffer.indexOf('<', at);
      if (lt < 0) {
        // An entity the chunk cut waits for its end.
        const amp = buffer.lastIndexOf('&');
        const cut = amp >= at && buffer.indexOf(';', amp) < 0 ? amp : buffer.length;
        if (buffer.length - cut > MAX_ENTITY_CHARACTERS) throw new Unreadable();
        if (cut > at) this.handler.text?.(buffer.slice(at, cut));
        this.pending = buffer.slice(cut);
        break;
      }
      if (lt > at) this.handler.text?.(buffer.slice(at, lt));
      at = lt;
      if (!last && buffer.length - at < 9) {
        this.pending = buffer.slice(at);
        break;
      }
      if (buffer.startsWith('<!--', at)) [this.until, at] = ['-->', at + 4];
      else if (buffer.startsWith('<![CDATA[', at)) [this.until, this.inCdata, at] = [']]>', true, at + 9];
      else if (buffer.startsWith('<?', at)) [this.until, at] = ['?>', at + 2];
      else if (buffer.startsWith('<!', at)) throw new Unreadable();
      else {
        TAG.lastIndex = at;
        const tag = TAG.exec(buffer);
        if (!tag) {
          if (last || buffer.length - at > MAX_TAG_CHARACTERS) throw new Unreadable();
          this.pending = buffer.slice(at);
          break;
        }
        at = TAG.lastIndex;
        const name = localName(tag[2]!);
        if (tag[1]) {
          if (tag[3] || tag[4]) throw new Unreadable();
          this.handler.close?.(name);
        } else {
          this.handler.open?.(name, attributesOf(tag[3]!));
          if (tag[4]) this.handler.close?.(name);
        }
      }
    }
    if (last && (this.pending || this.until)) throw new Unreadable();
  }
}

/** The attributes of a tag TAG matched (so well formed), read by hand: every cell has some. */
function attributesOf(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (let at = 0, equals = text.indexOf('='); equals >= 0; equals = text.indexOf('=', at)) {
    let open = equals + 1;
    while (text[open] !== '"' && text[open] !== "'") open++;
    const close = text.indexOf(text[open]!, open + 1);
    attributes[localName(text.slice(at, equals).trim())] = decodeXml(text.slice(open + 1, close));
    at = close + 1;
  }
  return attributes;
}

const ENTITY = /&(?:#x([0-9a-fA-F]{1,6})|#([0-9]{1,7})|(amp|lt|gt|quot|apos));|&/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeXml(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(ENTITY, (_entity, hex: string | undefined, decimal: string | undefined, named: string | undefined) => {
    if (named) return NAMED[named]!;
    const code = hex ? parseInt(hex, 16) : decimal ? Number(decimal) : NaN;
    if (!(code <= 0x10ffff)) throw new Unreadable();
    return String.fromCodePoint(code);
  });
}

/** The text of one element, decoded as it arrives and stopped at the longest a cell may hold. */
class TextCollector {
  private text = '';
  constructor(private readonly tooLong: () => LimitPassed) {}
  add(raw: string) {
    this.text += decodeXml(raw);
    if (this.text.length > MAX_CELL_CHARACTERS) throw this.tooLong();
  }
  /** With its line ends as XML reads them. */
  get value() {
    return this.text.includes('\r') ? this.text.replace(/\r\n?/g, '\n') : this.text;
  }
}

// The zip archive. Its central directory says where each part starts and how many compressed bytes it has;
// what a part inflates to is counted as it inflates, never taken from the archive.

interface ZipEntry {
  method: number;
  flags: number;
  compressedSize: number;
  localOffset: number;
}

const STORED = 0;
const DEFLATED = 8;

class Archive {
  private readonly view: DataView;
  private readonly entries = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const end = this.endOfDirectory();
    const count = this.view.getUint16(end + 10, true);
    let at = this.view.getUint32(end + 16, true);
    const names = new TextDecoder();
    for (let i = 0; i < count; i++) {
      if (at + 46 > bytes.length || this.view.getUint32(at, true) !== 0x02014b50) throw new Unreadable();
      const nameLength = this.view.getUint16(at + 28, true);
      const extraLength = this.view.getUint16(at + 30, true);
      const name = names.decode(bytes.subarray(at + 46, at + 46 + nameLength));
      const entry = {
        method: this.view.getUint16(at + 10, true),
        flags: this.view.getUint16(at + 8, true),
        compressedSize: this.view.getUint32(at + 20, true),
        localOffset: this.view.getUint32(at + 42, true),
      };
      this.zip64(entry, at + 46 + nameLength, extraLength, this.view.getUint32(at + 24, true));
      if (!this.entries.has(name)) this.entries.set(name, entry);
      at += 46 + nameLength + extraLength + this.view.getUint16(at + 32, true);
    }
  }

  private endOfDirectory(): number {
    for (let at = this.bytes.length - 22; at >= Math.max(0, this.bytes.length - 22 - 0xffff); at--) {
      if (this.view.getUint32(at, true) === 0x06054b50) return at;
    }
    throw new Unreadable();
  }

  /** The 64-bit sizes some writers give every entry, in the zip64 extra field, in place of 0xFFFFFFFF. */
  private zip64(entry: ZipEntry, extra: number, length: number, uncompressedSize: number) {
    for (let at = extra; at + 4 <= extra + length; at += 4 + this.view.getUint16(at + 2, true)) {
      if (this.view.getUint16(at, true) !== 0x0001) continue;
      let field = at + 4;
      const next = () => {
        const value = Number(this.view.getBigUint64(field, true));
        field += 8;
        return value;
      };
      if (uncompressedSize === 0xffffffff) next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localOffset === 0xffffffff) entry.localOffset = next();
    }
  }

  has(name: string) {
    return this.entries.has(name);
  }

  /** Scans the part's XML as it inflates; every byte inflated counts against MAX_INFLATED_BYTES. */
  async read(name: string, handler: XmlHandler): Promise<void> {
    const entry = this.entries.get(name);
    if (!entry || entry.flags & 1) throw new Unreadable();
    const at = entry.localOffset;
    if (at + 30 > this.bytes.length || this.view.getUint32(at, true) !== 0x04034b50) throw new Unreadable();
    const start = at + 30 + this.view.getUint16(at + 26, true) + this.view.getUint16(at + 28, true);
    if (start + entry.compressedSize > this.bytes.length) throw new Unreadable();
    const data = this.bytes.subarray(start, start + entry.compressedSize);
    const scanner = new XmlScanner(handler);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    const take = (chunk: Uint8Array) => {
      this.inflated += chunk.length;
      if (this.inflated > MAX_INFLATED_BYTES) throw inflatesTooMuch();
      scanner.write(decoder.decode(chunk, { stream: true }));
    };
    if (entry.method === STORED) {
      for (let offset = 0; offset < data.length; offset += CHUNK_BYTES) {
        take(data.subarray(offset, offset + CHUNK_BYTES));
        await nextTurn();
      }
    } else if (entry.method === DEFLATED) {
      // Each chunk comes out of the inflater in its own turn of the event loop; leaving the loop (at a
      // limit) destroys the inflater, so nothing more is inflated.
      const inflater = createInflateRaw({ chunkSize: CHUNK_BYTES });
      inflater.end(data);
      try {
        for await (const chunk of inflater) take(chunk as Buffer);
      } finally {
        inflater.destroy();
      }
    } else throw new Unreadable();
    scanner.write(decoder.decode(), true);
  }
}

/** A part's path from a relationship's target, which is relative to the part that names it. */
function resolvePart(base: string, target: string): string {
  const segments = target.startsWith('/') ? [] : base.split('/').slice(0, -1);
  for (const segment of target.split('/')) {
    if (segment === '..') segments.pop();
    else if (segment && segment !== '.') segments.push(segment);
  }
  return segments.join('/');
}

/** The relationships of a part (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`): id → type and part. */
async function relationshipsOf(archive: Archive, part: string): Promise<Map<string, { type: string; part: string }>> {
  const slash = part.lastIndexOf('/') + 1;
  const path = `${part.slice(0, slash)}_rels/${part.slice(slash)}.rels`;
  const relationships = new Map<string, { type: string; part: string }>();
  if (!archive.has(path)) return relationships;
  await archive.read(path, {
    open: (name, attributes) => {
      if (name === 'Relationship' && attributes.Target && attributes.TargetMode !== 'External') {
        relationships.set(attributes.Id ?? '', { type: attributes.Type ?? '', part: resolvePart(part, attributes.Target) });
      }
    },
  });
  return relationships;
}

const clean = (cell: string) => cell.normalize('NFC').trim();

/** Excel numbers its days from 1900 (or from 1904 in old Mac workbooks); the conversion is exceljs's. */
const excelDay = (value: number, date1904: boolean) => new Date(Math.round((value - 25569 + (date1904 ? 1462 : 0)) * 24 * 3600 * 1000));
const isoDay = (day: Date) => (Number.isNaN(day.getTime()) ? null : day.toISOString().slice(0, 10));

/** The built-in number formats that show a date or a time (ECMA-376 §18.8.30). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);
/** A format code shows a date when, outside quotes and brackets, it has a date or time letter (exceljs's rule). */
const isDateFormat = (code: string) => /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
/** Excel's own limit on the cell formats of a workbook. */
const MAX_CELL_FORMATS = 65_536;

/** Which cell formats (a cell's s="…") show a number as a date. */
async function dateStyles(archive: Archive, path: string): Promise<Set<number>> {
  const codes = new Map<number, string>();
  const formatOfStyle: number[] = [];
  let inCodes = false;
  let inStyles = false;
  await archive.read(path, {
    open: (name, attributes) => {
      if (name === 'numFmts') inCodes = true;
      else if (name === 'cellXfs') inStyles = true;
      else if (name === 'numFmt' && inCodes) codes.set(Number(attributes.numFmtId), attributes.formatCode ?? '');
      else if (name === 'xf' && inStyles) formatOfStyle.push(Number(attributes.numFmtId ?? 0));
      if (codes.size > MAX_CELL_FORMATS || formatOfStyle.length > MAX_CELL_FORMATS) throw new Unreadable();
    },
    close: (name) => {
      if (name === 'numFmts') inCodes = false;
      else if (name === 'cellXfs') inStyles = false;
    },
  });
  const dates = new Set<number>();
  formatOfStyle.forEach((format, style) => {
    const code = codes.get(format);
    if (code === undefined ? DATE_FORMAT_IDS.has(format) : isDateFormat(code)) dates.add(style);
  });
  return dates;
}

/** The shared strings (what a cell of t="s" points at), cleaned once however many cells use them. */
async function sharedStrings(archive: Archive, path: string): Promise<string[]> {
  const strings: string[] = [];
  let characters = 0;
  let item: TextCollector | null = null;
  let inText = false;
  let phonetic = 0;
  await archive.read(path, {
    open: (name) => {
      if (name === 'si') item = new TextCollector(() => cellTooLong(1, null));
      else if (name === 'rPh') phonetic++;
      else if (name === 't' && item && !phonetic) inText = true;
    },
    close: (name) => {
      if (name === 't') inText = false;
      else if (name === 'rPh') phonetic--;
      else if (name === 'si' && item) {
        if (strings.length === MAX_CELLS) throw tooManySharedTexts();
        const text = clean(item.value);
        characters += text.length;
        if (characters > MAX_SHEET_CHARACTERS) throw tooMuchText(1);
        strings.push(text);
        item = null;
      }
    },
    text: (raw) => {
      if (inText) item!.add(raw);
    },
  });
  return strings;
}

/** Formula and error cells, found as the sheet is read; named by header once the header is known. */
interface CellProblem {
  row: number;
  column: number;
  address: string;
  formula: string | null;
}

/**
 * At most this many formula and error cells are kept: the import answers the first 1,000 problems by
 * row (MAX_PROBLEMS), and rows are read in order, so the ones after could never be answered.
 */
const CELL_PROBLEMS_KEPT = 1000;

/** The largest row number and column a worksheet may have (Excel's: 1,048,576 rows, XFD). */
const LAST_ROW = 1_048_576;
const LAST_COLUMN = 16_384;

/** A cell reference (B7, $B$7) as row and column; read by hand, since every cell of a sheet has one. */
function cellReference(reference: string): { row: number; column: number } {
  let at = reference.charCodeAt(0) === 36 ? 1 : 0;
  let column = 0;
  for (let code = reference.charCodeAt(at); code >= 65 && code <= 90; code = reference.charCodeAt(++at)) column = column * 26 + code - 64;
  if (reference.charCodeAt(at) === 36) at++;
  const row = Number(reference.slice(at));
  if (column < 1 || column > LAST_COLUMN || !Number.isInteger(row) || row < 1 || row > LAST_ROW || at === reference.length) throw new Unreadable();
  return { row, column };
}

interface Merge {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

async function readXlsx(bytes: Uint8Array): Promise<Sheet> {
  try {
    return await readWorkbook(new Archive(bytes));
  } catch (error) {
    if (error instanceof LimitPassed) return empty('XLSX', [error.problem]);
    return empty('XLSX', [fileProblem('Tệp không phải bảng tính XLSX đọc được.', 'The file is not a readable XLSX workbook.')]);
  }
}

async function readWorkbook(archive: Archive): Promise<Sheet> {
  const officeDocument = [...(await relationshipsOf(archive, '')).values()].find((relationship) => relationship.type.endsWith('/officeDocument'));
  const workbookPart = officeDocument?.part ?? 'xl/workbook.xml';
  let firstSheet: string | undefined;
  let date1904 = false;
  await archive.read(workbookPart, {
    open: (name, attributes) => {
      if (name === 'workbookPr') date1904 = attributes.date1904 === '1' || attributes.date1904 === 'true';
      else if (name === 'sheet') firstSheet ??= attributes.id ?? '';
    },
  });
  if (firstSheet === undefined) return empty('XLSX', [fileProblem('Bảng tính không có trang nào.', 'The workbook has no worksheet.')]);
  const relationships = await relationshipsOf(archive, workbookPart);
  const sheetPart = relationships.get(firstSheet)?.part;
  if (!sheetPart) throw new Unreadable();
  const partOf = (type: string) => [...relationships.values()].find((relationship) => relationship.type.endsWith(type) && archive.has(relationship.part))?.part;
  const stringsPart = partOf('/sharedStrings');
  const stylesPart = partOf('/styles');
  const strings = stringsPart ? await sharedStrings(archive, stringsPart) : [];
  const dates = stylesPart ? await dateStyles(archive, stylesPart) : new Set<number>();
  return readWorksheet(archive, sheetPart, strings, dates, date1904);
}

/** The cells of a worksheet as exceljs read them (the behaviour this reader replaced), counted as they come. */
async function readWorksheet(archive: Archive, part: string, strings: string[], dates: Set<number>, date1904: boolean): Promise<Sheet> {
  const tally = new Tally();
  const rows: SheetRow[] = [];
  const found: CellProblem[] = [];
  const merges: Merge[] = [];
  let mergedCells = 0;
  let row: { number: number; cells: string[]; hasValue: boolean } | null = null;
  let cell: { column: number; type: string; style: number; value?: TextCollector; formula?: TextCollector; inline?: TextCollector } | null = null;
  let collecting: TextCollector | null = null;
  let inSheetData = false;
  let phonetic = 0;
  let lastRow = 0;
  let lastColumn = 0;
  // Made only when needed: most cells of a hostile sheet are never named.
  const address = () => `${columnName(cell!.column)}${row!.number}`;
  const collector = () => new TextCollector(() => cellTooLong(row!.number, address()));

  const finishCell = () => {
    const { column } = cell!;
    let text: string | null = null;
    if (cell!.formula) {
      // Formulas are refused: their cached results may be stale or absent.
      if (found.length < CELL_PROBLEMS_KEPT) found.push({ row: row!.number, column, address: address(), formula: cell!.formula.value });
      text = '';
    } else if (cell!.inline) text = clean(cell!.inline.value);
    else if (cell!.value) {
      const value = cell!.value.value;
      switch (cell!.type) {
        case 's': {
          const shared = strings[Number(value)];
          if (shared === undefined) throw new Unreadable();
          text = shared;
          break;
        }
        case 'str':
        case 'inlineStr':
          text = clean(value);
          break;
        case 'b':
          text = parseInt(value, 10) !== 0 ? 'có' : 'không';
          break;
        case 'e':
          if (found.length < CELL_PROBLEMS_KEPT) found.push({ row: row!.number, column, address: address(), formula: null });
          text = '';
          break;
        case 'd':
          text = isoDay(new Date(value)) ?? clean(value);
          break;
        default: {
          const number = parseFloat(value);
          text = (dates.has(cell!.style) ? isoDay(excelDay(number, date1904)) : null) ?? String(number);
        }
      }
    }
    // A cell with no value (only a style) is no cell of the sheet's.
    if (text === null) return;
    row!.hasValue = true;
    if (column > MAX_COLUMNS) throw beyondLastColumn(row!.number, address());
    if (text.length > MAX_CELL_CHARACTERS) throw cellTooLong(row!.number, address());
    tally.text(row!.number, text.length);
    const cells = row!.cells;
    while (cells.length < column) cells.push('');
    cells[column - 1] = text;
  };

  const finishRow = () => {
    const { number, cells, hasValue } = row!;
    if (!hasValue) return;
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    tally.row(number, cells.length);
    rows.push({ row: number, cells });
  };

  await archive.read(part, {
    open: (name, attributes) => {
      if (name === 'sheetData') inSheetData = true;
      else if (name === 'row' && inSheetData) {
        const number = attributes.r === undefined ? lastRow + 1 : Number(attributes.r);
        // Rows come in order (ECMA-376 §18.3.1.73): a row out of order is no spreadsheet program's.
        if (!Number.isInteger(number) || number <= lastRow || number > LAST_ROW) throw new Unreadable();
        row = { number, cells: [], hasValue: false };
        lastRow = number;
        lastColumn = 0;
      } else if (name === 'c' && row) {
        const column = attributes.r === undefined ? lastColumn + 1 : cellReference(attributes.r).column;
        if (column > LAST_COLUMN) throw new Unreadable();
        lastColumn = column;
        cell = { column, type: attributes.t ?? 'n', style: Number(attributes.s ?? 0) };
      } else if (name === 'v' && cell) collecting = cell.value = collector();
      else if (name === 'f' && cell) collecting = cell.formula = collector();
      else if (name === 'is' && cell) cell.inline = collector();
      else if (name === 't' && cell?.inline && !phonetic) collecting = cell.inline;
      else if (name === 'rPh') phonetic++;
      else if (name === 'mergeCell' && attributes.ref?.includes(':')) {
        const [from, to] = attributes.ref.split(':').map(cellReference) as [{ row: number; column: number }, { row: number; column: number }];
        const merge = {
          top: Math.min(from.row, to.row),
          left: Math.min(from.column, to.column),
          bottom: Math.max(from.row, to.row),
          right: Math.max(from.column, to.column),
        };
        // Each merged cell takes the top-left cell's text, as exceljs gave it: they count as cells now,
        // before a merge over the whole sheet makes billions of them.
        mergedCells += (merge.bottom - merge.top + 1) * (merge.right - merge.left + 1);
        if (mergedCells > MAX_CELLS) throw tooManyCells(merge.top);
        merges.push(merge);
      }
    },
    close: (name) => {
      if (name === 'v' || name === 'f' || name === 't') collecting = null;
      else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell) {
        finishCell();
        cell = null;
      } else if (name === 'row' && row) {
        finishRow();
        row = null;
      } else if (name === 'sheetData') inSheetData = false;
    },
    text: (raw) => collecting?.add(raw),
  });
  if (merges.length) fillMerges(rows, merges, tally);
  const [header, ...data] = rows;
  if (!header) return empty('XLSX', [fileProblem('Trang tính đầu tiên trống.', 'The first worksheet is empty.')]);
  const problems: ImportProblem[] = [];
  if (header.row !== 1) problems.push(fileProblem('Dòng tiêu đề phải là dòng 1.', 'The header must be on row 1.', header.row));
  for (const { row: number, column, address, formula } of found) {
    const name = number > header.row ? (header.cells[column - 1] ?? address) : address;
    problems.push(
      formula === null
        ? fileProblem('Ô chứa lỗi của Excel.', 'The cell holds an Excel error.', number, name, null)
        : fileProblem(
            'Ô chứa công thức: hãy dán giá trị (Paste Values) thay cho công thức.',
            'The cell holds a formula: paste its value instead (Paste Values).',
            number,
            name,
            formula,
          ),
    );
  }
  return { format: 'XLSX', headers: header.cells, rows: data, problems };
}

/** Gives every cell of each merged range the text of its top-left cell, making the rows it needs. */
function fillMerges(rows: SheetRow[], merges: Merge[], tally: Tally) {
  const byNumber = new Map(rows.map((row) => [row.row, row]));
  for (const { top, left, bottom, right } of merges) {
    if (right > MAX_COLUMNS) throw beyondLastColumn(top, `${columnName(right)}${top}`);
    const text = byNumber.get(top)?.cells[left - 1] ?? '';
    tally.text(top, text.length, (bottom - top + 1) * (right - left + 1) - 1);
    for (let number = top; number <= bottom; number++) {
      let row = byNumber.get(number);
      if (!row) {
        row = { row: number, cells: [] };
        byNumber.set(number, row);
        rows.push(row);
        tally.row(number, 0);
      }
      while (row.cells.length < right) row.cells.push('');
      for (let column = left; column <= right; column++) row.cells[column - 1] = text;
      while (row.cells.length && row.cells[row.cells.length - 1] === '') row.cells.pop();
    }
  }
  rows.sort((a, b) => a.row - b.row);
}
