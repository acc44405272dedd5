// Reference data a province manages, on both databases: fields through saveField and the FIELDS import,
// the catalogue as a file (exportCatalogue and importCatalogue, which takes the export back unchanged), and
// the demo's package loaded in one step. Only whole-country administrators change any of it: an officer and
// an administrator bound to a unit are refused with FORBIDDEN, and nothing is written.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/access/roles.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { CATALOGUE_PACKAGES, DEMO_CATALOGUE } from '../../src/indicators/catalogue.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

type Answer = {
  data?: any;
  errors?: { message: string; path?: string[]; extensions?: { code?: string; problems?: { path: (string | number)[]; message: string }[] } }[];
};

const accounts: Record<string, [string, Role, string | null]> = {
  admin: ['quan.tri', 'ADMIN', null],
  adminP1: ['quan.tri.p1', 'ADMIN', 'P1'],
  officer: ['tinh.p1', 'PROVINCE_OFFICER', 'P1'],
};
type Account = keyof typeof accounts;

const counts = (created: number, updated: number, unchanged: number) => ({ created, updated, unchanged });
/** Problems as the API's callers read them, in English (the forms' Vietnamese beside them is tested in data-entry). */
const inEnglish = (problems: unknown) => (problems as { path: unknown[]; message: string }[]).map(({ path, message }) => ({ path, message }));
const RESULT = 'dryRun written fields { created updated unchanged } indicators { created updated unchanged }';
const FIELD_HEADER = 'Mã lĩnh vực,Tên lĩnh vực,Tên tiếng Anh,Từ năm,Đến năm,Thứ tự';

