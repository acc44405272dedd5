// The spreadsheet import: CSV and XLSX, dry run, one transaction, idempotent upserts, audit entries, the
// precise problems of malformed files, and the export round trip. Each provider gets its own small database.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import type { Role } from '../../src/access/roles.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { COLUMNS, type ImportKind } from '../../src/import/columns.ts';
import { importSpreadsheet, type ImportSummary } from '../../src/import/index.ts';
import { exportCsv, templateCsv } from '../../src/import/template.ts';
import { benchCsv, seedBenchUnits } from '../../bench/import.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { createPlainUnit, type PlainUnitKind } from '../support/fixtures.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const utf8 = (text: string) => new TextEncoder().encode(text);
const csv = (...lines: string[]) => utf8(`${lines.join('\r\n')}\r\n`);

async function xlsx(rows: (string | number | null | { formula: string; result?: number })[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Dữ liệu');
  rows.forEach((cells, index) => {
    const row = sheet.getRow(index + 1);
    cells.forEach((cell, col) => {
      if (cell !== null) row.getCell(col + 1).value = cell as ExcelJS.CellValue;
    });
    row.commit();
  });
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe.each(providers)('spreadsheet import on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;

  const run = (bytes: Uint8Array, kind?: ImportKind, dryRun = false): Promise<ImportSummary> =>
    importSpreadsheet(db, bytes, { kind, dryRun, actor: 'cán bộ nhập liệu' });

  /** Everything an import may change, to prove a refused import changed nothing. */
  const snapshot = async () => ({
    units: await db.unit.findMany({ orderBy: { id: 'asc' } }),
    models: await db.model.findMany({ orderBy: { id: 'asc' } }),
    evaluations: await db.evaluation.findMany({ orderBy: { id: 'asc' } }),
    plans: await db.plan.findMany({ orderBy: { id: 'asc' } }),
    surveys: await db.satisfactionSurvey.findMany({ orderBy: { id: 'asc' } }),
    statuses: await db.newRuralStatus.findMany({ orderBy: { id: 'asc' } }),
    audit: await db.auditEntry.count(),
  });

  /** Imports the file, expects exactly these problems, and that the data stayed as it was. */
  const refused = async (bytes: Uint8Array, kind: ImportKind | undefined, problems: object[]) => {
    const before = await snapshot();
    const summary = await run(bytes, kind);
    expect(summary.problems).toEqual(problems);
    expect(summary.written).toBe(false);
    expect(await snapshot()).toEqual(before);
    return summary;
  };
  const problem = (row: number, column: string | null, value: string | null, messageEn: string) => expect.objectContaining({ row, column, value, messageEn });

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    const unit = (code: string, kind: PlainUnitKind, validTo?: string) => createPlainUnit(db, code, kind, validTo);
    await unit('P', 'PROVINCE');
    await unit('D', 'DISTRICT');
    await unit('C1', 'COMMUNE');
    await unit('C2', 'COMMUNE');
    await unit('OLD', 'COMMUNE', '2019-12-31');
    await unit('W1', 'WARD');
    await db.field.createMany({
      data: [
        { code: 'NONG_THON_MOI', nameVi: 'Xây dựng nông thôn mới', nameEn: 'New rural construction' },
        { code: 'CAI_CACH_HANH_CHINH', nameVi: 'Cải cách hành chính', nameEn: 'Administrative reform', firstYear: 2018 },
      ],
    });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('imports plans in one go, audits every write as IMPORT, and a second import of the same file changes nothing', async () => {
    const file = csv(
      '\uFEFFMã đơn vị,Năm,Số kế hoạch,Ngày ban hành',
      'C1,2019,12/KH-UBND,2019-02-01',
      ',,,',
      'C2,2019,,',
      'OLD,2018,"7/KH, bổ sung",15/03/2018',
    );
    const dry = await run(file, 'PLANS', true);
    expect(dry).toMatchObject({ kind: 'PLANS', format: 'CSV', dryRun: true, written: false, rowsRead: 3, created: 3, updated: 0, unchanged: 0, problems: [] });
    expect(await db.plan.count()).toBe(0);
    expect(await db.auditEntry.count()).toBe(0);

    const first = await run(file); // the kind is guessed from the header
    expect(first).toMatchObject({ kind: 'PLANS', written: true, rowsRead: 3, created: 3, updated: 0, unchanged: 0, problems: [] });
    const plans = await db.plan.findMany({ include: { unit: true }, orderBy: { id: 'asc' } });
    expect(plans.map((plan) => [plan.unit.code, plan.year, plan.documentNumber, plan.issuedOn?.toISOString().slice(0, 10) ?? null])).toEqual([
      ['C1', 2019, '12/KH-UBND', '2019-02-01'],
      ['C2', 2019, null, null],
      ['OLD', 2018, '7/KH, bổ sung', '2018-03-15'],
    ]);
    const entries = await db.auditEntry.findMany({ orderBy: { id: 'asc' } });
    expect(entries.map((entry) => [entry.action, entry.entity, entry.entityKey, entry.actor, entry.source])).toEqual([
      ['CREATE', 'Plan', 'C1/2019', 'cán bộ nhập liệu', 'IMPORT'],
      ['CREATE', 'Plan', 'C2/2019', 'cán bộ nhập liệu', 'IMPORT'],
      ['CREATE', 'Plan', 'OLD/2018', 'cán bộ nhập liệu', 'IMPORT'],
    ]);
    expect(JSON.parse(entries[0]!.after!)).toMatchObject({ documentNumber: '12/KH-UBND', year: 2019 });

    const again = await run(file, 'PLANS');
    expect(again).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 3 });
    expect(await db.plan.count()).toBe(3);
    expect(await db.auditEntry.count()).toBe(3);

    const changed = await run(csv('Unit code,Year,Document number,Issued on', 'C2,2019,3/KH-UBND,'), 'PLANS');
    expect(changed).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    const update = await db.auditEntry.findFirstOrThrow({ where: { action: 'UPDATE' } });
    expect([update.entity, update.entityKey, update.source]).toEqual(['Plan', 'C2/2019', 'IMPORT']);
    expect(JSON.parse(update.before!).documentNumber).toBeNull();
    expect(JSON.parse(update.after!).documentNumber).toBe('3/KH-UBND');
  });

  it('imports satisfaction results and new-rural status with their cross-field rules', async () => {
    const surveys = await run(csv('Mã đơn vị,Năm,Số người được khảo sát,Số người hài lòng', 'C1,2019,200,150', 'C2,2019,100,99'));
    expect(surveys).toMatchObject({ kind: 'SATISFACTION_SURVEYS', created: 2, problems: [] });
    await refused(csv('Mã đơn vị,Năm,Số người được khảo sát,Số người hài lòng', 'C1,2019,200,150', 'C2,2019,100,101'), 'SATISFACTION_SURVEYS', [
      { row: 3, column: 'Số người hài lòng', value: '101', messageVi: 'Không được vượt quá số người được khảo sát.', messageEn: 'Cannot exceed respondents.' },
    ]);
    const statuses = await run(csv('Mã đơn vị,Năm,Số tiêu chí đạt,Ngày công nhận đạt chuẩn', 'C1,2019,19,2019-11-20', 'C2,2019,15,'));
    expect(statuses).toMatchObject({ kind: 'NEW_RURAL_STATUSES', created: 2, problems: [] });
    await refused(
      csv('Mã đơn vị,Năm,Số tiêu chí đạt,Ngày công nhận đạt chuẩn', 'W1,2019,10,', 'C2,2019,15,2019-01-01', 'C1,2018,19,2019-01-01'),
      'NEW_RURAL_STATUSES',
      [
        problem(2, 'Mã đơn vị', 'W1', 'W1 is not a commune (xã): only communes have a new-rural status.'),
        problem(3, 'Ngày công nhận đạt chuẩn', '2019-01-01', 'A commune is recognised only with all 19 criteria met.'),
        problem(4, 'Ngày công nhận đạt chuẩn', '2019-01-01', 'Cannot be after the year recorded.'),
      ],
    );
  });

  it('imports models then their evaluations, and updates only what changed', async () => {
    const models = csv(
      'Mã đăng ký,Loại,Chủ thể,Tên mô hình,Mô tả,Mã đơn vị,Mã lĩnh vực,Năm bắt đầu,Năm kết thúc,Nguồn',
      'NR-2016-001,Mô hình,Tập thể,Vận động nhân dân hiến đất làm đường,,C1,NONG_THON_MOI,2016,,https://example.org/a',
      'NR-2017-002,EXEMPLAR,INDIVIDUAL,Ông Nguyễn Văn B,Hiến 500 m² đất,C2,NONG_THON_MOI,2017,2019,',
    );
    expect(await run(models)).toMatchObject({ kind: 'MODELS', created: 2, problems: [] });
    expect((await db.model.findUniqueOrThrow({ where: { registrationKey: 'NR-2016-001' } })).origin).toBe('IMPORTED');
    expect(await run(models)).toMatchObject({ created: 0, updated: 0, unchanged: 2 });

    const evaluations = csv(
      'Mã đăng ký mô hình,Năm,Xếp loại,Khuyến cáo nhân rộng,Đơn vị đánh giá,Ghi chú',
      'NR-2016-001,2019,Tiêu biểu,có,D,',
      'NR-2017-002,2019,effective,,,',
    );
    expect(await run(evaluations)).toMatchObject({ kind: 'EVALUATIONS', created: 2, problems: [] });
    const changed = csv(
      'Mã đăng ký mô hình,Năm,Xếp loại,Khuyến cáo nhân rộng,Đơn vị đánh giá,Ghi chú',
      'NR-2016-001,2019,Tiêu biểu,có,D,',
      'NR-2017-002,2019,Chưa hiệu quả,,,',
    );
    expect(await run(changed)).toMatchObject({ created: 0, updated: 1, unchanged: 1 });
    expect((await db.auditEntry.findMany({ where: { entity: 'Evaluation' }, orderBy: { id: 'asc' } })).map((entry) => [entry.action, entry.entityKey])).toEqual(
      [
        ['CREATE', 'NR-2016-001/2019'],
        ['CREATE', 'NR-2017-002/2019'],
        ['UPDATE', 'NR-2017-002/2019'],
      ],
    );
    await refused(
      csv(
        'Mã đăng ký mô hình,Năm,Xếp loại,Khuyến cáo nhân rộng,Đơn vị đánh giá,Ghi chú',
        'NR-2016-001,2019,Xuất sắc,có,D,',
        'NR-2017-002,2021,EFFECTIVE,,,',
        'NOPE,2019,EFFECTIVE,,OLD,',
      ),
      'EVALUATIONS',
      [
        problem(2, 'Xếp loại', 'Xuất sắc', 'not in the list: Tiêu biểu (OUTSTANDING), Đạt hiệu quả (EFFECTIVE), Chưa hiệu quả (NOT_EFFECTIVE)'),
        problem(3, 'Năm', '2021', 'The model ran from 2017 to 2019, not in 2021.'),
        problem(4, 'Mã đăng ký mô hình', 'NOPE', 'No model has the registration key "NOPE".'),
      ],
    );
  });

  it('imports units with their parent from their first day, and refuses an unknown or a changed parent', async () => {
    const header = 'Mã đơn vị,Mã thống kê,Tên đơn vị,Loại đơn vị,Cấp,Từ ngày,Đến ngày,Ghi chú,Mã đơn vị cấp trên';
    // The parent may come later in the file, or be stored already.
    const file = csv(header, 'C9,C9,Xã Chín,Xã,Cấp xã,2020-01-01,,,D9', 'D9,D9,Huyện Chín,Huyện,Cấp huyện,2020-01-01,,,P');
    const audited = await db.auditEntry.count();
    expect(await run(file, 'UNITS')).toMatchObject({ kind: 'UNITS', written: true, created: 2, updated: 0, unchanged: 0, problems: [] });
    const links = await db.auditEntry.findMany({ where: { entity: 'UnitParent' }, orderBy: { entityKey: 'asc' } });
    expect(links.map((entry) => [entry.action, entry.entityKey, entry.source])).toEqual([
      ['CREATE', 'C9/parent@2020-01-01', 'IMPORT'],
      ['CREATE', 'D9/parent@2020-01-01', 'IMPORT'],
    ]);
    expect(await db.auditEntry.count()).toBe(audited + 4);
    const yoga = testServer(db);
    const authorization = await signedInAs(db, 'analyst', 'ANALYST');
    const under = async (asOf: string) => {
      const response = await yoga.fetch('http://localhost/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: `{ units(under: "P", asOf: "${asOf}") { edges { node { code parent(asOf: "${asOf}") { code } } } } }` }),
      });
      const body = (await response.json()) as { data: { units: { edges: { node: { code: string; parent: { code: string } | null } }[] } } };
      return body.data.units.edges.map(({ node }) => [node.code, node.parent?.code ?? null]);
    };
    expect(await under('2020-06-01')).toEqual([
      ['C9', 'D9'],
      ['D9', 'P'],
      ['P', null],
    ]);
    expect(await under('2019-06-01')).toEqual([['P', null]]);

    // The same file again changes nothing; the export carries the parents back.
    expect(await run(file, 'UNITS')).toMatchObject({ written: true, created: 0, updated: 0, unchanged: 2, problems: [] });
    expect(await db.auditEntry.count()).toBe(audited + 4);
    expect(await exportCsv(db, 'UNITS')).toContain('\r\nC9,C9,Xã Chín,COMMUNE,COMMUNE,2020-01-01,,D9,\r\n');

    // A stored unit without a parent gets one (no change of the unit itself, so no Unit entry).
    expect(await run(csv(header, 'C2,C2,Đơn vị C2,COMMUNE,COMMUNE,,,,D'), 'UNITS')).toMatchObject({ created: 0, updated: 1, unchanged: 0, problems: [] });
    const last = await db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect([last.entity, last.entityKey, await db.auditEntry.count()]).toEqual(['UnitParent', 'C2/parent@start', audited + 5]);
    expect(await run(csv(header, 'C2,C2,Đơn vị C2,COMMUNE,COMMUNE,,,,D'), 'UNITS')).toMatchObject({ updated: 0, unchanged: 1 });

    const parent = 'Mã đơn vị cấp trên';
    const rows = [
      'C9,C9,Xã Chín,Xã,Cấp xã,2020-01-01,,,D',
      'C10,C10,Xã Mười,Xã,Cấp xã,2020-01-01,,,NOWHERE',
      'C11,C11,Xã 11,Xã,Cấp xã,2020-01-01,,,OLD',
      'C12,C12,Xã 12,Xã,Cấp xã,,,,C12',
      // The country has no parent, and only provinces and central organisations sit directly under it.
      'VN,VN,Việt Nam,Cả nước,Cấp trung ương,,,,',
      'D10,D10,Huyện Mười,Huyện,Cấp huyện,,,,VN',
      'VN2,VN2,Việt Nam,Cả nước,Cấp trung ương,,,,P',
      'P2,P2,Tỉnh Hai,Tỉnh,Cấp tỉnh,,,,D',
    ];
    await refused(csv(header, ...rows), 'UNITS', [
      problem(2, parent, 'D', 'C9 sits under D9 (from 2020-01-01): change its parent with the moveUnit mutation, since a move is dated.'),
      problem(3, parent, 'NOWHERE', 'No unit has the code "NOWHERE".'),
      problem(4, parent, 'OLD', 'Đơn vị OLD (OLD) does not exist on 2020-01-01: it exists from … to 2019-12-31.'),
      problem(5, parent, 'C12', 'A unit cannot sit under itself.'),
      problem(7, parent, 'VN', 'Only provinces and organisations at CENTRAL level sit directly under Việt Nam (VN).'),
      problem(8, parent, 'P', 'The country is the top of the tree and has no parent.'),
      problem(9, parent, 'D', 'A province sits only under the country; Đơn vị D (D) is not the country.'),
    ]);
  });

  describe('malformed files each get their precise problems and change nothing', () => {
    const header = 'Mã đơn vị,Năm,Số kế hoạch,Ngày ban hành';
    it('an empty file, a file that is not a spreadsheet, a file not in UTF-8', async () => {
      await refused(new Uint8Array(), 'PLANS', [
        { row: 1, column: null, value: null, messageVi: 'Tệp rỗng (0 byte).', messageEn: 'The file is empty (0 bytes).' },
      ]);
      const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      await refused(png, 'PLANS', [problem(1, null, null, 'The file is not a CSV or XLSX spreadsheet (it holds binary bytes).')]);
      const zipNotXlsx = new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6]);
      await refused(zipNotXlsx, 'PLANS', [problem(1, null, null, 'The file is not a readable XLSX workbook.')]);
      // Windows-1258/latin-1 bytes: "Năm" and "Hà" as single bytes, as an old Excel "CSV" saves them.
      const legacy = new Uint8Array([...utf8('Ma don vi,Nam\r\nC1,2019\r\n'), 0x48, 0xe0, 0x2c, 0x32, 0x30, 0x31, 0x39, 0x0d, 0x0a]);
      await refused(legacy, 'PLANS', [problem(3, null, null, 'The file is not encoded in UTF-8: save it again as "CSV UTF-8".')]);
    });

    it('missing, unknown and repeated columns', async () => {
      await refused(csv('Mã đơn vị,Số kế hoạch', 'C1,1/KH'), 'PLANS', [problem(1, 'Năm', null, 'A required column is missing.')]);
      await refused(csv(`${header},Người ký`, 'C1,2019,,,Ông A'), 'PLANS', [
        problem(1, 'Người ký', 'Người ký', "Unknown column; the template's columns are: Mã đơn vị, Năm, Số kế hoạch, Ngày ban hành."),
      ]);
      await refused(csv(`${header},Year`, 'C1,2019,,,2019'), 'PLANS', [problem(1, 'Year', 'Year', 'The column appears twice.')]);
      await refused(csv(header, 'C1,2019,,,surplus'), 'PLANS', [problem(2, null, 'surplus', 'The row has more cells than the header has columns.')]);
    });

    it('duplicate keys, unknown units, units that did not exist in the year, years out of range, empty required cells', async () => {
      await refused(csv(header, 'C2,2020,,', 'C1,2020,1/KH,', 'C2,2020,2/KH,'), 'PLANS', [
        problem(4, 'Mã đơn vị', 'C2/2020', 'Duplicate key C2/2020: row 2 has it too.'),
      ]);
      await refused(csv(header, 'NOWHERE,2020,,', 'OLD,2021,,', 'C1,1989,,', 'C1,2101,,', ',2020,,', 'C1,20x0,,'), 'PLANS', [
        problem(2, 'Mã đơn vị', 'NOWHERE', 'No unit has the code "NOWHERE".'),
        problem(3, 'Mã đơn vị', 'OLD', 'Đơn vị OLD (OLD) did not exist in 2021: it existed from … to 2019-12-31.'),
        problem(4, 'Năm', '1989', 'must be a year from 1990 to 2100'),
        problem(5, 'Năm', '2101', 'must be a year from 1990 to 2100'),
        problem(6, 'Mã đơn vị', '', 'The cell is required but empty.'),
        problem(7, 'Năm', '20x0', 'must be a year from 1990 to 2100'),
      ]);
      // One bad row among good ones: nothing is written.
      await refused(csv(header, 'C1,2021,1/KH,', 'C2,2021,2/KH,2021-02-30'), 'PLANS', [
        problem(3, 'Ngày ban hành', '2021-02-30', 'not a date: write it YYYY-MM-DD (e.g. 2020-02-01) or DD/MM/YYYY'),
      ]);
    });

    it('XLSX: formulas are refused, empty rows are skipped, dates and numbers are read', async () => {
      const good = await xlsx([
        ['Mã đơn vị', 'Năm', 'Số người được khảo sát', 'Số người hài lòng'],
        ['C1', 2021, 300, 200],
        [],
        [null, null, null, null],
        ['C2', 2021, 50, 50],
      ]);
      expect(await run(good, 'SATISFACTION_SURVEYS', true)).toMatchObject({ format: 'XLSX', rowsRead: 2, created: 2, problems: [] });
      const formula = await xlsx([
        ['Mã đơn vị', 'Năm', 'Số người được khảo sát', 'Số người hài lòng'],
        ['C1', 2021, 300, { formula: 'C2*2/3', result: 200 }],
      ]);
      await refused(formula, 'SATISFACTION_SURVEYS', [
        {
          row: 2,
          column: 'Số người hài lòng',
          value: 'C2*2/3',
          messageVi: 'Ô chứa công thức: hãy dán giá trị (Paste Values) thay cho công thức.',
          messageEn: 'The cell holds a formula: paste its value instead (Paste Values).',
        },
      ]);
      const workbook = new ExcelJS.Workbook();
      const sheet = workbook.addWorksheet('Kế hoạch');
      sheet.addRow(['Mã đơn vị', 'Năm', 'Số kế hoạch', 'Ngày ban hành']);
      sheet.addRow(['C1', 2022, '5/KH', day('2022-03-04')]);
      const dated = await run(new Uint8Array(await workbook.xlsx.writeBuffer()), 'PLANS');
      expect(dated).toMatchObject({ format: 'XLSX', created: 1, problems: [] });
      const plan = await db.plan.findFirstOrThrow({ where: { year: 2022 } });
      expect(plan.issuedOn?.toISOString()).toBe('2022-03-04T00:00:00.000Z');
    });
  });

  it('every template is a header its own import accepts', async () => {
    for (const kind of Object.keys(COLUMNS) as ImportKind[]) {
      expect(await run(utf8(templateCsv(kind)), undefined, true)).toMatchObject({ kind, rowsRead: 0, problems: [] });
    }
  });

  it('round trip: the export of each kind imports back without changing anything', async () => {
    for (const kind of ['UNITS', 'MODELS', 'EVALUATIONS', 'PLANS', 'SATISFACTION_SURVEYS', 'NEW_RURAL_STATUSES'] as ImportKind[]) {
      const before = await snapshot();
      const exported = await exportCsv(db, kind);
      const summary = await run(utf8(exported), kind);
      expect(summary.problems).toEqual([]);
      expect(summary).toMatchObject({ created: 0, updated: 0 });
      expect(summary.unchanged).toBeGreaterThan(0);
      expect(await snapshot()).toEqual(before);
    }
  });
});

