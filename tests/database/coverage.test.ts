// Coverage of indicators on a small hand-built province, where every expected number is counted by hand
// (DESIGN.md §3). The fixture, as the tree stood on 31 Dec of each year:
//
//   10 Tỉnh P (province)
//   ├── 101 Huyện D1 (district)
//   │   ├── 10101 xã A                   exists throughout
//   │   ├── 10102 xã B  ─┐ merged on 1 Feb 2020 (validTo 31 Jan 2020)
//   │   ├── 10104 xã C  ─┴─► 10104-2020 xã M (new, officialCode 10104, from 1 Feb 2020)
//   │   ├── 10103 thị trấn T (township)
//   │   └── 10190 Công an huyện (agency)
//   ├── 102 Huyện D2 (district)
//   │   ├── 10201 xã S  ── split on 1 Feb 2020 ─► 10201-2020 xã S1 (keeps officialCode 10201)
//   │   │                                       └► 10200 xã S2 (officialCode 10200, lower code)
//   │   └── 10202 phường W (ward)
//   └── 10900 Sở (province agency)
//
// Communes (kind COMMUNE): 2018-2019 A, B, C, S; 2020 on A, M, S1, S2.
// Fields: KINH_TE (always), NONG_THON_MOI (always), CCHC (from 2021).
// Models (created in this order, so ids ascend m1..m10), with their evaluations:
//   m1  "NTM A"   A   NONG_THON_MOI 2018-      2019 EFFECTIVE, 2020 OUTSTANDING, 2021 NOT_EFFECTIVE
//   m2  "NTM B"   B   NONG_THON_MOI 2018-      2019 NOT_EFFECTIVE (recommended), 2020 EFFECTIVE, 2021 EFFECTIVE
//   m3  "NTM S"   S   NONG_THON_MOI 2019-      2019 OUTSTANDING (recommended), 2020 EFFECTIVE, 2021 EFFECTIVE
//   m4  "KT A"    A   KINH_TE       2018-2020  2019 EFFECTIVE
//   m5  "KT T"    T   KINH_TE       2019-      2021 EFFECTIVE
//   m6  "NTM T"   T   NONG_THON_MOI 2019-      (never evaluated)
//   m7  "CCHC M"  M   CCHC          2021-      (never evaluated)
//   m8  "KT W"    W   KINH_TE       2018-      2019 EFFECTIVE
//   m9  "KT Ag"   10190 KINH_TE     2018-2020  2019 OUTSTANDING, 2020 NOT_EFFECTIVE
//   m10 "KT C"    C   KINH_TE       2019-      (never evaluated)
// After 1 Feb 2020, B's and C's models answer for M; S's model answers for S1 only.
import { graphql, type ExecutionResult } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { schema } from '../../src/schema/index.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { nationalAdmin, testKeys } from '../support/viewers.ts';

/** "Today" for relative periods: THIS_YEAR = 2022, LAST_YEAR = 2021. */
const NOW = new Date('2022-03-15T00:00:00Z');
const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

type Kind = 'PROVINCE' | 'DISTRICT' | 'COMMUNE' | 'WARD' | 'TOWNSHIP' | 'AGENCY';
type Rating = 'OUTSTANDING' | 'EFFECTIVE' | 'NOT_EFFECTIVE';
type Period = { year?: number; from?: number; to?: number; relative?: string };

