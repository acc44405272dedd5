// Spreadsheets built to stop the server (security issue 13, item 4): zip bombs, sheets of too many rows,
// cells or characters, shared-string bombs, huge CSVs. Each must be refused quickly with a problem naming
// the limit, in bounded memory, writing nothing, while the server keeps answering. The bombs are built
// here, in milliseconds, by the zip writer of bench/import-hostile.ts.
import ExcelJS from 'exceljs';
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { importSpreadsheet, type ImportSummary } from '../../src/import/index.ts';
import {
  MAX_CELL_CHARACTERS,
  MAX_CELLS,
  MAX_COLUMNS,
  MAX_INFLATED_BYTES,
  MAX_ROWS,
  MAX_SHEET_CHARACTERS,
  readSheet,
  type Sheet,
} from '../../src/import/read.ts';
import { schema } from '../../src/schema/index.ts';
import { MAX_UPLOAD_BYTES } from '../../src/lib/uploads.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { legitimateWorkbook, repeatedSheet, repeatedZipPart, SHEET_HEAD, SHEET_TAIL, workbookAround, zipPart } from '../../bench/import-hostile.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { contextAs, signedInAs, testServer } from '../support/viewers.ts';

const MB = 2 ** 20;
const en = (value: number) => value.toLocaleString('en-US');