describe.each(providers)('importSpreadsheet mutation on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    await db.unit.create({ data: { code: 'C1', officialCode: 'C1', name: 'Xã Một', searchName: 'xa mot', kind: 'COMMUNE', level: 'COMMUNE' } });
    await db.unit.create({ data: { code: 'C2', officialCode: 'C2', name: 'Xã Hai', searchName: 'xa hai', kind: 'COMMUNE', level: 'COMMUNE' } });
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  /** A GraphQL multipart request (the spec graphql-yoga reads) through the real server. */
  const upload = async (bytes: Uint8Array, options: { as: [string, Role, string | null]; dryRun?: boolean }) => {
    const yoga = testServer(db);
    const body = new FormData();
    const query = `mutation($file: File!, $dryRun: Boolean) { importSpreadsheet(file: $file, kind: SATISFACTION_SURVEYS, dryRun: $dryRun) {
      kind format dryRun written rowsRead created updated unchanged problems { row column value messageVi messageEn } } }`;
    body.set('operations', JSON.stringify({ query, variables: { file: null, dryRun: options.dryRun ?? false } }));
    body.set('map', JSON.stringify({ 0: ['variables.file'] }));
    body.set('0', new File([Buffer.from(bytes)], 'khao-sat.csv', { type: 'text/csv' }));
    // A multipart request is one a form could send: it needs the CSRF header.
    const headers = { authorization: await signedInAs(db, ...options.as), [CSRF_HEADER]: '1' };
    const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', body, headers });
    return (await response.json()) as { data?: { importSpreadsheet: ImportSummary }; errors?: { extensions?: { code?: string } }[] };
  };
  const file = csv('Mã đơn vị,Năm,Số người được khảo sát,Số người hài lòng', 'C1,2020,100,80');

  const officer: [string, Role, string | null] = ['can.bo.b', 'COMMUNE_OFFICER', 'C1'];

  it('is refused to a viewer, like the data-entry mutations, and to an officer of another commune row by row', async () => {
    const result = await upload(file, { as: ['nguoi.xem', 'VIEWER', null] });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const elsewhere = await upload(file, { as: ['can.bo.c2', 'COMMUNE_OFFICER', 'C2'] });
    expect(elsewhere.data?.importSpreadsheet).toMatchObject({ written: false, created: 0 });
    expect(elsewhere.data?.importSpreadsheet.problems).toEqual([
      {
        row: 2,
        column: 'Mã đơn vị',
        value: 'C1/2020',
        messageVi: 'Ngoài phạm vi tài khoản của bạn (năm 2020): Xã Hai (C2) và các đơn vị trực thuộc.',
        messageEn: 'Outside your account’s area in 2020: Xã Hai (C2) and the units under it.',
      },
    ]);
    expect(await db.satisfactionSurvey.count()).toBe(0);
  });

  it('answers a summary for a dry run and an import, and the problems of a bad file', async () => {
    expect((await upload(file, { as: officer, dryRun: true })).data?.importSpreadsheet).toMatchObject({ dryRun: true, written: false, created: 1 });
    expect(await db.satisfactionSurvey.count()).toBe(0);
    expect((await upload(file, { as: officer })).data?.importSpreadsheet).toEqual({
      kind: 'SATISFACTION_SURVEYS',
      format: 'CSV',
      dryRun: false,
      written: true,
      rowsRead: 1,
      created: 1,
      updated: 0,
      unchanged: 0,
      problems: [],
    });
    const entry = await db.auditEntry.findFirstOrThrow();
    expect([entry.actor, entry.source, entry.entityKey]).toEqual(['can.bo.b', 'IMPORT', 'C1/2020']);
    const bad = await upload(csv('Mã đơn vị,Năm,Số người được khảo sát,Số người hài lòng', 'C1,2021,100,180'), { as: officer });
    expect(bad.data?.importSpreadsheet.problems).toEqual([
      { row: 2, column: 'Số người hài lòng', value: '180', messageVi: 'Không được vượt quá số người được khảo sát.', messageEn: 'Cannot exceed respondents.' },
    ]);
    expect(await db.satisfactionSurvey.count()).toBe(1);
  });
});