async function buildFixture(db: Database) {
  const ids = new Map<string, { id: number; level: 'PROVINCE' | 'DISTRICT' | 'COMMUNE' }>();
  /** A unit with its parent link; the link is valid exactly while the unit is. */
  async function unit(code: string, kind: Kind, parent: string | null, options: { officialCode?: string; from?: string; to?: string } = {}) {
    const level = kind === 'PROVINCE' || kind === 'DISTRICT' ? kind : kind === 'AGENCY' ? ids.get(parent!)!.level : 'COMMUNE';
    const validFrom = options.from ? day(options.from) : null;
    const validTo = options.to ? day(options.to) : null;
    const created = await db.unit.create({
      data: {
        code,
        officialCode: options.officialCode ?? code,
        name: `${kind} ${code}`,
        searchName: `${kind.toLowerCase()} ${code}`,
        kind,
        level,
        validFrom,
        validTo,
        ...(parent ? { parentLinks: { create: { parentId: ids.get(parent)!.id, validFrom, validTo } } } : {}),
      },
    });
    ids.set(code, { id: created.id, level });
  }
  await unit('10', 'PROVINCE', null);
  await unit('101', 'DISTRICT', '10');
  await unit('102', 'DISTRICT', '10');
  await unit('10900', 'AGENCY', '10');
  await unit('10101', 'COMMUNE', '101');
  await unit('10102', 'COMMUNE', '101', { to: '2020-01-31' });
  await unit('10103', 'TOWNSHIP', '101');
  await unit('10104', 'COMMUNE', '101', { to: '2020-01-31' });
  await unit('10104-2020', 'COMMUNE', '101', { officialCode: '10104', from: '2020-02-01' });
  await unit('10190', 'AGENCY', '101');
  await unit('10201', 'COMMUNE', '102', { to: '2020-01-31' });
  await unit('10201-2020', 'COMMUNE', '102', { officialCode: '10201', from: '2020-02-01' });
  await unit('10200', 'COMMUNE', '102', { from: '2020-02-01' });
  await unit('10202', 'WARD', '102');
  const id = (code: string) => ids.get(code)!.id;

  const lineage = (from: string, to: string, kind: 'MERGER' | 'SPLIT') =>
    db.unitLineage.create({ data: { predecessorId: id(from), successorId: id(to), effectiveDate: day('2020-02-01'), kind } });
  await lineage('10102', '10104-2020', 'MERGER');
  await lineage('10104', '10104-2020', 'MERGER');
  await lineage('10201', '10201-2020', 'SPLIT');
  await lineage('10201', '10200', 'SPLIT');

  const fields = new Map<string, number>();
  for (const [code, sortOrder, firstYear] of [
    ['KINH_TE', 1, null],
    ['NONG_THON_MOI', 2, null],
    ['CCHC', 3, 2021],
  ] as const) {
    const field = await db.field.create({ data: { code, nameVi: code, nameEn: code, sortOrder, firstYear } });
    fields.set(code, field.id);
  }

  const models: [string, string, string, number, number | null, [number, Rating, boolean?][]][] = [
    [
      'NTM A',
      '10101',
      'NONG_THON_MOI',
      2018,
      null,
      [
        [2019, 'EFFECTIVE'],
        [2020, 'OUTSTANDING'],
        [2021, 'NOT_EFFECTIVE'],
      ],
    ],
    [
      'NTM B',
      '10102',
      'NONG_THON_MOI',
      2018,
      null,
      [
        [2019, 'NOT_EFFECTIVE', true],
        [2020, 'EFFECTIVE'],
        [2021, 'EFFECTIVE'],
      ],
    ],
    [
      'NTM S',
      '10201',
      'NONG_THON_MOI',
      2019,
      null,
      [
        [2019, 'OUTSTANDING', true],
        [2020, 'EFFECTIVE'],
        [2021, 'EFFECTIVE'],
      ],
    ],
    ['KT A', '10101', 'KINH_TE', 2018, 2020, [[2019, 'EFFECTIVE']]],
    ['KT T', '10103', 'KINH_TE', 2019, null, [[2021, 'EFFECTIVE']]],
    ['NTM T', '10103', 'NONG_THON_MOI', 2019, null, []],
    ['CCHC M', '10104-2020', 'CCHC', 2021, null, []],
    ['KT W', '10202', 'KINH_TE', 2018, null, [[2019, 'EFFECTIVE']]],
    [
      'KT Ag',
      '10190',
      'KINH_TE',
      2018,
      2020,
      [
        [2019, 'OUTSTANDING'],
        [2020, 'NOT_EFFECTIVE'],
      ],
    ],
    ['KT C', '10104', 'KINH_TE', 2019, null, []],
  ];
  for (const [title, owner, field, startYear, endYear, evaluations] of models) {
    await db.model.create({
      data: {
        registrationKey: title,
        kind: 'MODEL',
        holder: 'COLLECTIVE',
        title,
        unitId: id(owner),
        fieldId: fields.get(field)!,
        startYear,
        endYear,
        origin: 'ENTERED',
        evaluations: { create: evaluations.map(([year, rating, recommended]) => ({ year, rating, recommendedForReplication: recommended ?? false })) },
      },
    });
  }

  // Plans: every unit of the 2020 population but W; in 2021 only D1, A, the two agencies and S1; none in 2019 or 2022.
  const plans2020 = ['101', '102', '10900', '10101', '10103', '10104-2020', '10190', '10201-2020', '10200'];
  const plans2021 = ['101', '10101', '10190', '10201-2020', '10900'];
  await db.plan.createMany({
    data: [...plans2020.map((code) => ({ unitId: id(code), year: 2020 })), ...plans2021.map((code) => ({ unitId: id(code), year: 2021 }))],
  });
  await db.satisfactionSurvey.createMany({
    data: [
      { unitId: id('10101'), year: 2021, respondents: 50, satisfied: 45 },
      { unitId: id('10103'), year: 2021, respondents: 50, satisfied: 30 },
      { unitId: id('10202'), year: 2021, respondents: 50, satisfied: 48 },
    ],
  });
  await db.newRuralStatus.createMany({
    data: [
      { unitId: id('10101'), year: 2019, criteriaMet: 19, recognisedOn: day('2019-12-31') },
      { unitId: id('10102'), year: 2019, criteriaMet: 12, recognisedOn: null },
      { unitId: id('10201-2020'), year: 2021, criteriaMet: 19, recognisedOn: day('2021-01-01') },
    ],
  });

  const indicators: [string, object, [number, number, number][]][] = [
    [
      'NTM_EFFECTIVE',
      { measure: 'UNITS_WITH_MODELS', unitKinds: ['COMMUNE'], models: { fields: ['NONG_THON_MOI'], ratings: ['EFFECTIVE', 'OUTSTANDING'] } },
      [[1, 2018, 2020]],
    ],
    ['NTM_EFFECTIVE_ONLY', { measure: 'UNITS_WITH_MODELS', unitKinds: ['COMMUNE'], models: { fields: ['NONG_THON_MOI'], ratings: ['EFFECTIVE'] } }, []],
    ['ALL_FIELDS', { measure: 'UNITS_WITH_MODELS', unitKinds: ['COMMUNE', 'WARD', 'TOWNSHIP'], inEveryField: true }, [[1, 2018, 2025]]],
    ['AGENCY_MODEL', { measure: 'UNITS_WITH_MODELS', unitKinds: ['AGENCY'] }, []],
    ['REVIEWED', { measure: 'MODELS_MEETING', condition: { evaluated: true } }, [[1, 2018, 2025]]],
    ['REPLICATED', { measure: 'MODELS_MEETING', models: { ratings: ['EFFECTIVE', 'OUTSTANDING'] }, condition: { recommendedForReplication: true } }, []],
    [
      'PLAN',
      { measure: 'UNITS_WITH_PLAN', unitKinds: ['DISTRICT', 'COMMUNE', 'WARD', 'TOWNSHIP', 'AGENCY'] },
      [
        [1, 2018, 2020],
        [0.5, 2021, 2025],
      ],
    ],
    ['SATISFACTION', { measure: 'SATISFIED_RESPONDENTS' }, [[0.8, 2018, 2025]]],
    ['NTM_RECOGNISED', { measure: 'NEW_RURAL_RECOGNISED', unitKinds: ['COMMUNE'] }, []],
  ];
  for (const [index, [code, definition, targets]] of indicators.entries()) {
    await db.indicator.create({
      data: {
        code,
        nameVi: code,
        nameEn: code,
        numeratorVi: 'tử số',
        numeratorEn: 'numerator',
        denominatorVi: 'mẫu số',
        denominatorEn: 'denominator',
        definition: JSON.stringify(definition),
        sortOrder: index,
        targets: { create: targets.map(([value, firstYear, lastYear]) => ({ value, firstYear, lastYear })) },
      },
    });
  }
}