describe.each(providers)('reference data on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  let server: ReturnType<typeof testServer>;

  async function ask(as: Account, query: string, variables?: object): Promise<Answer> {
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await signedInAs(db, ...accounts[as]!) },
      body: JSON.stringify({ query, variables }),
    });
    const answer = (await response.json()) as Answer;
    expect(JSON.stringify(answer)).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error/);
    return answer;
  }
  /** A GraphQL multipart request: the file as a variable named `file`. */
  async function upload(as: Account, query: string, content: string, variables: object = {}): Promise<Answer> {
    const body = new FormData();
    body.set('operations', JSON.stringify({ query, variables: { ...variables, file: null } }));
    body.set('map', JSON.stringify({ 0: ['variables.file'] }));
    body.set('0', new File([content], 'file', { type: 'application/octet-stream' }));
    const response = await server.fetch('http://localhost/graphql', {
      method: 'POST',
      body,
      headers: { authorization: await signedInAs(db, ...accounts[as]!), [CSRF_HEADER]: '1' },
    });
    return (await response.json()) as Answer;
  }
  const importCatalogue = (as: Account, file: string, dryRun = false) =>
    upload(as, `mutation($file: File!, $dryRun: Boolean) { importCatalogue(file: $file, dryRun: $dryRun) { ${RESULT} } }`, file, { dryRun });
  const importFields = (as: Account, lines: string[], dryRun = false) =>
    upload(
      as,
      `mutation($file: File!, $dryRun: Boolean) { importSpreadsheet(file: $file, kind: FIELDS, dryRun: $dryRun) { written created updated unchanged problems { row column value messageVi messageEn } } }`,
      `\uFEFF${lines.join('\r\n')}\r\n`,
      { dryRun },
    );
  const exportCatalogue = async () => {
    const answer = await ask('admin', '{ exportCatalogue }');
    expect(answer.errors).toBeUndefined();
    return answer.data.exportCatalogue as string;
  };
  const saveField = (as: Account, input: object) =>
    ask(as, `mutation($input: FieldInput!) { saveField(input: $input) { code nameVi nameEn firstYear lastYear sortOrder } }`, { input });
  const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;
  /** What a refused write must leave as it was. */
  const snapshot = async () => ({
    fields: await db.field.findMany({ orderBy: { code: 'asc' } }),
    indicators: await db.indicator.findMany({ orderBy: { code: 'asc' }, include: { targets: true } }),
    audit: await db.auditEntry.count(),
    version: (await db.dataVersion.findFirst())?.version ?? null,
  });

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    server = testServer(db);
    const province = await db.unit.create({
      data: { code: 'P1', officialCode: 'P1', name: 'Tỉnh P1', searchName: 'tinh p1', kind: 'PROVINCE', level: 'PROVINCE' },
    });
    const commune = await db.unit.create({ data: { code: 'C1', officialCode: 'C1', name: 'Xã C1', searchName: 'xa c1', kind: 'COMMUNE', level: 'COMMUNE' } });
    await db.unitParent.create({ data: { unitId: commune.id, parentId: province.id } });
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  it('loads the demo’s package in one step: six fields and eight indicators, again without a change', async () => {
    const load = (dryRun: boolean, as: Account = 'admin') =>
      ask(as, `mutation($dryRun: Boolean) { loadCataloguePackage(code: DVK_2018_2020, dryRun: $dryRun) { ${RESULT} } }`, { dryRun });
    const packages = await ask('officer', '{ cataloguePackages { code name { vi en } fieldCodes indicatorCodes } }');
    expect(packages.data.cataloguePackages).toEqual([
      {
        code: 'DVK_2018_2020',
        name: { vi: CATALOGUE_PACKAGES.DVK_2018_2020.nameVi, en: CATALOGUE_PACKAGES.DVK_2018_2020.nameEn },
        fieldCodes: ['KINH_TE', 'VAN_HOA_XA_HOI', 'QUOC_PHONG_AN_NINH', 'XAY_DUNG_HTCT', 'NONG_THON_MOI', 'CAI_CACH_HANH_CHINH'],
        indicatorCodes: [
          'PLAN_COVERAGE',
          'COMMUNE_ALL_FIELDS',
          'COMMUNE_NTM_EFFECTIVE',
          'AGENCY_EFFECTIVE',
          'MODELS_REVIEWED',
          'MODELS_REPLICATED',
          'SATISFACTION',
          'NTM_RECOGNISED',
        ],
      },
    ]);

    const dry = await load(true);
    expect(dry.data.loadCataloguePackage).toEqual({ dryRun: true, written: false, fields: counts(6, 0, 0), indicators: counts(8, 0, 0) });
    expect([await db.field.count(), await db.indicator.count(), await db.auditEntry.count()]).toEqual([0, 0, 0]);

    for (const as of ['officer', 'adminP1'] as const) {
      for (const dryRun of [true, false]) expect(codeOf(await load(dryRun, as)), `${as} ${dryRun}`).toBe('FORBIDDEN');
    }
    expect([await db.field.count(), await db.indicator.count()]).toEqual([0, 0]);

    expect((await load(false)).data.loadCataloguePackage).toEqual({ dryRun: false, written: true, fields: counts(6, 0, 0), indicators: counts(8, 0, 0) });
    const audit = await db.auditEntry.findMany({ orderBy: { id: 'asc' } });
    expect(audit.map((entry) => [entry.action, entry.entity, entry.entityKey, entry.actor, entry.source, entry.unitId])).toEqual([
      ...DEMO_CATALOGUE.fields.map((field) => ['CREATE', 'Field', field.code, 'quan.tri', 'IMPORT', null]),
      ...DEMO_CATALOGUE.indicators.map((indicator) => ['CREATE', 'Indicator', indicator.code, 'quan.tri', 'IMPORT', null]),
    ]);
    expect((await load(false)).data.loadCataloguePackage).toEqual({ dryRun: false, written: true, fields: counts(0, 0, 6), indicators: counts(0, 0, 8) });
    expect(await db.auditEntry.count()).toBe(audit.length);

    const read = await ask('officer', '{ fields(year: 2017) { code } indicators { code targets { value firstYear lastYear } } }');
    expect(read.data.fields.map((field: { code: string }) => field.code)).toEqual([
      'KINH_TE',
      'VAN_HOA_XA_HOI',
      'QUOC_PHONG_AN_NINH',
      'XAY_DUNG_HTCT',
      'NONG_THON_MOI',
    ]);
    expect(read.data.indicators.map((indicator: { code: string }) => indicator.code)).toEqual(DEMO_CATALOGUE.indicators.map((indicator) => indicator.code));
    expect(read.data.indicators.find((indicator: { code: string }) => indicator.code === 'SATISFACTION').targets).toEqual([
      { value: 0.8, firstYear: 2018, lastYear: 2020 },
      { value: 0.8, firstYear: 2021, lastYear: 2025 },
    ]);
  });

  it('exports the catalogue as a file that imports back unchanged, and imports a changed one all at once', async () => {
    const exported = await exportCatalogue();
    const file = JSON.parse(exported);
    expect(file).toMatchObject({ format: 'dan-van-kheo/catalogue', version: 1 });
    expect(file.fields).toHaveLength(6);
    expect(file.indicators.find((indicator: { code: string }) => indicator.code === 'COMMUNE_NTM_EFFECTIVE').definition).toEqual(
      DEMO_CATALOGUE.indicators[2]!.definition,
    );

    const audit = await db.auditEntry.count();
    expect((await importCatalogue('admin', exported)).data.importCatalogue).toEqual({
      dryRun: false,
      written: true,
      fields: counts(0, 0, 6),
      indicators: counts(0, 0, 8),
    });
    expect(await db.auditEntry.count()).toBe(audit);
    expect(await exportCatalogue()).toBe(exported);

    // A province's own: a new field, a target of its own for 2021-2025, and an indicator on the new field.
    file.fields.push({ code: 'CHUYEN_DOI_SO', nameVi: 'Chuyển đổi số', nameEn: 'Digital transformation', firstYear: 2022, lastYear: null, sortOrder: 7 });
    file.indicators.find((indicator: { code: string }) => indicator.code === 'SATISFACTION').targets[1].value = 0.85;
    file.indicators.push({
      code: 'COMMUNE_DIGITAL',
      nameVi: 'Xã có mô hình chuyển đổi số',
      nameEn: 'Communes with a digital model',
      numeratorVi: 'Xã có mô hình chuyển đổi số',
      numeratorEn: 'Communes with a digital transformation model',
      denominatorVi: 'Xã',
      denominatorEn: 'Communes',
      definition: { measure: 'UNITS_WITH_MODELS', unitKinds: ['COMMUNE'], models: { fields: ['CHUYEN_DOI_SO'] } },
      sortOrder: 8,
      targets: [{ value: 0.5, firstYear: 2022, lastYear: 2025, source: 'Kế hoạch của tỉnh' }],
    });
    const changed = JSON.stringify(file);
    const before = await snapshot();
    for (const as of ['officer', 'adminP1'] as const) expect(codeOf(await importCatalogue(as, changed, true)), as).toBe('FORBIDDEN');
    for (const as of ['officer', 'adminP1'] as const) expect(codeOf(await importCatalogue(as, changed)), as).toBe('FORBIDDEN');
    expect((await importCatalogue('admin', changed, true)).data.importCatalogue).toEqual({
      dryRun: true,
      written: false,
      fields: counts(1, 0, 6),
      indicators: counts(1, 1, 7),
    });
    expect(await snapshot()).toEqual(before);
    expect((await importCatalogue('admin', changed)).data.importCatalogue).toEqual({
      dryRun: false,
      written: true,
      fields: counts(1, 0, 6),
      indicators: counts(1, 1, 7),
    });
    const entries = await db.auditEntry.findMany({ where: { id: { gt: before.audit } }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => [entry.action, entry.entity, entry.entityKey])).toEqual([
      ['CREATE', 'Field', 'CHUYEN_DOI_SO'],
      ['UPDATE', 'Indicator', 'SATISFACTION'],
      ['CREATE', 'Indicator', 'COMMUNE_DIGITAL'],
    ]);
    expect(JSON.parse(entries[1]!.after!).targets[1].value).toBe(0.85);
    const again = await exportCatalogue();
    expect(JSON.parse(again)).toEqual(file);
    expect((await importCatalogue('admin', again)).data.importCatalogue).toEqual({
      dryRun: false,
      written: true,
      fields: counts(0, 0, 7),
      indicators: counts(0, 0, 9),
    });
  });

  it('refuses a wrong catalogue file whole, each problem at its path', async () => {
    const file = JSON.parse(await exportCatalogue());
    file.fields[1].code = 'lĩnh vực';
    file.fields[2].firstYear = 2021;
    file.fields[2].lastYear = 2019;
    file.indicators[0].targets[0].value = 100;
    file.indicators[1].definition = { measure: 'UNITS_WITH_MODELS', unitKinds: ['COMMUNE'], models: { fields: ['THIEN_VAN'] } };
    file.indicators[2].definition = { measure: 'EVERYTHING' };
    file.indicators[3].code = 'PLAN_COVERAGE';
    file.indicators[4].nameVi = ' ';
    // A field from the file is written first, but nothing stays when a later row is wrong.
    file.fields.push({ code: 'MOI', nameVi: 'Mới', nameEn: 'New', firstYear: null, lastYear: null, sortOrder: 9 });
    const before = await snapshot();
    const refused = await importCatalogue('admin', JSON.stringify(file));
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(inEnglish(refused.errors![0]!.extensions!.problems)).toEqual([
      { path: ['indicators', 3, 'code'], message: "PLAN_COVERAGE is also indicators.0's code" },
      { path: ['fields', 1, 'code'], message: '"lĩnh vực" is not 2 to 64 upper case letters, digits and underscores, starting with a letter' },
      { path: ['fields', 2, 'lastYear'], message: 'must not be before the first year' },
      { path: ['indicators', 0, 'targets', 0, 'value'], message: 'a target is a ratio between 0 and 1, got 100' },
      { path: ['indicators', 1, 'definition', 'models', 'fields'], message: 'no field has the code "THIEN_VAN"' },
      { path: ['indicators', 2, 'definition', 'measure'], message: expect.stringContaining('UNITS_WITH_MODELS') },
      { path: ['indicators', 4, 'nameVi'], message: 'must not be empty' },
    ]);
    expect(await snapshot()).toEqual(before);

    for (const [content, path, message] of [
      ['{ not json', ['file'], /^not valid JSON/],
      [JSON.stringify({ ...file, format: 'something else' }), ['format'], /not a catalogue file/],
      [JSON.stringify({ ...file, fields: [{ ...file.fields[0], sortOrder: 'first' }] }), ['fields', 0, 'sortOrder'], /expected number/],
      [JSON.stringify({ ...file, extra: true }), ['file'], /extra/],
    ] as const) {
      const answer = await importCatalogue('admin', content);
      expect(codeOf(answer), content.slice(0, 30)).toBe('BAD_USER_INPUT');
      expect(answer.errors![0]!.extensions!.problems![0]).toMatchObject({ path, message: expect.stringMatching(message) });
    }
    expect(await snapshot()).toEqual(before);
  });

  it('saves a field by its code, checked, and refuses years that would leave its models outside', async () => {
    const created = await saveField('admin', { code: 'DAN_TOC', nameVi: ' Công tác dân tộc ', nameEn: 'Ethnic affairs', firstYear: 2019 });
    expect(created.errors).toBeUndefined();
    const last = Math.max(...(await db.field.findMany({ where: { code: { not: 'DAN_TOC' } } })).map((field) => field.sortOrder));
    expect(created.data.saveField).toEqual({
      code: 'DAN_TOC',
      nameVi: 'Công tác dân tộc',
      nameEn: 'Ethnic affairs',
      firstYear: 2019,
      lastYear: null,
      sortOrder: last + 1,
    });
    const field = await db.field.findUniqueOrThrow({ where: { code: 'DAN_TOC' } });
    const commune = await db.unit.findUniqueOrThrow({ where: { code: 'C1' } });
    await db.model.create({
      data: {
        registrationKey: 'C1-DT-2019',
        kind: 'MODEL',
        holder: 'COLLECTIVE',
        title: 'Mô hình',
        unitId: commune.id,
        fieldId: field.id,
        startYear: 2019,
        origin: 'ENTERED',
      },
    });

    const renamed = await saveField('admin', {
      code: 'DAN_TOC',
      nameVi: 'Công tác dân tộc, tôn giáo',
      nameEn: 'Ethnic and religious affairs',
      firstYear: 2018,
      lastYear: 2030,
    });
    expect(renamed.data.saveField).toMatchObject({ firstYear: 2018, lastYear: 2030, sortOrder: last + 1 });
    const entries = await db.auditEntry.findMany({ where: { entity: 'Field', entityKey: 'DAN_TOC' }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => [entry.action, entry.actor, entry.source])).toEqual([
      ['CREATE', 'quan.tri', 'MUTATION'],
      ['UPDATE', 'quan.tri', 'MUTATION'],
    ]);
    expect(JSON.parse(entries[1]!.before!).nameVi).toBe('Công tác dân tộc');

    const before = await snapshot();
    const problems = async (input: object) => {
      const answer = await saveField('admin', input);
      expect(codeOf(answer)).toBe('BAD_USER_INPUT');
      return inEnglish(answer.errors![0]!.extensions!.problems);
    };
    const named = { nameVi: 'Tên', nameEn: 'Name' };
    expect(await problems({ code: 'DAN_TOC', ...named, firstYear: 2020 })).toEqual([
      { path: ['input', 'firstYear'], message: 'models of this field would start outside its years: model C1-DT-2019 (started 2019)' },
    ]);
    expect(await problems({ code: 'DAN_TOC', ...named, lastYear: 2018 })).toEqual([
      { path: ['input', 'lastYear'], message: 'models of this field would start outside its years: model C1-DT-2019 (started 2019)' },
    ]);
    expect(await problems({ code: 'x', nameVi: '', nameEn: 'Name', firstYear: 2020, lastYear: 2019, sortOrder: -1 })).toEqual([
      { path: ['input', 'code'], message: '"x" is not 2 to 64 upper case letters, digits and underscores, starting with a letter' },
      { path: ['input', 'nameVi'], message: 'must not be empty' },
      { path: ['input', 'lastYear'], message: 'must not be before the first year' },
      { path: ['input', 'sortOrder'], message: 'must be a whole number from 0 to 10000, got -1' },
    ]);
    expect(await problems({ code: 'OLD', ...named, firstYear: 1900 })).toEqual([
      { path: ['input', 'firstYear'], message: 'must be a year from 1990 to 2100, got 1900' },
    ]);
    for (const as of ['officer', 'adminP1'] as const) {
      expect(codeOf(await saveField(as, { code: 'DAN_TOC', ...named })), as).toBe('FORBIDDEN');
      expect(codeOf(await saveField(as, { code: 'CUA_TOI', ...named })), as).toBe('FORBIDDEN');
    }
    expect(await snapshot()).toEqual(before);
  });

  it('imports fields from a spreadsheet, its export back unchanged; only whole-country administrators', async () => {
    const template = await ask('officer', '{ importTemplate(kind: FIELDS) }');
    expect(template.data.importTemplate).toBe(`\uFEFF${FIELD_HEADER}\r\n`);
    const rows = [FIELD_HEADER, 'BAO_CHI,Báo chí,Press,2020,,20', 'THANH_NIEN,Công tác thanh niên,Youth,,,21'];
    const before = await snapshot();
    for (const as of ['officer', 'adminP1'] as const) expect(codeOf(await importFields(as, rows)), as).toBe('FORBIDDEN');
    expect(await snapshot()).toEqual(before);

    expect((await importFields('admin', rows, true)).data.importSpreadsheet).toMatchObject({ written: false, created: 2, problems: [] });
    expect((await importFields('admin', rows)).data.importSpreadsheet).toMatchObject({ written: true, created: 2, updated: 0, problems: [] });
    expect(await db.field.findUniqueOrThrow({ where: { code: 'BAO_CHI' } })).toMatchObject({
      nameVi: 'Báo chí',
      nameEn: 'Press',
      firstYear: 2020,
      lastYear: null,
      sortOrder: 20,
    });
    expect((await db.auditEntry.findMany({ where: { entity: 'Field', source: 'IMPORT', entityKey: { in: ['BAO_CHI', 'THANH_NIEN'] } } })).length).toBe(2);

    const exported = (await ask('officer', '{ exportSpreadsheet(kind: FIELDS) }')).data.exportSpreadsheet as string;
    const lines = exported
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
    expect(lines).toContain('BAO_CHI,Báo chí,Press,2020,,20');
    expect(lines).toHaveLength((await db.field.count()) + 1);
    expect((await importFields('admin', lines)).data.importSpreadsheet).toMatchObject({ written: true, created: 0, updated: 0, unchanged: lines.length - 1 });

    const refused = async (lines: string[]) => {
      const answer = (await importFields('admin', lines)).data.importSpreadsheet;
      expect(answer.written).toBe(false);
      return answer.problems.map((problem: { row: number; column: string; messageEn: string }) => [problem.row, problem.column, problem.messageEn]);
    };
    const unchanged = await snapshot();
    expect(await refused([FIELD_HEADER, 'ban code,Tên,Name,,,1', 'MOI,Mới,New,2022,2021,6'])).toEqual([
      [2, 'Mã lĩnh vực', '2 to 64 upper case letters, digits and underscores, starting with a letter'],
      [3, 'Đến năm', 'Must not be before the first year.'],
    ]);
    expect(await refused([FIELD_HEADER, 'DAN_TOC,Công tác dân tộc,Ethnic affairs,2020,,5'])).toEqual([
      [2, 'Từ năm', "The years cannot change so: these models would start outside the field's years: model C1-DT-2019 (started 2019)."],
    ]);
    expect(await snapshot()).toEqual(unchanged);
  });

  it('forgets the kept tallies when a field is created or given other years: COMMUNE_ALL_FIELDS counts every field of the year', async () => {
    // C1 has a model in every field in use in 2017, written before anything is counted.
    const commune = await db.unit.findUniqueOrThrow({ where: { code: 'C1' } });
    const inUse = (await db.field.findMany()).filter((field) => (field.firstYear ?? 0) <= 2017 && (field.lastYear ?? 9999) >= 2017);
    for (const field of inUse) {
      await db.model.create({
        data: {
          registrationKey: `C1-${field.code}`,
          kind: 'MODEL',
          holder: 'COLLECTIVE',
          title: 'Mô hình',
          unitId: commune.id,
          fieldId: field.id,
          startYear: 2017,
          origin: 'ENTERED',
        },
      });
    }
    const allFields = async () => {
      const answer = await ask('admin', '{ coverage(indicator: "COMMUNE_ALL_FIELDS", unit: "P1", period: { year: 2017 }) { numerator denominator } }');
      expect(answer.errors).toBeUndefined();
      return answer.data.coverage;
    };
    expect(await allFields()).toEqual({ numerator: 1, denominator: 1 });
    expect(await db.unitTally.count()).toBeGreaterThan(0);
    const named = { nameVi: 'Lịch sử địa phương', nameEn: 'Local history' };
    expect((await saveField('admin', { code: 'LICH_SU', ...named })).errors).toBeUndefined();
    expect(await allFields()).toEqual({ numerator: 0, denominator: 1 });
    expect((await saveField('admin', { code: 'LICH_SU', ...named, firstYear: 2018 })).errors).toBeUndefined();
    expect(await allFields()).toEqual({ numerator: 1, denominator: 1 });
    expect((await importFields('admin', [FIELD_HEADER, 'LICH_SU,Lịch sử địa phương,Local history,2016,,40'])).data.importSpreadsheet).toMatchObject({
      written: true,
      updated: 1,
    });
    expect(await allFields()).toEqual({ numerator: 0, denominator: 1 });
  });

  // Three commands, each a Node process compiling TypeScript: up to half a minute each on a busy machine. On
  // PostgreSQL: what they write is writeCatalogue's, checked above on both databases, and the going-live
  // walk (tests/browser/going-live.test.ts) loads a package with this command on SQLite too.
  if (provider === 'postgresql')
    it('the command line loads the package again, putting back a target changed since, and exports the catalogue', async () => {
      const catalogue = (...args: string[]) =>
        spawnSync(process.execPath, ['--import', 'tsx', 'scripts/catalogue.ts', ...args], {
          encoding: 'utf8',
          env: { ...process.env, DATABASE_URL: database.url },
        });
      const loaded = catalogue('load', 'DVK_2018_2020', '--actor', 'van.hanh');
      // The province's target of 85% (set by the catalogue import above) goes back to the package's 80%.
      expect(loaded.stdout, loaded.stderr).toBe(
        'DVK_2018_2020: loaded. Fields: 0 created, 0 updated, 6 unchanged. Indicators: 0 created, 1 updated, 7 unchanged.\n',
      );
      const entry = await db.auditEntry.findFirstOrThrow({ where: { entity: 'Indicator', entityKey: 'SATISFACTION' }, orderBy: { id: 'desc' } });
      expect([entry.actor, entry.source, JSON.parse(entry.after!).targets[1].value]).toEqual(['van.hanh', 'IMPORT', 0.8]);
      const exported = catalogue('export');
      expect(exported.status, exported.stderr).toBe(0);
      expect(JSON.parse(exported.stdout).format).toBe('dan-van-kheo/catalogue');
      expect(catalogue('load', 'NOPE')).toMatchObject({ status: 2, stderr: 'catalogue: give a package: DVK_2018_2020\n' });
    }, 180_000);
});