/** Reads the file, sampling the RSS every 10 ms (which also proves the event loop kept turning). */
async function readMeasured(bytes: Uint8Array): Promise<{ sheet: Sheet; rssGrowth: number; samples: number }> {
  const before = process.memoryUsage.rss();
  let peak = before;
  let samples = 0;
  const sampler = setInterval(() => {
    samples++;
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 10);
  try {
    const sheet = await readSheet(bytes);
    return { sheet, rssGrowth: (Math.max(peak, process.memoryUsage.rss()) - before) / MB, samples };
  } finally {
    clearInterval(sampler);
  }
}

/** The sheet was refused with this one problem, and nothing of it was kept. */
const refusedWith = (sheet: Sheet, messageEn: string, row = 1, column: string | null = null) => {
  expect(sheet.problems).toEqual([expect.objectContaining({ row, column, messageEn })]);
  expect(sheet.problems[0]!.messageVi.length).toBeGreaterThan(10);
  expect(sheet.headers).toEqual([]);
  expect(sheet.rows).toEqual([]);
};

const inflatedMessage = `The workbook inflates to more than ${MAX_INFLATED_BYTES / MB} MB, the most an import reads: split it into several files.`;
const rowsMessage = `The sheet has more than ${en(MAX_ROWS)} data rows, the most an import reads: split it into several files.`;

describe('hostile spreadsheets are refused at the limits', () => {
  it('a worksheet inflating to 512 MB (declaring 1 KB) stops at the inflated-bytes limit, in bounded memory', async () => {
    // One row of styled empty cells over and over: no row or cell limit stops them, only counting what was inflated.
    const cells = repeatedZipPart('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="1">`, '<c r="A1" s="1"/>'.repeat(64_000), 512, `</row>${SHEET_TAIL}`);
    const bomb = workbookAround({ ...cells, declaredSize: 1024 });
    expect(bomb.length).toBeLessThan(2 * MB);
    const { sheet, rssGrowth, samples } = await readMeasured(bomb);
    refusedWith(sheet, inflatedMessage);
    expect(rssGrowth).toBeLessThan(300);
    // The event loop kept turning while it read (how fast is `npm run bench:import-hostile`'s to say).
    expect(samples).toBeGreaterThan(5);
  }, 60_000);

  it('the issue’s bomb, 400 MB of rows holding a number, stops at the row limit without inflating the rest', async () => {
    const bomb = repeatedSheet('<row><c><v>1</v></c></row>'.repeat(40_000), 385);
    const { sheet, rssGrowth } = await readMeasured(bomb);
    refusedWith(sheet, rowsMessage, MAX_ROWS + 2);
    expect(rssGrowth).toBeLessThan(300);
  }, 60_000);

  it('a value beyond the widest column, and more cells than the limit', async () => {
    const wide = workbookAround(
      zipPart(
        'xl/worksheets/sheet1.xml',
        `${SHEET_HEAD}<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="A2"><v>2</v></c><c r="BM2"><v>3</v></c></row>${SHEET_TAIL}`,
      ),
    );
    refusedWith(await readSheet(wide), `A value lies beyond column ${MAX_COLUMNS}, the widest sheet an import reads.`, 2, 'BM2');
    // Rows of 60 cells: within the column limit, but 60,000 of them are more cells than allowed.
    const cells = repeatedSheet(`<row>${'<c><v>1</v></c>'.repeat(60)}</row>`.repeat(1000), 60);
    const { sheet } = await readMeasured(cells);
    refusedWith(
      sheet,
      `The sheet has more than ${en(MAX_CELLS)} cells, the most an import reads: split it into several files.`,
      Math.floor(MAX_CELLS / 60) + 1,
    );
  }, 60_000);

  it('shared-string bombs: too many strings, and one string longer than a cell may hold', async () => {
    const sheet = zipPart('xl/worksheets/sheet1.xml', `${SHEET_HEAD}<row r="1"><c r="A1" t="s"><v>0</v></c></row>${SHEET_TAIL}`);
    const many = repeatedZipPart(
      'xl/sharedStrings.xml',
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
      '<si><t>x</t></si>'.repeat(10_000),
      400,
      '</sst>',
    );
    const { sheet: refused, rssGrowth } = await readMeasured(workbookAround(sheet, many));
    refusedWith(refused, `The workbook holds more than ${en(MAX_CELLS)} shared texts, the most an import reads: split it into several files.`);
    expect(rssGrowth).toBeLessThan(300);
    const long = repeatedZipPart(
      'xl/sharedStrings.xml',
      '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>',
      'a'.repeat(1000),
      400_000,
      '</t></si></sst>',
    );
    refusedWith(await readSheet(workbookAround(sheet, long)), `The cell holds more than ${en(MAX_CELL_CHARACTERS)} characters, the most a cell may hold.`);
  }, 60_000);

  it('a cell too long, and more text than a sheet may hold through one shared string used everywhere', async () => {
    const inline = zipPart(
      'xl/worksheets/sheet1.xml',
      `${SHEET_HEAD}<row r="1"><c r="A1"><v>1</v></c></row><row r="2"><c r="C2" t="inlineStr"><is><t>${'é'.repeat(MAX_CELL_CHARACTERS + 1)}</t></is></c></row>${SHEET_TAIL}`,
    );
    refusedWith(await readSheet(workbookAround(inline)), `The cell holds more than ${en(MAX_CELL_CHARACTERS)} characters, the most a cell may hold.`, 2, 'C2');
    const text = 'đ'.repeat(30_000);
    const shared = zipPart('xl/sharedStrings.xml', `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>${text}</t></si></sst>`);
    const everywhere = workbookAround(
      { ...repeatedZipPart('xl/worksheets/sheet1.xml', SHEET_HEAD, `<row>${'<c t="s"><v>0</v></c>'.repeat(10)}</row>`.repeat(100), 100, SHEET_TAIL) },
      shared,
    );
    const { sheet, rssGrowth } = await readMeasured(everywhere);
    refusedWith(
      sheet,
      `The sheet holds more than ${en(MAX_SHEET_CHARACTERS)} characters of text, the most an import reads: split it into several files.`,
      Math.floor(MAX_SHEET_CHARACTERS / (10 * 30_000)) + 1,
    );
    expect(rssGrowth).toBeLessThan(300);
  }, 60_000);

  it('CSV: a million rows of one column, a cell too long, a value beyond the widest column', async () => {
    const million = new TextEncoder().encode(`Mã đơn vị\n${'C1\n'.repeat(1_000_000)}`);
    const { sheet, rssGrowth } = await readMeasured(million);
    refusedWith(sheet, rowsMessage, MAX_ROWS + 2);
    expect(rssGrowth).toBeLessThan(300);
    refusedWith(
      await readSheet(new TextEncoder().encode(`Mã đơn vị,Năm\nC1,${'9'.repeat(MAX_CELL_CHARACTERS + 1)}\n`)),
      `The cell holds more than ${en(MAX_CELL_CHARACTERS)} characters, the most a cell may hold.`,
      2,
      'B2',
    );
    refusedWith(
      await readSheet(new TextEncoder().encode(`Mã đơn vị\nC1${','.repeat(MAX_COLUMNS)}x\n`)),
      `A value lies beyond column ${MAX_COLUMNS}, the widest sheet an import reads.`,
      2,
      'BM2',
    );
    // Trailing empty cells, as a spreadsheet program pads a CSV, are no values.
    expect((await readSheet(new TextEncoder().encode(`Mã đơn vị,Năm\nC1,2020${','.repeat(200)}\n`))).problems).toEqual([]);
  }, 60_000);

  it('a legitimate 100,000-row sheet of 12 columns is read whole, and so is one at the row limit', async () => {
    const { sheet, rssGrowth } = await readMeasured(legitimateWorkbook(100_000));
    expect(sheet.problems).toEqual([]);
    expect(sheet.headers).toHaveLength(12);
    expect(sheet.rows).toHaveLength(100_000);
    expect(sheet.rows.at(-1)).toEqual({ row: 100_001, cells: expect.arrayContaining(['MH-99999', '2019', 'https://danvan.example.vn/mo-hinh/99999']) });
    expect(rssGrowth).toBeLessThan(600);
    const atLimit = await readSheet(repeatedSheet('<row><c><v>1</v></c></row>', MAX_ROWS + 1));
    expect(atLimit.problems).toEqual([]);
    expect(atLimit.rows).toHaveLength(MAX_ROWS);
  }, 60_000);

  it('reads a workbook exceljs writes as exceljs read it: rich text, hyperlinks, booleans, dates, errors, merged cells, formulas', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Dữ liệu');
    sheet.addRow(['Mã đơn vị', 'Năm', 'Ghi chú', 'Có', 'Ngày']);
    sheet.addRow(['C1', 2021, { richText: [{ text: 'Đạt ', font: { bold: true } }, { text: 'hiệu quả' }] }, true, new Date(Date.UTC(2021, 2, 4))]);
    sheet.addRow([' C2 ', 2.5, { text: 'nguồn', hyperlink: 'https://example.vn' }, false, null]);
    sheet.addRow(['C3', 2022, { error: '#N/A' }, null, 'Cafe\u0301']);
    sheet.getCell('A6').value = 'gộp';
    sheet.mergeCells('A6:B7');
    sheet.getCell('C8').value = { formula: 'A1&B1', result: 'x' };
    expect(await readSheet(new Uint8Array(await workbook.xlsx.writeBuffer()))).toEqual({
      format: 'XLSX',
      headers: ['Mã đơn vị', 'Năm', 'Ghi chú', 'Có', 'Ngày'],
      rows: [
        { row: 2, cells: ['C1', '2021', 'Đạt hiệu quả', 'có', '2021-03-04'] },
        { row: 3, cells: ['C2', '2.5', 'nguồn', 'không'] },
        { row: 4, cells: ['C3', '2022', '', '', 'Café'] },
        { row: 6, cells: ['gộp', 'gộp'] },
        { row: 7, cells: ['gộp', 'gộp'] },
        { row: 8, cells: [] },
      ],
      problems: [
        { row: 4, column: 'Ghi chú', value: null, messageVi: 'Ô chứa lỗi của Excel.', messageEn: 'The cell holds an Excel error.' },
        {
          row: 8,
          column: 'Ghi chú',
          value: 'A1&B1',
          messageVi: 'Ô chứa công thức: hãy dán giá trị (Paste Values) thay cho công thức.',
          messageEn: 'The cell holds a formula: paste its value instead (Paste Values).',
        },
      ],
    });
  });
});

describe.each(providers)('a hostile upload on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  const bomb = repeatedSheet('<row><c><v>1</v></c></row>'.repeat(40_000), 385);

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    await db.unit.create({ data: { code: 'C1', officialCode: 'C1', name: 'Xã Một', searchName: 'xa mot', kind: 'COMMUNE', level: 'COMMUNE' } });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  const written = async () => ({ surveys: await db.satisfactionSurvey.count(), audit: await db.auditEntry.count() });

  it('is refused by a dry run and by a real run alike, writing nothing', async () => {
    const before = await written();
    for (const dryRun of [true, false]) {
      const summary = await importSpreadsheet(db, bomb, { kind: 'SATISFACTION_SURVEYS', dryRun, actor: 'kẻ tấn công' });
      expect(summary).toMatchObject({ format: 'XLSX', dryRun, written: false, rowsRead: 0, created: 0 });
      expect(summary.problems).toEqual([expect.objectContaining({ row: MAX_ROWS + 2, messageEn: rowsMessage })]);
    }
    expect(await written()).toEqual(before);
  }, 60_000);

  it('a file larger than an upload may be is refused by every mutation that takes one, also without HTTP (whose body limit comes first)', async () => {
    const file = new File([new Uint8Array(MAX_UPLOAD_BYTES + 1)], 'lon.csv', { type: 'text/csv' });
    const before = await written();
    for (const source of [
      'mutation($file: File!) { importSpreadsheet(file: $file, kind: SATISFACTION_SURVEYS) { written } }',
      'mutation($file: File!) { startImport(file: $file, kind: SATISFACTION_SURVEYS) { id } }',
      'mutation($file: File!) { importCatalogue(file: $file) { dryRun } }',
    ]) {
      const result = await graphql({ schema, source, variableValues: { file }, contextValue: contextAs(db) });
      expect(result.errors?.[0]?.extensions?.code, source).toBe('BAD_USER_INPUT');
      expect(result.errors?.[0]?.message, source).toBe(`file: ${MAX_UPLOAD_BYTES + 1} bytes is more than the ${MAX_UPLOAD_BYTES} an upload may have`);
    }
    expect(await written()).toEqual(before);
    expect(await db.importJob.count()).toBe(0);
  });

  it('through HTTP: the problem is answered, /health answers meanwhile, and a normal query right after', async () => {
    const yoga = testServer(db);
    const authorization = await signedInAs(db, 'can.bo.b', 'COMMUNE_OFFICER', 'C1');
    const upload = async (bytes: Uint8Array, dryRun: boolean) => {
      const body = new FormData();
      const query = `mutation($file: File!, $dryRun: Boolean) { importSpreadsheet(file: $file, kind: SATISFACTION_SURVEYS, dryRun: $dryRun) { written problems { row messageEn } } }`;
      body.set('operations', JSON.stringify({ query, variables: { file: null, dryRun } }));
      body.set('map', JSON.stringify({ 0: ['variables.file'] }));
      body.set('0', new File([Buffer.from(bytes)], 'khao-sat.xlsx'));
      const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', body, headers: { authorization, [CSRF_HEADER]: '1' } });
      return (await response.json()) as { data?: { importSpreadsheet: Pick<ImportSummary, 'written' | 'problems'> } };
    };
    const before = await written();
    for (const dryRun of [true, false]) {
      let done = false;
      const answer = upload(bomb, dryRun).finally(() => (done = true));
      const health: number[] = [];
      while (!done) {
        const started = performance.now();
        expect((await yoga.fetch('http://localhost/health')).status).toBe(200);
        health.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect((await answer).data?.importSpreadsheet).toEqual({ written: false, problems: [{ row: MAX_ROWS + 2, messageEn: rowsMessage }] });
      // /health answered again and again while the file was read.
      expect(health.length).toBeGreaterThan(1);
    }
    expect(await written()).toEqual(before);
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization },
      body: JSON.stringify({ query: '{ unit(code: "C1") { name } }' }),
    });
    expect(await response.json()).toEqual({ data: { unit: { name: 'Xã Một' } } });
  }, 60_000);
});
