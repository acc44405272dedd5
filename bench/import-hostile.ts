// Hostile and big spreadsheets read while the server answers: an XLSX whose worksheet inflates to 400 MB
// (a zip bomb), the same size of cells that hold no value, and a legitimate 100,000-row XLSX of 12 columns,
// each uploaded to the real server (in this process) while /health is asked every 20 ms. Prints the time,
// the peak RSS, the event loop's max and p99 delay, and /health's latency.
//   npm run bench:import-hostile
// The zip writer here builds the bombs in milliseconds; tests/database/hostile-files.test.ts uses it too.
import { createServer as listen } from 'node:http';
import type { AddressInfo } from 'node:net';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { constants, crc32, deflateRawSync } from 'node:zlib';

/** One entry of a zip archive, already deflated. `declaredSize` is what the archive claims it inflates to. */
export interface ZipPart {
  name: string;
  deflated: Buffer;
  crc: number;
  size: number;
  declaredSize?: number;
}

const utf8 = (text: string) => Buffer.from(text, 'utf8');

export function zipPart(name: string, text: string): ZipPart {
  const bytes = utf8(text);
  return { name, deflated: deflateRawSync(bytes), crc: crc32(bytes), size: bytes.length };
}

/**
 * `head`, then `unit` `times` over, then `tail`, deflated without deflating the repeats: each piece is
 * deflated on its own with a full flush (no reference to what came before), so the deflated unit can be
 * repeated as it is. A gigabyte of XML costs the deflate of one unit.
 */
export function repeatedZipPart(name: string, head: string, unit: string, times: number, tail: string): ZipPart {
  const full = { finishFlush: constants.Z_FULL_FLUSH };
  const [h, u, t] = [utf8(head), utf8(unit), utf8(tail)];
  const deflatedUnit = deflateRawSync(u, full);
  let crc = crc32(h);
  for (let i = 0; i < times; i++) crc = crc32(u, crc);
  crc = crc32(t, crc);
  const deflated = Buffer.concat([deflateRawSync(h, full), ...Array<Buffer>(times).fill(deflatedUnit), deflateRawSync(t)]);
  return { name, deflated, crc, size: h.length + u.length * times + t.length };
}

/** A zip archive of the parts (deflate, no zip64), the sizes it declares being the parts' `declaredSize` if set. */
export function zip(parts: ZipPart[]): Uint8Array {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const part of parts) {
    const name = utf8(part.name);
    const declared = Math.min(part.declaredSize ?? part.size, 0xffffffff);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(part.crc >>> 0, 14);
    local.writeUInt32LE(part.deflated.length, 18);
    local.writeUInt32LE(declared, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(0x0800, 8);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(part.crc >>> 0, 16);
    entry.writeUInt32LE(part.deflated.length, 20);
    entry.writeUInt32LE(declared, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, part.deflated);
    central.push(entry, name);
    offset += local.length + name.length + part.deflated.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, directory, end]));
}

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RELS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** The opening of a worksheet part up to its rows; `SHEET_TAIL` closes it. */
export const SHEET_HEAD = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${RELS}"><sheetData>`;
export const SHEET_TAIL = '</sheetData></worksheet>';

/** An XLSX around this worksheet part (named xl/worksheets/sheet1.xml) and, if given, shared strings. */
export function workbookAround(sheet: ZipPart, sharedStrings?: ZipPart): Uint8Array {
  const strings = sharedStrings
    ? `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>`
    : '';
  const stringsRel = sharedStrings ? `<Relationship Id="rId2" Type="${RELS}/sharedStrings" Target="sharedStrings.xml"/>` : '';
  return zip([
    zipPart(
      '[Content_Types].xml',
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>${strings}</Types>`,
    ),
    zipPart(
      '_rels/.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    zipPart(
      'xl/workbook.xml',
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${MAIN}" xmlns:r="${RELS}"><sheets><sheet name="Dữ liệu" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    zipPart(
      'xl/_rels/workbook.xml.rels',
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RELS}/worksheet" Target="worksheets/sheet1.xml"/>${stringsRel}</Relationships>`,
    ),
    ...(sharedStrings ? [sharedStrings] : []),
    sheet,
  ]);
}

/** A worksheet of `unit` repeated: the bomb's shape; the archive may lie about the size it inflates to. */
export const repeatedSheet = (unit: string, times: number, declaredSize?: number): Uint8Array =>
  workbookAround({ ...repeatedZipPart('xl/worksheets/sheet1.xml', SHEET_HEAD, unit, times, SHEET_TAIL), declaredSize });

