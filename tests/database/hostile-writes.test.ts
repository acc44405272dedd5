// Writes as an attacker inside the product would try them, on both databases: an officer reaching into
// another area through an import, a unit the request's tree does not know, two writes racing for one
// record or one key, an old spreadsheet undoing a merger, a model ended before the years it was evaluated
// in, and, the other way round, the officers of a merged commune's successor who must be able to write
// what counts in their coverage. Every refusal leaves nothing written.
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/access/roles.ts';
import type { SignedIn } from '../../src/access/viewer.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { schema } from '../../src/schema/index.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { communeModelIndicatorNames, treeChanged } from '../support/fixtures.ts';
import { contextAs, signedInAs, testServer } from '../support/viewers.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

// P1 > D1 > C1, C2; P1 > D2 > C3; P2 > D3 > C4. OLD > DO > X until 30 June 2025, when X merged into Y under NEW.
const UNITS: [code: string, kind: string, level: string, parent: string | null, validTo?: string][] = [
  ['P1', 'PROVINCE', 'PROVINCE', null],
  ['D1', 'DISTRICT', 'DISTRICT', 'P1'],
  ['D2', 'DISTRICT', 'DISTRICT', 'P1'],
  ['C1', 'COMMUNE', 'COMMUNE', 'D1'],
  ['C2', 'COMMUNE', 'COMMUNE', 'D1'],
  ['C3', 'COMMUNE', 'COMMUNE', 'D2'],
  ['P2', 'PROVINCE', 'PROVINCE', null],
  ['D3', 'DISTRICT', 'DISTRICT', 'P2'],
  ['C4', 'COMMUNE', 'COMMUNE', 'D3'],
  ['OLD', 'PROVINCE', 'PROVINCE', null, '2025-06-30'],
  ['DO', 'DISTRICT', 'DISTRICT', 'OLD', '2025-06-30'],
  ['X', 'COMMUNE', 'COMMUNE', 'DO', '2025-06-30'],
  ['NEW', 'PROVINCE', 'PROVINCE', null],
  ['Y', 'COMMUNE', 'COMMUNE', 'NEW'],
];

type Answer = { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };

describe.each(providers)('hostile writes on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  const ids = new Map<string, number>();
  let fieldId: number;
  const yoga = () => testServer(db);

  const officers: Record<string, [string, Role, string | null]> = {
    D1: ['huyen.d1', 'DISTRICT_OFFICER', 'D1'],
    D2: ['huyen.d2', 'DISTRICT_OFFICER', 'D2'],
    P1: ['tinh.p1', 'PROVINCE_OFFICER', 'P1'],
    OLD: ['tinh.old', 'PROVINCE_OFFICER', 'OLD'],
    NEW: ['tinh.new', 'PROVINCE_OFFICER', 'NEW'],
    admin: ['quan.tri', 'ADMIN', null],
    adminP1: ['quan.tri.p1', 'ADMIN', 'P1'],
  };

  async function ask(as: keyof typeof officers, query: string, variables?: object): Promise<Answer> {
    const response = await yoga().fetch('http://localhost/graphql', {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: await signedInAs(db, ...officers[as]!) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as Answer;
    expect(JSON.stringify(body)).not.toMatch(/INTERNAL_SERVER_ERROR|Unexpected error/);
    return body;
  }
  const codeOf = (answer: Answer) => answer.errors?.[0]?.extensions?.code;

  const summary = 'written created updated unchanged problems { row column value messageVi messageEn }';
  async function upload(as: keyof typeof officers, kind: string, lines: string[], dryRun = false): Promise<any> {
    const body = new FormData();
    const query = `mutation($file: File!, $dryRun: Boolean) { importSpreadsheet(file: $file, kind: ${kind}, dryRun: $dryRun) { ${summary} } }`;
    body.set('operations', JSON.stringify({ query, variables: { file: null, dryRun } }));
    body.set('map', JSON.stringify({ 0: ['variables.file'] }));
    body.set('0', new File([`\uFEFF${lines.join('\r\n')}\r\n`], 'tep.csv', { type: 'text/csv' }));
    const response = await yoga().fetch('http://localhost/graphql', {
      method: 'POST',
      body,
      headers: { authorization: await signedInAs(db, ...officers[as]!), [CSRF_HEADER]: '1' },
    });
    const answer = (await response.json()) as Answer;
    expect(answer.errors, JSON.stringify(answer.errors)).toBeUndefined();
    return answer.data.importSpreadsheet;
  }
  async function exported(as: keyof typeof officers, kind: string): Promise<string> {
    const answer = await ask(as, `query { exportSpreadsheet(kind: ${kind}) }`);
    expect(answer.errors).toBeUndefined();
    return answer.data.exportSpreadsheet;
  }
  const lines = (csv: string) =>
    csv
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split(/\r?\n/);
  const MODEL_HEADER = 'Mã đăng ký,Loại,Chủ thể,Tên mô hình,Mô tả,Mã đơn vị,Mã lĩnh vực,Năm bắt đầu,Năm kết thúc,Nguồn';

  async function addModel(key: string, unit: string, startYear: number, endYear: number | null = null) {
    return db.model.create({
      data: {
        registrationKey: key,
        kind: 'MODEL',
        holder: 'COLLECTIVE',
        title: `Mô hình ${key}`,
        unitId: ids.get(unit)!,
        fieldId,
        startYear,
        endYear,
        origin: 'ENTERED',
      },
    });
  }
  const stored = (key: string) => db.model.findUniqueOrThrow({ where: { registrationKey: key }, include: { unit: { select: { code: true } } } });

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    for (const [code, kind, level, parent, validTo] of UNITS) {
      const unit = await db.unit.create({
        data: {
          code,
          officialCode: code,
          name: `${kind} ${code}`,
          searchName: code.toLowerCase(),
          kind: kind as never,
          level: level as never,
          validTo: validTo ? day(validTo) : null,
        },
      });
      ids.set(code, unit.id);
      if (parent) await db.unitParent.create({ data: { unitId: unit.id, parentId: ids.get(parent)!, validTo: validTo ? day(validTo) : null } });
    }
    await db.unitLineage.create({ data: { predecessorId: ids.get('X')!, successorId: ids.get('Y')!, effectiveDate: day('2025-07-01'), kind: 'MERGER' } });
    fieldId = (await db.field.create({ data: { code: 'NONG_THON_MOI', nameVi: 'Xây dựng nông thôn mới', nameEn: 'New rural construction' } })).id;
    await treeChanged(db);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('an import cannot take another area’s model, evaluation or plan, even naming a unit of the importer’s own', async () => {
    await addModel('M-C1', 'C1', 2019);
    const before = await stored('M-C1');
    const entries = await db.auditEntry.count();
    const takeover = [MODEL_HEADER, 'M-C1,Mô hình,Tập thể,Đã chiếm,,C3,NONG_THON_MOI,2019,,'];
    for (const dryRun of [true, false]) {
      const answer = await upload('D2', 'MODELS', takeover, dryRun);
      expect(answer).toMatchObject({ written: false, created: 0, updated: 0 });
      expect(answer.problems).toEqual([
        expect.objectContaining({
          row: 2,
          column: 'Mã đơn vị',
          value: 'M-C1',
          messageEn: expect.stringMatching(/^Outside your account’s area in 2019: DISTRICT D2 \(D2\)/),
        }),
      ]);
    }
    const evaluation = await upload('D2', 'EVALUATIONS', ['Mã đăng ký mô hình,Năm,Xếp loại', 'M-C1,2020,Tiêu biểu']);
    expect(evaluation).toMatchObject({ written: false, problems: [expect.objectContaining({ row: 2, value: 'M-C1/2020' })] });
    const plan = await upload('D2', 'PLANS', ['Mã đơn vị,Năm,Số kế hoạch', 'C1,2020,1/KH']);
    expect(plan).toMatchObject({ written: false, problems: [expect.objectContaining({ row: 2, value: 'C1/2020' })] });
    // An unchanged row says what is stored: it is for those who may read it.
    const unchanged = await upload('D2', 'MODELS', [MODEL_HEADER, `M-C1,Mô hình,Tập thể,Mô hình M-C1,,C1,NONG_THON_MOI,2019,,`], true);
    expect(unchanged).toMatchObject({ unchanged: 0, problems: [expect.objectContaining({ row: 2 })] });
    expect(await stored('M-C1')).toEqual(before);
    expect(await db.auditEntry.count()).toBe(entries);
    expect(await db.evaluation.count()).toBe(0);
    expect(await db.plan.count()).toBe(0);
  });

  it('a model moved by an import is filed under the unit it left and the one it joined', async () => {
    await addModel('M-MOVE', 'C1', 2019);
    const answer = await upload('P1', 'MODELS', [MODEL_HEADER, 'M-MOVE,Mô hình,Tập thể,Mô hình M-MOVE,,C3,NONG_THON_MOI,2019,,']);
    expect(answer).toMatchObject({ written: true, updated: 1, problems: [] });
    const entry = await db.auditEntry.findFirstOrThrow({ where: { entityKey: 'M-MOVE' }, orderBy: { id: 'desc' } });
    expect([entry.unitId, entry.formerUnitId]).toEqual([ids.get('C3'), ids.get('C1')]);
    for (const district of ['D1', 'D2'] as const) {
      const log = await ask(district, `query { auditLog(filter: { entity: "Model" }) { edges { node { entityKey source } } } }`);
      expect(log.data.auditLog.edges.map((edge: any) => edge.node.entityKey)).toContain('M-MOVE');
    }
    // The district it left may not move it back: the model is no longer its own in any year.
    const back = await upload('D1', 'MODELS', [MODEL_HEADER, 'M-MOVE,Mô hình,Tập thể,Mô hình M-MOVE,,C1,NONG_THON_MOI,2019,,']);
    expect(back).toMatchObject({ written: false, problems: [expect.objectContaining({ row: 2 })] });
  });

  it('fails closed on a unit the request’s tree does not know: created since, in another province', async () => {
    const officer: SignedIn = {
      kind: 'user',
      id: 0,
      username: 'huyen.d1',
      displayName: 'huyen.d1',
      role: 'DISTRICT_OFFICER',
      unit: { id: ids.get('D1')!, code: 'D1', name: 'DISTRICT D1' },
    };
    for (const [code, raised] of [
      ['Z1', false],
      ['Z2', true],
    ] as const) {
      const ctx = contextAs(db, officer);
      await ctx.facts.tree();
      // Another server creates a commune of P2 after this request read its tree (and, for Z2, says so).
      const unit = await db.unit.create({
        data: { code, officialCode: code, name: `Xã ${code}`, searchName: code.toLowerCase(), kind: 'COMMUNE', level: 'COMMUNE' },
      });
      await db.unitParent.create({ data: { unitId: unit.id, parentId: ids.get('D3')! } });
      if (raised) await treeChanged(db);
      const result = await graphql({ schema, contextValue: ctx, source: `mutation { recordPlan(input: { unit: "${code}", year: 2024 }) { year } }` });
      expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(await db.plan.count({ where: { unitId: unit.id } })).toBe(0);
    }
  });

  it('saveIndicator files its audit entry, and only whole-country accounts save an indicator', async () => {
    const save = (as: keyof typeof officers, value: number) =>
      ask(as, `mutation($input: IndicatorInput!) { saveIndicator(input: $input) { code } }`, {
        input: {
          code: 'COMMUNE_NTM',
          ...communeModelIndicatorNames,
          definition: JSON.stringify({ measure: 'UNITS_WITH_MODELS', unitKinds: ['COMMUNE'], models: { fields: ['NONG_THON_MOI'] } }),
          targets: [{ value, firstYear: 2018, lastYear: 2020 }],
        },
      });
    expect((await save('admin', 1)).errors).toBeUndefined();
    expect((await save('admin', 0.9)).errors).toBeUndefined();
    expect((await save('admin', 0.9)).errors).toBeUndefined();
    const entries = await db.auditEntry.findMany({ where: { entity: 'Indicator' }, orderBy: { id: 'asc' } });
    expect(entries.map((entry) => [entry.action, entry.entityKey, entry.actor, entry.unitId])).toEqual([
      ['CREATE', 'COMMUNE_NTM', 'quan.tri', null],
      ['UPDATE', 'COMMUNE_NTM', 'quan.tri', null],
    ]);
    expect(JSON.parse(entries[1]!.before!).targets[0].value).toBe(1);
    expect(JSON.parse(entries[1]!.after!).targets[0].value).toBe(0.9);
    expect(codeOf(await save('adminP1', 0.5))).toBe('FORBIDDEN');
    expect((await db.indicatorTarget.findFirstOrThrow()).value).toBe(0.9);
  });

  it('concurrent upserts of one survey leave an unbroken audit chain', async () => {
    const writes = Array.from({ length: 40 }, (_, index) =>
      ask('P1', `mutation($s: Int!) { recordSatisfactionSurvey(input: { unit: "C2", year: 2021, respondents: 100, satisfied: $s }) { satisfied } }`, {
        s: index + 1,
      }),
    );
    const answers = await Promise.all(writes);
    expect(answers.filter((answer) => answer.errors)).toEqual([]);
    const chain = await db.auditEntry.findMany({ where: { entity: 'SatisfactionSurvey', entityKey: 'C2/2021' }, orderBy: { id: 'asc' } });
    expect(chain).toHaveLength(40);
    expect(chain[0]!.before).toBeNull();
    for (let index = 1; index < chain.length; index++) expect(chain[index]!.before, `entry ${index}`).toBe(chain[index - 1]!.after);
    const final = await db.satisfactionSurvey.findFirstOrThrow({ where: { unitId: ids.get('C2'), year: 2021 } });
    expect(JSON.parse(chain.at(-1)!.after!).satisfied).toBe(final.satisfied);
  });

  it('racing one registration key: one registers it, the others are told it is taken', async () => {
    const racers = Array.from({ length: 32 }, (_, index) =>
      ask('P1', `mutation($input: ModelInput!) { registerModel(input: $input) { registrationKey } }`, {
        input: {
          registrationKey: 'RACE-1',
          kind: 'MODEL',
          holder: 'COLLECTIVE',
          title: `Người thứ ${index}`,
          unit: 'C2',
          field: 'NONG_THON_MOI',
          startYear: 2020,
        },
      }),
    );
    const answers = await Promise.all(racers);
    expect(answers.filter((answer) => answer.data?.registerModel)).toHaveLength(1);
    expect(answers.filter((answer) => answer.errors).map(codeOf)).toEqual(Array(31).fill('BAD_USER_INPUT'));
    expect(await db.model.count({ where: { registrationKey: 'RACE-1' } })).toBe(1);
    expect(await db.auditEntry.count({ where: { entityKey: 'RACE-1' } })).toBe(1);
  });

  it('a model cannot end, or start, so that its evaluations fall outside its years', async () => {
    await addModel('M-EVAL', 'C2', 2018);
    expect((await ask('P1', `mutation { recordEvaluation(input: { model: "M-EVAL", year: 2021, rating: EFFECTIVE }) { year } }`)).errors).toBeUndefined();
    const early = await ask('P1', `mutation { endModel(registrationKey: "M-EVAL", endYear: 2020) { endYear } }`);
    expect(codeOf(early)).toBe('BAD_USER_INPUT');
    expect(early.errors![0]!.message).toContain('the evaluation of 2021');
    const late = await upload('P1', 'MODELS', [MODEL_HEADER, 'M-EVAL,Mô hình,Tập thể,Mô hình M-EVAL,,C2,NONG_THON_MOI,2022,,']);
    expect(late).toMatchObject({
      written: false,
      problems: [expect.objectContaining({ row: 2, column: 'Năm bắt đầu', messageEn: expect.stringContaining('the evaluation of 2021') })],
    });
    expect(await stored('M-EVAL')).toMatchObject({ startYear: 2018, endYear: null });
    expect((await ask('P1', `mutation { endModel(registrationKey: "M-EVAL", endYear: 2021) { endYear } }`)).data.endModel.endYear).toBe(2021);
  });

  it('a unit with records in later years does not end, and an old units file does not reopen a merged one', async () => {
    await db.plan.create({ data: { unitId: ids.get('C2')!, year: 2026 } });
    const merge = `mutation($from: [String!]!) { mergeUnits(input: { from: $from, into: "C1", effective: "2025-07-01" }) { code } }`;
    const refused = await ask('P1', merge, { from: ['C2'] });
    expect(codeOf(refused)).toBe('BAD_USER_INPUT');
    expect(refused.errors![0]!.message).toContain('the plan of 2026');
    expect((await db.unit.findUniqueOrThrow({ where: { code: 'C2' } })).validTo).toBeNull();

    // The units file before C3 merged into C1, imported again after the merger.
    const before = await exported('admin', 'UNITS');
    expect((await ask('P1', merge.replace('2025-07-01', '2024-01-01'), { from: ['C3'] })).errors).toBeUndefined();
    const afterMerger = await db.unit.findUniqueOrThrow({ where: { code: 'C3' } });
    expect(afterMerger.validTo).toEqual(day('2023-12-31'));
    const reopened = await upload('admin', 'UNITS', lines(before));
    expect(reopened).toMatchObject({ written: false, updated: 0 });
    expect(reopened.problems).toEqual([
      expect.objectContaining({ column: 'Đến ngày', value: '', messageEn: expect.stringContaining('passed into C1 on 2024-01-01') }),
    ]);
    expect(await db.unit.findUniqueOrThrow({ where: { code: 'C3' } })).toEqual(afterMerger);
  });

  it('the successor’s officers write what counts in their coverage, in the years it counts there', async () => {
    await addModel('M-X', 'X', 2015);
    const evaluate = (as: keyof typeof officers, year: number) =>
      ask(as, `mutation { recordEvaluation(input: { model: "M-X", year: ${year}, rating: EFFECTIVE }) { year } }`);
    expect((await evaluate('NEW', 2026)).errors).toBeUndefined();
    expect(codeOf(await evaluate('NEW', 2019))).toBe('FORBIDDEN');
    expect((await evaluate('OLD', 2019)).errors).toBeUndefined();
    expect(codeOf(await evaluate('OLD', 2026))).toBe('FORBIDDEN');
    // Each reads the years that are theirs, through the model as through the export.
    const years = async (as: keyof typeof officers) =>
      (
        await ask(as, `query { models(filter: { field: "NONG_THON_MOI" }, first: 100) { edges { node { registrationKey evaluations { year } } } } }`)
      ).data.models.edges
        .find((edge: any) => edge.node.registrationKey === 'M-X')
        ?.node.evaluations.map((evaluation: any) => evaluation.year);
    expect(await years('NEW')).toEqual([2026]);
    expect(await years('OLD')).toEqual([2019]);
    expect(await years('admin')).toEqual([2019, 2026]);
    const imported = await upload('NEW', 'EVALUATIONS', ['Mã đăng ký mô hình,Năm,Xếp loại', 'M-X,2026,Tiêu biểu']);
    expect(imported).toMatchObject({ written: true, updated: 1, problems: [] });
    // Its holder now may change what it says, not rewrite the years it counted for the old province.
    expect((await ask('NEW', `mutation { endModel(registrationKey: "M-X", endYear: 2026) { endYear } }`)).errors).toBeUndefined();
    expect(codeOf(await ask('NEW', `mutation { endModel(registrationKey: "M-X", endYear: 2020) { endYear } }`))).toBe('FORBIDDEN');
    expect(codeOf(await ask('OLD', `mutation { endModel(registrationKey: "M-X", endYear: 2026) { endYear } }`))).toBe('FORBIDDEN');
  });

  it('after all of it, every kind’s export imports back unchanged', async () => {
    for (const kind of ['UNITS', 'MODELS', 'EVALUATIONS', 'PLANS', 'SATISFACTION_SURVEYS', 'NEW_RURAL_STATUSES']) {
      const again = await upload('admin', kind, lines(await exported('admin', kind)));
      expect(again, kind).toMatchObject({ created: 0, updated: 0, problems: [] });
    }
  });
});