const NUMBERS = 'from to year asOf numerator denominator ratio target gap shortfall status';
const MISSING_UNITS = 'missing(first: 100) { totalCount edges { node { unit { code } model { title } } } }';
const MISSING_MODELS = 'missing(first: 100) { totalCount edges { node { model { title } unit { code } } } }';
const GROUPS = 'unit { code } numerator denominator group { by isUnitItself unitKind fieldCode }';

interface Numbers {
  numerator: number;
  denominator: number;
}
const sum = (items: Numbers[]) =>
  items.reduce((total, item) => ({ numerator: total.numerator + item.numerator, denominator: total.denominator + item.denominator }), {
    numerator: 0,
    denominator: 0,
  });
const fraction = (item: Numbers) => `${item.numerator}/${item.denominator}`;
const unitCodes = (missing: { edges: { node: { unit: { code: string } } }[] }) => missing.edges.map((edge) => edge.node.unit.code);
const modelTitles = (missing: { edges: { node: { model: { title: string }; unit: { code: string } } }[] }) =>
  missing.edges.map((edge) => `${edge.node.model.title} @ ${edge.node.unit.code}`);

describe.each(providers)('coverage on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    await buildFixture(db);
  });
  afterAll(async () => {
    await db?.$disconnect();
    await database?.drop();
  });

  function execute(source: string, variableValues?: Record<string, unknown>): Promise<ExecutionResult<any>> {
    return Promise.resolve(graphql({ schema, source, variableValues, contextValue: createContext(db, { now: NOW, viewer: nationalAdmin, keys: testKeys }) }));
  }
  async function data(source: string, variableValues?: Record<string, unknown>) {
    const result = await execute(source, variableValues);
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return result.data!;
  }
  /** The root coverage field, with the selection given. */
  async function coverage(indicator: string, unit: string, period: Period, selection = NUMBERS) {
    const answer = await data(`query($i: String!, $u: String!, $p: PeriodInput!) { coverage(indicator: $i, unit: $u, period: $p) { ${selection} } }`, {
      i: indicator,
      u: unit,
      p: period,
    });
    expect(answer.coverage, `coverage of ${indicator} for ${unit}`).not.toBeNull();
    return answer.coverage;
  }
  const breakdown = (indicator: string, unit: string, year: number, by: string) =>
    coverage(indicator, unit, { year }, `numerator denominator breakdown(by: ${by}) { ${GROUPS} }`);

  it('counts a merged commune before the merger, in the merger year and after it', async () => {
    // 2019, under D1: A (m1 EFFECTIVE) yes, B (m2 NOT_EFFECTIVE) no, C (no NTM model) no → 1/3.
    const before = await coverage('NTM_EFFECTIVE', '101', { year: 2019 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(before).toMatchObject({ asOf: '2019-12-31', numerator: 1, denominator: 3 });
    expect(unitCodes(before.missing)).toEqual(['10102', '10104']);
    // Before the merger the successor M does not exist: nothing to count for it.
    expect(await coverage('NTM_EFFECTIVE', '10104-2020', { year: 2019 })).toMatchObject({ numerator: 0, denominator: 0, ratio: null, status: 'NO_DATA' });
    // 2020 (merger year, read on 31 Dec): A (m1 OUTSTANDING) yes; M yes through B's m2 (EFFECTIVE in 2020) → 2/2.
    expect(await coverage('NTM_EFFECTIVE', '101', { year: 2020 })).toMatchObject({ asOf: '2020-12-31', numerator: 2, denominator: 2, status: 'MET' });
    // 2021: A's only NTM model is NOT_EFFECTIVE → no; M yes, only thanks to B's m2 (EFFECTIVE) → 1/2, A missing.
    const after = await coverage('NTM_EFFECTIVE', '101', { year: 2021 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(after).toMatchObject({ numerator: 1, denominator: 2 });
    expect(unitCodes(after.missing)).toEqual(['10101']);
    expect(await coverage('NTM_EFFECTIVE', '10104-2020', { year: 2021 })).toMatchObject({ numerator: 1, denominator: 1 });
    // B itself in 2020 is read on its last day, 31 Jan 2020: it is its own population and m2 (EFFECTIVE in 2020) is its own → 1/1.
    expect(await coverage('NTM_EFFECTIVE', '10102', { year: 2020 })).toMatchObject({ asOf: '2020-01-31', numerator: 1, denominator: 1 });
    // B in 2021 no longer exists → empty population.
    expect(await coverage('NTM_EFFECTIVE', '10102', { year: 2021 })).toMatchObject({ asOf: '2021-12-31', denominator: 0, ratio: null, status: 'NO_DATA' });
  });

  it('counts a split commune’s model once, for the successor that kept the official code', async () => {
    // 2020: m3 (S, EFFECTIVE) answers for S1 "10201-2020" (officialCode 10201), not S2 "10200" (lower code).
    expect(await coverage('NTM_EFFECTIVE', '10201-2020', { year: 2020 })).toMatchObject({ numerator: 1, denominator: 1 });
    expect(await coverage('NTM_EFFECTIVE', '10200', { year: 2020 })).toMatchObject({ numerator: 0, denominator: 1 });
    // D2 in 2020: communes S2, S1 (W is a ward) → 1/2, S2 missing.
    const district = await coverage('NTM_EFFECTIVE', '102', { year: 2020 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(district).toMatchObject({ numerator: 1, denominator: 2 });
    expect(unitCodes(district.missing)).toEqual(['10200']);
    // Models reviewed, D2 2020: m3 (→ S1, evaluated) and m8 (W, not evaluated in 2020) → 1/2; m3 is not counted twice.
    const reviewed = await coverage('REVIEWED', '102', { year: 2020 }, `${NUMBERS} ${MISSING_MODELS}`);
    expect(reviewed).toMatchObject({ numerator: 1, denominator: 2 });
    expect(modelTitles(reviewed.missing)).toEqual(['KT W @ 10202']);
    expect(await coverage('REVIEWED', '10201-2020', { year: 2020 })).toMatchObject({ numerator: 1, denominator: 1 });
    expect(await coverage('REVIEWED', '10200', { year: 2020 })).toMatchObject({ numerator: 0, denominator: 0, ratio: null });
  });

  it('answers NO_DATA with a null ratio for a unit without population', async () => {
    // The province agency has no commune below it; 2019 has a target (1), yet nothing to count.
    const agency = await coverage('NTM_EFFECTIVE', '10900', { year: 2019 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(agency).toMatchObject({ numerator: 0, denominator: 0, ratio: null, target: 1, gap: null, shortfall: null, status: 'NO_DATA' });
    expect(agency.missing).toEqual({ totalCount: 0, edges: [] });
    // D2's only survey (W) is for 2021: in 2020 there are no respondents, target 0.8 or not → NO_DATA.
    expect(await coverage('SATISFACTION', '102', { year: 2020 })).toMatchObject({ denominator: 0, ratio: null, status: 'NO_DATA', shortfall: null });
  });

  it('shows a model that ends in the middle of a range as active, then not, in a series', async () => {
    // m9 of agency 10190 runs 2018-2020: 2017 not yet, 2018-2020 active, 2021-2022 ended.
    const answer = await coverage('AGENCY_MODEL', '10190', { year: 2022 }, `series(from: 2017, to: 2022) { year from to numerator denominator }`);
    expect(answer.series.map((item: Numbers & { year: number }) => `${item.year}: ${fraction(item)}`)).toEqual([
      '2017: 0/1',
      '2018: 1/1',
      '2019: 1/1',
      '2020: 1/1',
      '2021: 0/1',
      '2022: 0/1',
    ]);
    expect(answer.series.every((item: { from: number; to: number; year: number }) => item.from === item.year && item.to === item.year)).toBe(true);
    // Both agencies of the province, 2019: 10190 (m9) yes, 10900 none → 1/2; by default ten years ending with 2021.
    const province = await coverage('AGENCY_MODEL', '10', { year: 2021 }, `series { year numerator denominator }`);
    expect(province.series.map((item: { year: number }) => item.year)).toEqual([2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021]);
    expect(fraction(province.series[7])).toBe('1/2'); // 2019
    expect(fraction(province.series[9])).toBe('0/2'); // 2021
  });

  it('does not count an evaluation of a later year for an earlier one', async () => {
    // 2019, whole province: active m1 m2 m3 m4 m5 m6 m8 m9 m10 (m7 starts 2021) = 9;
    // evaluated for 2019: m1 m2 m3 m4 m8 m9 = 6. m5 is evaluated only for 2021 → missing, with m6 and m10.
    const in2019 = await coverage('REVIEWED', '10', { year: 2019 }, `${NUMBERS} ${MISSING_MODELS}`);
    expect(in2019).toMatchObject({ numerator: 6, denominator: 9 });
    expect(modelTitles(in2019.missing)).toEqual(['KT T @ 10103', 'NTM T @ 10103', 'KT C @ 10104']);
    // Township T: m5, m6 active; 2019 none evaluated → 0/2; 2021 m5 evaluated → 1/2.
    expect(await coverage('REVIEWED', '10103', { year: 2019 })).toMatchObject({ numerator: 0, denominator: 2 });
    expect(await coverage('REVIEWED', '10103', { year: 2021 })).toMatchObject({ numerator: 1, denominator: 2 });
    // 2021, province: active m1 m2 m3 m5 m6 m7 m8 m10 = 8 (m4, m9 ended 2020); evaluated m1 m2 m3 m5 = 4.
    const in2021 = await coverage('REVIEWED', '10', { year: 2021 }, `${NUMBERS} ${MISSING_MODELS}`);
    expect(in2021).toMatchObject({ numerator: 4, denominator: 8, ratio: 0.5, target: 1, status: 'BELOW_TARGET', shortfall: 4 });
    // m7 (M's own) and m10 (C's, merged into M) answer for M.
    expect(modelTitles(in2021.missing)).toEqual(['NTM T @ 10103', 'CCHC M @ 10104-2020', 'KT C @ 10104-2020', 'KT W @ 10202']);
  });

  it('counts OUTSTANDING as effective only when listed, and never NOT_EFFECTIVE', async () => {
    // 2019 communes A, B, C, S. Listing EFFECTIVE and OUTSTANDING: A (m1 EFFECTIVE) and S (m3 OUTSTANDING) → 2/4.
    const both = await coverage('NTM_EFFECTIVE', '10', { year: 2019 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(both).toMatchObject({ numerator: 2, denominator: 4 });
    expect(unitCodes(both.missing)).toEqual(['10102', '10104']); // B's model is NOT_EFFECTIVE, C has none.
    // Listing EFFECTIVE only: A → 1/4; S's OUTSTANDING no longer counts.
    const effectiveOnly = await coverage('NTM_EFFECTIVE_ONLY', '10', { year: 2019 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(effectiveOnly).toMatchObject({ numerator: 1, denominator: 4 });
    expect(unitCodes(effectiveOnly.missing)).toEqual(['10102', '10104', '10201']);
    // Effective models (EFFECTIVE/OUTSTANDING) in 2019: m1 m3 m4 m8 m9 = 5; recommended: m3 only (m2's recommendation
    // comes with NOT_EFFECTIVE, so m2 is not even in the denominator) → 1/5.
    const replicated = await coverage('REPLICATED', '10', { year: 2019 }, `${NUMBERS} ${MISSING_MODELS}`);
    expect(replicated).toMatchObject({ numerator: 1, denominator: 5, ratio: 0.2, target: null, status: 'NO_TARGET' });
    expect(modelTitles(replicated.missing)).toEqual(['NTM A @ 10101', 'KT A @ 10101', 'KT Ag @ 10190', 'KT W @ 10202']);
  });

  it('requires a model in every field valid in the year, including one added in 2021', async () => {
    // 2019 (fields KT, NTM), communes/wards/townships A B T C S W = 6: A (m4 KT, m1 NTM) yes, T (m5 KT, m6 NTM) yes,
    // B (NTM only), C (KT only), S (NTM only), W (KT only) no → 2/6.
    const in2019 = await coverage('ALL_FIELDS', '10', { year: 2019 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(in2019).toMatchObject({ numerator: 2, denominator: 6 });
    expect(unitCodes(in2019.missing)).toEqual(['10102', '10104', '10201', '10202']);
    // 2020: A (m4 still active in its last year) yes, T yes, M yes (NTM from B's m2, KT from C's m10), S1 S2 W no → 3/6.
    const in2020 = await coverage('ALL_FIELDS', '10', { year: 2020 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(in2020).toMatchObject({ numerator: 3, denominator: 6, status: 'BELOW_TARGET', shortfall: 3 });
    expect(unitCodes(in2020.missing)).toEqual(['10200', '10201-2020', '10202']);
    // 2021 adds CCHC: only M has all three (m10 KT, m2 NTM, m7 CCHC) → 1/6. A lost KT (m4 ended 2020), T lacks CCHC.
    const in2021 = await coverage('ALL_FIELDS', '10', { year: 2021 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(in2021).toMatchObject({ numerator: 1, denominator: 6 });
    expect(unitCodes(in2021.missing)).toEqual(['10101', '10103', '10200', '10201-2020', '10202']);
    // The township alone: all fields in 2020, not in 2021 only because CCHC became a field.
    expect(await coverage('ALL_FIELDS', '10103', { year: 2020 })).toMatchObject({ numerator: 1, denominator: 1, status: 'MET' });
    expect(await coverage('ALL_FIELDS', '10103', { year: 2021 })).toMatchObject({ numerator: 0, denominator: 1, status: 'BELOW_TARGET' });
  });

  it('divides the sum of satisfied respondents by the sum of respondents', async () => {
    // D1 2021: A 45/50 + T 30/50 → 75/100 = 0.75, below 0.8: gap 0.05, shortfall ceil(0.8 × 100) − 75 = 5.
    const district = await coverage('SATISFACTION', '101', { year: 2021 }, `${NUMBERS} counts ${MISSING_UNITS}`);
    expect(district).toMatchObject({ numerator: 75, denominator: 100, ratio: 0.75, target: 0.8, status: 'BELOW_TARGET', shortfall: 5, counts: 'RESPONDENTS' });
    expect(district.gap).toBeCloseTo(0.05, 9);
    // No member list for a ratio of sums.
    expect(district.missing).toEqual({ totalCount: 0, edges: [] });
    // Province 2021: 45 + 30 + 48 (W) = 123 of 150 = 0.82 ≥ 0.8 → MET, gap 0, shortfall max(0, 120 − 123) = 0.
    expect(await coverage('SATISFACTION', '10', { year: 2021 })).toMatchObject({
      numerator: 123,
      denominator: 150,
      ratio: 0.82,
      status: 'MET',
      gap: 0,
      shortfall: 0,
    });
  });

  it('counts communes recognised as new-rural by the end of the year, by recognisedOn', async () => {
    // A recognised on 31 Dec 2019, S1 on 1 Jan 2021; B's status has no recognition.
    // 2018: A B C S, none yet → 0/4. 2019: A (on the last day) → 1/4. 2020: A, M, S1, S2: A only → 1/4. 2021: A, S1 → 2/4.
    const answer = await coverage('NTM_RECOGNISED', '10', { year: 2021 }, `${NUMBERS} ${MISSING_UNITS} series(from: 2018) { year numerator denominator }`);
    expect(answer.series.map((item: Numbers & { year: number }) => `${item.year}: ${fraction(item)}`)).toEqual([
      '2018: 0/4',
      '2019: 1/4',
      '2020: 1/4',
      '2021: 2/4',
    ]);
    expect(answer).toMatchObject({ numerator: 2, denominator: 4, ratio: 0.5, target: null, status: 'NO_TARGET' });
    expect(unitCodes(answer.missing)).toEqual(['10104-2020', '10200']);
  });

  it('counts units with a plan for the year, against the target of the period', async () => {
    // 2021 population of the province (districts, communes, wards, townships, agencies): 101 102 10101 10103
    // 10104-2020 10190 10200 10201-2020 10202 10900 = 10; plans: 101 10101 10190 10201-2020 10900 = 5 → 0.5,
    // exactly the 2021-2025 target 0.5 → MET, gap 0, shortfall ceil(5) − 5 = 0.
    const in2021 = await coverage('PLAN', '10', { year: 2021 }, `${NUMBERS} counts ${MISSING_UNITS}`);
    expect(in2021).toMatchObject({ numerator: 5, denominator: 10, ratio: 0.5, target: 0.5, status: 'MET', gap: 0, shortfall: 0, counts: 'UNITS' });
    expect(unitCodes(in2021.missing)).toEqual(['10103', '10104-2020', '102', '10200', '10202']);
    expect(in2021.missing.edges.every((edge: { node: { model: unknown } }) => edge.node.model === null)).toBe(true);
    expect(in2021.missing.totalCount).toBe(5);
    // 2020, same 10 units, all planned but W → 9/10 against the 2018-2020 target 1: gap 0.1, shortfall 1.
    const in2020 = await coverage('PLAN', '10', { year: 2020 }, `${NUMBERS} ${MISSING_UNITS}`);
    expect(in2020).toMatchObject({ numerator: 9, denominator: 10, ratio: 0.9, target: 1, status: 'BELOW_TARGET', shortfall: 1 });
    expect(in2020.gap).toBeCloseTo(0.1, 9);
    expect(unitCodes(in2020.missing)).toEqual(['10202']);
  });

  it('reads relative periods from the request’s today (15 Mar 2022)', async () => {
    // THIS_YEAR = 2022: no plans yet → 0/10, target 0.5: gap 0.5, shortfall 5.
    expect(await coverage('PLAN', '10', { relative: 'THIS_YEAR' })).toMatchObject({
      from: 2022,
      to: 2022,
      asOf: '2022-12-31',
      numerator: 0,
      denominator: 10,
      target: 0.5,
      gap: 0.5,
      shortfall: 5,
      status: 'BELOW_TARGET',
    });
    // LAST_YEAR = 2021 → 5/10 (see the plan test).
    expect(await coverage('PLAN', '10', { relative: 'LAST_YEAR' })).toMatchObject({ from: 2021, to: 2021, numerator: 5, denominator: 10 });
    // LAST_5_YEARS = 2017-2021 and LAST_10_YEARS = 2012-2021: numbers for 2021.
    expect(await coverage('PLAN', '10', { relative: 'LAST_5_YEARS' })).toMatchObject({ from: 2017, to: 2021, year: 2021, numerator: 5, denominator: 10 });
    expect(await coverage('PLAN', '10', { relative: 'LAST_10_YEARS' })).toMatchObject({ from: 2012, to: 2021, year: 2021, numerator: 5, denominator: 10 });
    // NTM recognition over the last five years: 2021's 2/4.
    expect(await coverage('NTM_RECOGNISED', '10', { relative: 'LAST_5_YEARS' })).toMatchObject({ numerator: 2, denominator: 4 });
    // An explicit range: numbers for its last year, 2020 → 9/10.
    expect(await coverage('PLAN', '10', { from: 2018, to: 2020 })).toMatchObject({
      from: 2018,
      to: 2020,
      year: 2020,
      asOf: '2020-12-31',
      numerator: 9,
      denominator: 10,
    });
  });

  it('takes the target of each year’s period: 2018-2020 has one, 2021 none', async () => {
    // NTM_EFFECTIVE, province. 2018: A B C S, evaluations none in 2018 → 0/4; 2019 → 2/4; 2020: A, M, S1 of A M S1 S2 → 3/4;
    // 2021: M, S1 of 4 → 2/4. Target 1 for 2018-2020: gaps 1, 0.5, 0.25; shortfalls 4, 2, 1. 2021: no target.
    const answer = await coverage(
      'NTM_EFFECTIVE',
      '10',
      { year: 2021 },
      `series(from: 2018, to: 2021) { year numerator denominator target gap shortfall status }`,
    );
    expect(answer.series).toEqual([
      { year: 2018, numerator: 0, denominator: 4, target: 1, gap: 1, shortfall: 4, status: 'BELOW_TARGET' },
      { year: 2019, numerator: 2, denominator: 4, target: 1, gap: 0.5, shortfall: 2, status: 'BELOW_TARGET' },
      { year: 2020, numerator: 3, denominator: 4, target: 1, gap: 0.25, shortfall: 1, status: 'BELOW_TARGET' },
      { year: 2021, numerator: 2, denominator: 4, target: null, gap: null, shortfall: null, status: 'NO_TARGET' },
    ]);
    // D2 in 2019: S alone, m3 OUTSTANDING → 1/1 MET.
    expect(await coverage('NTM_EFFECTIVE', '102', { year: 2019 })).toMatchObject({
      numerator: 1,
      denominator: 1,
      ratio: 1,
      target: 1,
      gap: 0,
      shortfall: 0,
      status: 'MET',
    });
  });

  it('lists missing models by the unit answering for them, by code, then by id, page by page', async () => {
    // REVIEWED 2020, province: active m1..m6, m8, m9, m10 = 9; evaluated for 2020 m1 m2 m3 m9 = 4; missing:
    // m4 (A 10101), m5 and m6 (T 10103), m10 (C, answering through 10104-2020 after the merger), m8 (W 10202).
    const first = await coverage(
      'REVIEWED',
      '10',
      { year: 2020 },
      `numerator denominator counts missing(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { model { title } unit { code } } } }`,
    );
    expect(first).toMatchObject({ numerator: 4, denominator: 9, counts: 'MODELS' });
    expect(first.missing.totalCount).toBe(5);
    expect(modelTitles(first.missing)).toEqual(['KT A @ 10101', 'KT T @ 10103']);
    expect(first.missing.pageInfo.hasNextPage).toBe(true);
    const rest = await coverage(
      'REVIEWED',
      '10',
      { year: 2020 },
      `missing(first: 10, after: "${first.missing.pageInfo.endCursor}") { totalCount edges { node { model { title } unit { code } } } }`,
    );
    expect(modelTitles(rest.missing)).toEqual(['NTM T @ 10103', 'KT C @ 10104-2020', 'KT W @ 10202']);
    expect(rest.missing.totalCount).toBe(5);
  });

  it('breaks down by child units: the unit itself when it counts, then each child on the day, adding up', async () => {
    // PLAN 2021 under D1: D1 itself (planned) 1/1, then 10101 (planned) 1/1, 10103 0/1, 10104-2020 0/1, 10190 1/1 → 3/5.
    const district = await breakdown('PLAN', '101', 2021, 'CHILD_UNITS');
    expect(district.breakdown.map((item: Numbers & { unit: { code: string } }) => `${item.unit.code}: ${fraction(item)}`)).toEqual([
      '101: 1/1',
      '10101: 1/1',
      '10103: 0/1',
      '10104-2020: 0/1',
      '10190: 1/1',
    ]);
    expect(district.breakdown.map((item: { group: { isUnitItself: boolean } }) => item.group.isUnitItself)).toEqual([true, false, false, false, false]);
    expect(district.breakdown.every((item: { group: { by: string } }) => item.group.by === 'CHILD_UNITS')).toBe(true);
    expect(sum(district.breakdown)).toEqual({ numerator: 3, denominator: 5 });
    expect(fraction(district)).toBe('3/5');
    // In 2019 the children of D1 are A, B, T, C and the agency (M not yet); no plans → 0 everywhere.
    const in2019 = await breakdown('PLAN', '101', 2019, 'CHILD_UNITS');
    expect(in2019.breakdown.map((item: { unit: { code: string } }) => item.unit.code)).toEqual(['101', '10101', '10102', '10103', '10104', '10190']);
    expect(sum(in2019.breakdown)).toEqual({ numerator: 0, denominator: 6 });

    // The province is not counted by these indicators, so no "itself" group; its children D1, D2 and its agency.
    const cases: [string, number, string[]][] = [
      // PLAN 2021: D1 {101 10101 10103 10104-2020 10190} 3/5, D2 {102 10200 10201-2020 10202} 1/4, agency 1/1 → 5/10.
      ['PLAN', 2021, ['101: 3/5', '102: 1/4', '10900: 1/1']],
      // REVIEWED 2020: D1 m1 m2 m4 m5 m6 m9 m10 with m1 m2 m9 evaluated 3/7; D2 m3 m8, m3 evaluated 1/2; agency none → 4/9.
      ['REVIEWED', 2020, ['101: 3/7', '102: 1/2', '10900: 0/0']],
      // SATISFACTION 2021: D1 45+30 / 50+50, D2 48/50 (W), agency none → 123/150.
      ['SATISFACTION', 2021, ['101: 75/100', '102: 48/50', '10900: 0/0']],
      // NTM_EFFECTIVE 2020: D1 A, M both → 2/2; D2 S1 yes, S2 no → 1/2 → 3/4.
      ['NTM_EFFECTIVE', 2020, ['101: 2/2', '102: 1/2', '10900: 0/0']],
      // ALL_FIELDS 2021: D1 A no, T no, M yes → 1/3; D2 S2, S1, W no → 0/3 → 1/6.
      ['ALL_FIELDS', 2021, ['101: 1/3', '102: 0/3', '10900: 0/0']],
    ];
    for (const [indicator, year, expected] of cases) {
      const province = await breakdown(indicator, '10', year, 'CHILD_UNITS');
      expect(
        province.breakdown.map((item: Numbers & { unit: { code: string } }) => `${item.unit.code}: ${fraction(item)}`),
        `${indicator} ${year}`,
      ).toEqual(expected);
      expect(sum(province.breakdown), `${indicator} ${year} adds up`).toEqual({ numerator: province.numerator, denominator: province.denominator });
    }
  });

  it('breaks down by unit kind, only the kinds with a denominator, adding up', async () => {
    const byKind = async (indicator: string, year: number) => {
      const answer = await breakdown(indicator, '10', year, 'UNIT_KIND');
      expect(sum(answer.breakdown), `${indicator} ${year} adds up`).toEqual({ numerator: answer.numerator, denominator: answer.denominator });
      expect(answer.breakdown.every((item: { group: { by: string } }) => item.group.by === 'UNIT_KIND')).toBe(true);
      return answer.breakdown.map((item: Numbers & { group: { unitKind: string } }) => `${item.group.unitKind}: ${fraction(item)}`).sort();
    };
    // PLAN 2021: districts 101 yes, 102 no → 1/2; communes 10101, 10201-2020 yes of 10101 10104-2020 10200 10201-2020 → 2/4;
    // township 0/1; ward 0/1; agencies 10190, 10900 → 2/2. No PROVINCE group (not counted).
    expect(await byKind('PLAN', 2021)).toEqual(['AGENCY: 2/2', 'COMMUNE: 2/4', 'DISTRICT: 1/2', 'TOWNSHIP: 0/1', 'WARD: 0/1']);
    // REVIEWED 2020 by the kind of the unit answering: communes A (m1 m4), M (m2 m10), S1 (m3) → evaluated m1 m2 m3 → 3/5;
    // township m5 m6 → 0/2; ward m8 → 0/1; agency m9 → 1/1. No DISTRICT group: districts own no model.
    expect(await byKind('REVIEWED', 2020)).toEqual(['AGENCY: 1/1', 'COMMUNE: 3/5', 'TOWNSHIP: 0/2', 'WARD: 0/1']);
    // SATISFACTION 2021: A 45/50 (commune), T 30/50 (township), W 48/50 (ward).
    expect(await byKind('SATISFACTION', 2021)).toEqual(['COMMUNE: 45/50', 'TOWNSHIP: 30/50', 'WARD: 48/50']);
  });

  it('breaks down by field valid in the year, for indicators that count models only', async () => {
    const byField = async (indicator: string, year: number) =>
      (await breakdown(indicator, '10', year, 'FIELD')).breakdown
        .map((item: Numbers & { group: { fieldCode: string; by: string } }) => `${item.group.by} ${item.group.fieldCode}: ${fraction(item)}`)
        .sort();
    // REVIEWED 2020: KT m4 m5 m8 m9 m10, evaluated m9 → 1/5; NTM m1 m2 m3 m6, evaluated m1 m2 m3 → 3/4; CCHC not valid yet.
    expect(await byField('REVIEWED', 2020)).toEqual(['FIELD KINH_TE: 1/5', 'FIELD NONG_THON_MOI: 3/4']);
    // ALL_FIELDS 2021, per field, over the 6 units: KT T (m5), M (m10), W (m8) → 3/6; NTM A T M S1 → 4/6; CCHC M → 1/6.
    expect(await byField('ALL_FIELDS', 2021)).toEqual(['FIELD CCHC: 1/6', 'FIELD KINH_TE: 3/6', 'FIELD NONG_THON_MOI: 4/6']);
    // NTM_EFFECTIVE names its field: one group, the whole 2020 coverage 3/4.
    expect(await byField('NTM_EFFECTIVE', 2020)).toEqual(['FIELD NONG_THON_MOI: 3/4']);
    // Indicators that do not count models: no groups.
    for (const indicator of ['PLAN', 'SATISFACTION', 'NTM_RECOGNISED']) expect(await byField(indicator, 2021), indicator).toEqual([]);
  });

  it('lists, in a field’s group, only the missing models of that field', async () => {
    // REVIEWED 2020 by field: KT not evaluated m4 (A), m5 (T), m8 (W), m10 (→ M) → 4; NTM not evaluated m6 (T) → 1.
    const answer = await coverage('REVIEWED', '10', { year: 2020 }, `breakdown(by: FIELD) { group { fieldCode } numerator denominator ${MISSING_MODELS} }`);
    const groups = Object.fromEntries(answer.breakdown.map((item: { group: { fieldCode: string } }) => [item.group.fieldCode, item]));
    // Soft, so that a failure shows both groups.
    expect.soft(groups.KINH_TE.missing.totalCount).toBe(4);
    expect.soft(modelTitles(groups.KINH_TE.missing)).toEqual(['KT A @ 10101', 'KT T @ 10103', 'KT C @ 10104-2020', 'KT W @ 10202']);
    expect.soft(groups.NONG_THON_MOI.missing.totalCount).toBe(1);
    expect.soft(modelTitles(groups.NONG_THON_MOI.missing)).toEqual(['NTM T @ 10103']);
  });

  it('gives the same numbers from the root, from the unit and from the indicator', async () => {
    const fields = `from to asOf numerator denominator ratio target gap shortfall status missing(first: 100) { totalCount }`;
    const cases: [string, string, Period, Record<string, unknown>][] = [
      // D1 2020: A, M both → 2/2, target 1.
      ['NTM_EFFECTIVE', '101', { year: 2020 }, { numerator: 2, denominator: 2, status: 'MET' }],
      // Province 2018-2020: the 2020 numbers, 4/9.
      ['REVIEWED', '10', { from: 2018, to: 2020 }, { from: 2018, to: 2020, numerator: 4, denominator: 9 }],
      // D1 last year (2021): 75/100.
      ['SATISFACTION', '101', { relative: 'LAST_YEAR' }, { from: 2021, numerator: 75, denominator: 100 }],
      // B in 2020, read on 31 Jan 2020: itself, no 2020 plan → 0/1.
      ['PLAN', '10102', { year: 2020 }, { asOf: '2020-01-31', numerator: 0, denominator: 1 }],
      // The province agency has no commune: NO_DATA.
      ['NTM_RECOGNISED', '10900', { year: 2021 }, { denominator: 0, status: 'NO_DATA' }],
    ];
    for (const [indicator, unit, period, expected] of cases) {
      const answer = await data(
        `query($i: String!, $u: String!, $p: PeriodInput!) {
          root: coverage(indicator: $i, unit: $u, period: $p) { ${fields} }
          unit(code: $u) { coverage(indicator: $i, period: $p) { ${fields} } }
          indicator(code: $i) { coverage(unit: $u, period: $p) { ${fields} } }
        }`,
        { i: indicator, u: unit, p: period },
      );
      expect(answer.root, `${indicator} ${unit}`).toMatchObject(expected);
      expect(answer.unit.coverage, `${indicator} ${unit} from the unit`).toEqual(answer.root);
      expect(answer.indicator.coverage, `${indicator} ${unit} from the indicator`).toEqual(answer.root);
    }
  });

  it('answers null for an unknown indicator or unit code', async () => {
    const answer = await data(`{
      noIndicator: coverage(indicator: "NO_SUCH", unit: "10", period: { year: 2020 }) { numerator }
      noUnit: coverage(indicator: "PLAN", unit: "99999", period: { year: 2020 }) { numerator }
      unit(code: "10") { coverage(indicator: "NO_SUCH", period: { year: 2020 }) { numerator } }
      indicator(code: "PLAN") { coverage(unit: "99999", period: { year: 2020 }) { numerator } }
      known: coverage(indicator: "PLAN", unit: "10", period: { year: 2020 }) { numerator }
    }`);
    expect(answer).toEqual({ noIndicator: null, noUnit: null, unit: { coverage: null }, indicator: { coverage: null }, known: { numerator: 9 } });
  });

  it.each([
    ['a year and a range', { year: 2019, from: 2018 }],
    ['a range backwards', { from: 2020, to: 2018 }],
    ['nothing', {}],
    ['a year out of range', { year: 3000 }],
  ])('rejects a period with %s as BAD_USER_INPUT', async (_name, period) => {
    for (const source of [
      `query($p: PeriodInput!) { coverage(indicator: "PLAN", unit: "10", period: $p) { numerator } }`,
      `query($p: PeriodInput!) { unit(code: "10") { coverage(indicator: "PLAN", period: $p) { numerator } } }`,
      `query($p: PeriodInput!) { indicator(code: "PLAN") { coverage(unit: "10", period: $p) { numerator } } }`,
    ]) {
      const result = await execute(source, { p: period });
      expect(result.errors?.length, source).toBe(1);
      expect(result.errors![0]!.extensions.code, source).toBe('BAD_USER_INPUT');
    }
  });
});
