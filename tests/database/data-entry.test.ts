// Data entry through mutations: validation with field paths, the audit trail, and writes that coverage
// sees in the next query. Each provider gets its own small database.
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { schema } from '../../src/schema/index.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { createCommuneNtmIndicator, createPlainUnit, type PlainUnitKind } from '../support/fixtures.ts';
import type { Result } from '../support/graphql.ts';
import { contextAs, nationalAdmin } from '../support/viewers.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe.each(providers)('data entry on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;

  // An officer's writes, by default as a whole-country administrator named like an officer; `role` to be someone else.
  const run = (source: string, variables: Record<string, unknown> = {}, options: { role?: 'ANALYST' | 'VIEWER'; actor?: string } = {}): Promise<Result> =>
    graphql({
      schema,
      source,
      variableValues: variables,
      contextValue: contextAs(db, { ...nationalAdmin, role: options.role ?? 'ADMIN', username: options.actor ?? 'cán bộ Nguyễn Văn A' }),
    });

  const model = (overrides: Record<string, unknown> = {}) => ({
    registrationKey: 'NR-2016-001',
    kind: 'MODEL',
    holder: 'COLLECTIVE',
    title: 'Vận động nhân dân hiến đất làm đường',
    unit: 'C1',
    field: 'NONG_THON_MOI',
    startYear: 2016,
    ...overrides,
  });
  const register = (input: Record<string, unknown>, options?: { role?: 'ANALYST' | 'VIEWER'; actor?: string }) =>
    run(`mutation($input: ModelInput!) { registerModel(input: $input) { registrationKey origin unit { code } field { code } } }`, { input }, options);
  type Problem = { path: string[]; message: string; vi?: string };
  const problemsIn = (result: Result) => (result.errors?.[0]?.extensions?.problems ?? []) as Problem[];
  /** The problems in English, as the API's callers read them; the forms' Vietnamese is tested on its own. */
  const problemsOf = (result: Result) => problemsIn(result).map(({ path, message }) => ({ path, message }));

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    const unit = (code: string, kind: PlainUnitKind, validTo?: string) => createPlainUnit(db, code, kind, validTo);
    const province = await unit('P', 'PROVINCE');
    const district = await unit('D', 'DISTRICT');
    const c1 = await unit('C1', 'COMMUNE');
    const old = await unit('OLD', 'COMMUNE', '2019-12-31');
    const ward = await unit('W1', 'WARD');
    await db.unitParent.createMany({
      data: [
        { unitId: district.id, parentId: province.id },
        { unitId: c1.id, parentId: district.id },
        { unitId: old.id, parentId: district.id, validTo: day('2019-12-31') },
        { unitId: ward.id, parentId: district.id },
      ],
    });
    await db.field.createMany({
      data: [
        { code: 'NONG_THON_MOI', nameVi: 'Xây dựng nông thôn mới', nameEn: 'New rural construction' },
        { code: 'CAI_CACH_HANH_CHINH', nameVi: 'Cải cách hành chính', nameEn: 'Administrative reform', firstYear: 2018 },
      ],
    });
    await createCommuneNtmIndicator(db);
  });
  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('is refused to the read-only roles, and stores nothing', async () => {
    const result = await register(model(), { role: 'ANALYST' });
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await register(model(), { role: 'VIEWER' })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(result.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await db.model.count()).toBe(0);
    expect(await db.auditEntry.count()).toBe(0);
  });

  it('names every problem of a bad model with its field path, and stores nothing', async () => {
    const result = await register(model({ registrationKey: 'bad key!', title: '  ', startYear: 2016, endYear: 2014, unit: 'NOWHERE' }));
    expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(problemsOf(result).map((problem) => problem.path.join('.'))).toEqual(
      expect.arrayContaining(['input.registrationKey', 'input.title', 'input.endYear']),
    );
    // Each says it in Vietnamese too, for the officers' forms (web/app).
    expect(Object.fromEntries(problemsIn(result).map((problem) => [problem.path.join('.'), problem.vi]))).toMatchObject({
      'input.registrationKey': 'chỉ gồm chữ, số và . _ / -',
      'input.title': 'không được để trống',
      'input.endYear': 'không được trước năm bắt đầu',
    });
    // The shape is checked first; the records (unit, field) once the shape is right.
    const records = await register(model({ unit: 'NOWHERE', field: 'CAI_CACH_HANH_CHINH', startYear: 2016 }));
    expect(problemsOf(records)).toEqual([
      { path: ['input', 'unit'], message: 'no unit has the code "NOWHERE"' },
      { path: ['input', 'field'], message: 'Cải cách hành chính is not in use in 2016' },
    ]);
    const gone = await register(model({ unit: 'OLD', startYear: 2021 }));
    expect(problemsOf(gone)).toEqual([{ path: ['input', 'unit'], message: 'Đơn vị OLD (OLD) did not exist in 2021: it existed from … to 2019-12-31' }]);
    expect(await db.model.count()).toBe(0);
    expect(await db.auditEntry.count()).toBe(0);
  });

  it('registers a model, audits it, and coverage sees it with its evaluation in the next query', async () => {
    const coverage = async () =>
      (await run(`{ coverage(indicator: "COMMUNE_NTM", unit: "P", period: { year: 2019 }) { numerator denominator } }`)).data!.coverage;
    // 2019: C1 and OLD are the communes; neither has a model yet.
    expect(await coverage()).toEqual({ numerator: 0, denominator: 2 });
    const registered = await register(model());
    expect(registered.errors).toBeUndefined();
    expect(registered.data!.registerModel).toEqual({
      registrationKey: 'NR-2016-001',
      origin: 'ENTERED',
      unit: { code: 'C1' },
      field: { code: 'NONG_THON_MOI' },
    });
    const evaluated = await run(`mutation { recordEvaluation(input: { model: "NR-2016-001", year: 2019, rating: EFFECTIVE }) { year rating } }`);
    expect(evaluated.errors).toBeUndefined();
    expect(await coverage()).toEqual({ numerator: 1, denominator: 2 });
    const entries = await db.auditEntry.findMany({ orderBy: { id: 'asc' } });
    expect(entries.map((entry) => [entry.action, entry.entity, entry.entityKey, entry.actor, entry.source])).toEqual([
      ['CREATE', 'Model', 'NR-2016-001', 'cán bộ Nguyễn Văn A', 'MUTATION'],
      ['CREATE', 'Evaluation', 'NR-2016-001/2019', 'cán bộ Nguyễn Văn A', 'MUTATION'],
    ]);
    expect(entries[0]!.before).toBeNull();
    expect(JSON.parse(entries[0]!.after!)).toMatchObject({ registrationKey: 'NR-2016-001', startYear: 2016, endYear: null });
  });

  it('refuses a second registration of the same key, leaving the trail as it was', async () => {
    const before = await db.auditEntry.count();
    const again = await register(model({ title: 'Khác' }));
    expect(problemsOf(again)).toEqual([{ path: ['input', 'registrationKey'], message: 'NR-2016-001 is already registered; change it with updateModel' }]);
    expect(await db.auditEntry.count()).toBe(before);
  });

  it('records the values before and after a change, and nothing for a change that changes nothing', async () => {
    const update = (title: string) =>
      run(
        `mutation($input: ModelInput!) { updateModel(registrationKey: "NR-2016-001", input: $input) { title } }`,
        { input: model({ title }) },
        { actor: 'Trần Thị B' },
      );
    expect((await update('Hiến đất làm đường liên thôn')).data!.updateModel.title).toBe('Hiến đất làm đường liên thôn');
    const count = await db.auditEntry.count();
    await update('Hiến đất làm đường liên thôn');
    expect(await db.auditEntry.count()).toBe(count);
    const last = await db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ action: 'UPDATE', actor: 'Trần Thị B' });
    expect(JSON.parse(last.before!).title).toBe('Vận động nhân dân hiến đất làm đường');
    expect(JSON.parse(last.after!).title).toBe('Hiến đất làm đường liên thôn');
  });

  it('ends a model, and refuses evaluations outside the years it ran', async () => {
    const early = await run(`mutation { endModel(registrationKey: "NR-2016-001", endYear: 2015) { endYear } }`);
    expect(problemsOf(early)).toEqual([{ path: ['endYear'], message: 'must not be before the start year 2016' }]);
    expect((await run(`mutation { endModel(registrationKey: "NR-2016-001", endYear: 2020) { endYear } }`)).data!.endModel).toEqual({ endYear: 2020 });
    const late = await run(`mutation { recordEvaluation(input: { model: "NR-2016-001", year: 2022, rating: EFFECTIVE }) { year } }`);
    expect(problemsOf(late)).toEqual([{ path: ['input', 'year'], message: 'the model ran from 2016 to 2020, not in 2022' }]);
    const unknown = await run(`mutation { recordEvaluation(input: { model: "NOPE", year: 2019, rating: EFFECTIVE }) { year } }`);
    expect(problemsOf(unknown)).toEqual([{ path: ['input', 'model'], message: 'no model has the registration key "NOPE"' }]);
  });

  it('replaces a year’s evaluation when it is recorded again', async () => {
    await run(`mutation { recordEvaluation(input: { model: "NR-2016-001", year: 2019, rating: OUTSTANDING, recommendedForReplication: true }) { year } }`);
    const evaluations = await db.evaluation.findMany();
    expect(evaluations).toHaveLength(1);
    expect(evaluations[0]).toMatchObject({ year: 2019, rating: 'OUTSTANDING', recommendedForReplication: true });
  });

  it('records an award for a model, within the years it ran', async () => {
    const award = await run(
      `mutation { recordAward(input: { model: "NR-2016-001", year: 2018, level: DISTRICT, title: "Giấy khen của Chủ tịch UBND huyện", decisionNumber: "45/QĐ-UBND", decisionDate: "2018-12-20", grantor: "D" }) { year level decisionDate grantor { code } model { registrationKey } } }`,
    );
    expect(award.data!.recordAward).toEqual({
      year: 2018,
      level: 'DISTRICT',
      decisionDate: '2018-12-20',
      grantor: { code: 'D' },
      model: { registrationKey: 'NR-2016-001' },
    });
    const wrong = await run(
      `mutation { recordAward(input: { model: "NR-2016-001", year: 2015, level: PROVINCE, title: "Bằng khen", decisionDate: "2016-01-05" }) { year } }`,
    );
    expect(problemsOf(wrong)).toEqual([{ path: ['input', 'decisionDate'], message: 'must fall in the year of the award' }]);
    const early = await run(`mutation { recordAward(input: { model: "NR-2016-001", year: 2015, level: PROVINCE, title: "Bằng khen" }) { year } }`);
    expect(problemsOf(early)).toEqual([{ path: ['input', 'year'], message: 'the model started in 2016, after 2015' }]);
    expect(await db.award.count()).toBe(1);
    expect((await db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } })).entity).toBe('Award');
  });

  it('records plans, survey results and new-rural status, checking each against the unit and its year', async () => {
    expect(
      (
        await run(
          `mutation { recordPlan(input: { unit: "C1", year: 2019, documentNumber: "12/KH-UBND", issuedOn: "2019-02-15" }) { year documentNumber issuedOn } }`,
        )
      ).data!.recordPlan,
    ).toEqual({
      year: 2019,
      documentNumber: '12/KH-UBND',
      issuedOn: '2019-02-15',
    });
    const survey = await run(`mutation { recordSatisfactionSurvey(input: { unit: "C1", year: 2019, respondents: 50, satisfied: 60 }) { year } }`);
    expect(problemsOf(survey)).toEqual([{ path: ['input', 'satisfied'], message: 'cannot exceed respondents' }]);
    expect((await run(`mutation { recordSatisfactionSurvey(input: { unit: "C1", year: 2019, respondents: 50, satisfied: 40 }) { satisfied } }`)).data).toEqual({
      recordSatisfactionSurvey: { satisfied: 40 },
    });
    const ward = await run(`mutation { recordNewRuralStatus(input: { unit: "W1", year: 2019, criteriaMet: 12 }) { year } }`);
    expect(problemsOf(ward)).toEqual([{ path: ['input', 'unit'], message: 'W1 is not a commune (xã): only communes have a new-rural status' }]);
    const early = await run(`mutation { recordNewRuralStatus(input: { unit: "C1", year: 2019, criteriaMet: 18, recognisedOn: "2019-12-20" }) { year } }`);
    expect(problemsOf(early)).toEqual([{ path: ['input', 'recognisedOn'], message: 'a commune is recognised only with all 19 criteria met' }]);
    const gone = await run(`mutation { recordPlan(input: { unit: "OLD", year: 2021 }) { year } }`);
    expect(problemsOf(gone)[0]?.message).toMatch(/did not exist in 2021/);
    expect(await db.newRuralStatus.count()).toBe(0);
  });

  it('answers the audit trail newest first, filtered by unit, record type, actor and day', async () => {
    const log = async (filter: Record<string, unknown>) =>
      (
        await run(`query($filter: AuditFilter) { auditLog(filter: $filter, first: 50) { totalCount edges { node { entity entityKey actor action } } } }`, {
          filter,
        })
      ).data!.auditLog;
    const all = await log({});
    expect(all.totalCount).toBe(await db.auditEntry.count());
    expect(all.edges[0].node).toMatchObject({ entity: 'SatisfactionSurvey', entityKey: 'C1/2019' });
    expect((await log({ entity: 'Plan' })).edges.map((edge: { node: { entityKey: string } }) => edge.node.entityKey)).toEqual(['C1/2019']);
    expect((await log({ actor: 'Trần Thị B' })).totalCount).toBe(1);
    expect((await log({ unit: 'D' })).totalCount).toBe(all.totalCount);
    expect((await log({ unit: 'W1' })).totalCount).toBe(0);
    expect((await log({ to: '2000-01-01' })).totalCount).toBe(0);
    const today = new Date().toISOString().slice(0, 10);
    expect((await log({ from: today, to: today })).totalCount).toBe(all.totalCount);
    const unknown = await run(`{ auditLog(filter: { unit: "NOWHERE" }) { totalCount } }`);
    expect(unknown.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