/** Rows of 12 cells in Excel's form (shared strings, references): `rows` data rows under a header. */
export function legitimateWorkbook(rows: number): Uint8Array {
  const strings: string[] = [];
  const header = [
    'Mã đăng ký',
    'Loại',
    'Chủ thể',
    'Tên mô hình',
    'Mô tả',
    'Mã đơn vị',
    'Mã lĩnh vực',
    'Năm bắt đầu',
    'Năm kết thúc',
    'Nguồn',
    'Ghi chú',
    'Người nhập',
  ];
  const text = (value: string) => strings.push(value) - 1;
  const columns = 'ABCDEFGHIJKL';
  const line = (row: number, cells: (string | number)[]) =>
    `<row r="${row}" spans="1:12">${cells.map((cell, col) => (typeof cell === 'number' ? `<c r="${columns[col]}${row}"><v>${cell}</v></c>` : `<c r="${columns[col]}${row}" t="s"><v>${text(cell)}</v></c>`)).join('')}</row>`;
  const body = [line(1, header)];
  for (let r = 0; r < rows; r++) {
    body.push(
      line(r + 2, [
        `MH-${r}`,
        'Mô hình',
        'Tập thể',
        `Mô hình dân vận khéo số ${r} về xây dựng nông thôn mới`,
        `Vận động nhân dân hiến đất làm đường, tổ chức tổ tự quản số ${r % 977}`,
        `B${r % 1000}`,
        'NONG_THON_MOI',
        2000 + (r % 20),
        2021 + (r % 5),
        `https://danvan.example.vn/mo-hinh/${r}`,
        `Ghi chú ${r % 13}`,
        'cán bộ nhập liệu',
      ]),
    );
  }
  const sheet = zipPart('xl/worksheets/sheet1.xml', SHEET_HEAD + body.join('') + SHEET_TAIL);
  const shared = zipPart(
    'xl/sharedStrings.xml',
    `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${strings.map((value) => `<si><t>${value}</t></si>`).join('')}</sst>`,
  );
  return workbookAround(sheet, shared);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { createDatabase } = await import('../src/db/client.ts');
  const { applyMigrations } = await import('../src/db/migrations.ts');
  const { createServer } = await import('../src/server/yoga.ts');
  const { CSRF_HEADER } = await import('../src/server/yoga.ts');
  const { adminAuthorization, benchKeys } = await import('./support.ts');

  const file = join(tmpdir(), `dvk-bench-hostile-${process.pid}.sqlite`);
  await applyMigrations(`file:${file}`);
  const db = createDatabase(`file:${file}`);
  const authorization = await adminAuthorization(db);
  const server = listen(createServer(db, { keys: benchKeys }));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const upload = async (bytes: Uint8Array) => {
    const body = new FormData();
    const query = `mutation($file: File!) { importSpreadsheet(file: $file, kind: MODELS, dryRun: true) { written rowsRead problems { messageEn } } }`;
    body.set('operations', JSON.stringify({ query, variables: { file: null } }));
    body.set('map', JSON.stringify({ 0: ['variables.file'] }));
    body.set('0', new File([Buffer.from(bytes)], 'mo-hinh.xlsx'));
    const response = await fetch(`${base}/graphql`, { method: 'POST', body, headers: { authorization, [CSRF_HEADER]: '1' } });
    return (await response.json()) as { data?: { importSpreadsheet: { rowsRead: number; problems: { messageEn: string }[] } }; errors?: unknown[] };
  };

  const measure = async (label: string, bytes: Uint8Array) => {
    global.gc?.();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    const health: number[] = [];
    let peak = process.memoryUsage.rss();
    let asking = true;
    const ask = (async () => {
      while (asking) {
        const started = performance.now();
        await fetch(`${base}/health`).then((response) => response.text());
        health.push(performance.now() - started);
        peak = Math.max(peak, process.memoryUsage.rss());
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    })();
    delay.enable();
    const started = performance.now();
    const answer = await upload(bytes);
    const seconds = (performance.now() - started) / 1000;
    delay.disable();
    asking = false;
    await ask;
    health.sort((a, b) => a - b);
    const summary = answer.data?.importSpreadsheet;
    const outcome = summary
      ? `${summary.rowsRead} rows read, ${summary.problems.length} problems${summary.problems[0] ? ` (first: ${summary.problems[0].messageEn})` : ''}`
      : JSON.stringify(answer.errors);
    console.log(`${label} (${(bytes.length / 1e6).toFixed(2)} MB): ${seconds.toFixed(2)} s; ${outcome}`);
    console.log(
      `  peak RSS ${(peak / 2 ** 20).toFixed(0)} MB; event-loop delay max ${(delay.max / 1e6).toFixed(0)} ms, p99 ${(delay.percentile(99) / 1e6).toFixed(0)} ms; /health ${health.length} answers, median ${health[health.length >> 1]?.toFixed(1)} ms, max ${health.at(-1)?.toFixed(1)} ms`,
    );
  };

  try {
    // The first upload compiles the schema's paths: not part of what is measured.
    await upload(legitimateWorkbook(10));
    // The issue's bomb: 400 MB of rows, each holding one number.
    await measure('bomb: a worksheet of 400 MB of rows', repeatedSheet('<row><c><v>1</v></c></row>'.repeat(40_000), Math.round(400_000_000 / (26 * 40_000))));
    // The same size of cells that hold no value: only the count of inflated bytes stops it.
    const empties = repeatedZipPart(
      'xl/worksheets/sheet1.xml',
      `${SHEET_HEAD}<row r="1">`,
      '<c r="A1" s="1"/>'.repeat(40_000),
      Math.round(400_000_000 / (17 * 40_000)),
      `</row>${SHEET_TAIL}`,
    );
    await measure('bomb: a worksheet of 400 MB of empty cells', workbookAround(empties));
    await measure('legitimate: 100,000 rows of 12 columns', legitimateWorkbook(100_000));
  } finally {
    server.close();
    await db.$disconnect();
    rmSync(file, { force: true });
  }
  process.exit(0);
}