describe.each(providers)('an import killed in the middle on %s', (provider) => {
  it('leaves the database as it was', async () => {
    const database = await freshDatabase(provider);
    const db = createDatabase(database.url);
    const dir = mkdtempSync(join(tmpdir(), 'dvk-kill-'));
    try {
      await seedBenchUnits(db, 200);
      const file = join(dir, 'khao-sat.csv');
      writeFileSync(file, benchCsv(200, 100)); // 20,000 rows
      // The CLI itself (not npx, whose child would survive), writing to this test's database.
      const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/import.ts', file, '--kind', 'satisfaction-surveys', '--actor', 'kill-test'], {
        env: { ...process.env, DATABASE_URL: database.url },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
      await new Promise<void>((resolve, reject) => {
        const watch = (chunk: Buffer) => {
          output += chunk.toString();
          // Rows have been written inside the transaction (a tenth of them, not all): kill it now.
          if (/writing: [1-9]\d*\/20000 rows/.test(output) && !output.includes('writing: 20000/20000')) resolve();
        };
        child.stderr.on('data', watch);
        child.stdout.on('data', watch);
        void exited.then(() => reject(new Error(`the import ended before it was killed:\n${output}`)));
      });
      child.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      // A fresh client: SQLite rolls the journal back on opening, PostgreSQL aborted the transaction when its client went.
      const after = createDatabase(database.url);
      try {
        expect(await after.satisfactionSurvey.count()).toBe(0);
        expect(await after.auditEntry.count()).toBe(0);
        expect(await after.unit.count()).toBe(200);
      } finally {
        await after.$disconnect();
      }
    } finally {
      await db.$disconnect();
      rmSync(dir, { recursive: true, force: true });
      await database.drop();
    }
  });
});
