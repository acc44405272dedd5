// The kept tallies (src/analytics/tallies.ts) against the same numbers computed from the records alone:
// after every kind of write the API makes, the dashboards read through the kept rows must equal the
// dashboards computed with no row kept at all. On the demo's tree and a tenth of its models, in a database of
// their own (twenty comparisons, each computing every number again); the numbers of the whole demo once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageNumbers } from '../../src/analytics/coverage.ts';
import { createFacts, type Facts } from '../../src/analytics/facts.ts';
import { forgetAllTallies, type MissingRow } from '../../src/analytics/tallies.ts';
import { raiseDataVersion } from '../../src/db/data-version.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { importSpreadsheet } from '../../src/import/index.ts';
import { keepDashboardTallies } from '../../src/analytics/warm.ts';
import { dashboardQuery } from '../../src/server/yoga.ts';
import { definitionOf } from '../../src/indicators/definition.ts';
import { referenceDay } from '../../src/units/tree.ts';
import type { Provider } from '../../src/db/datamodel.ts';
import { demoCopy, type TestDatabase } from './databases.ts';
import { query, statementsSent } from './graphql.ts';

const COVERAGES = `
      indicator { code }
      numerator denominator records
      missing(first: 30) { totalCount edges { node { unit { code } model { registrationKey } } } }
      children: breakdown(by: CHILD_UNITS) { group { label { vi } } numerator denominator records missing(first: 3) { edges { node { unit { code } } } } }
      fields: breakdown(by: FIELD) { numerator denominator records }
      kinds: breakdown(by: UNIT_KIND) { numerator denominator records }
      series(from: 2018, to: 2024) { year numerator denominator records }`;

/** A whole dashboard: numbers, missing lists, the three breakdowns and the series. */
const DASHBOARD = `query($unit: String!, $year: Int!) { dashboard(unit: $unit, year: $year) { coverages { ${COVERAGES} } } }`;

/** The province's numbers, by district, and its series: every kept row of the province and its districts, without its long lists. */
const PROVINCE_NUMBERS = `query($unit: String!, $year: Int!) {
  dashboard(unit: $unit, year: $year) { coverages { indicator { code } numerator denominator records children: breakdown(by: CHILD_UNITS) { numerator denominator records } series(from: 2018, to: 2024) { year numerator denominator records } } }
}`;

type View = [operation: string, unit: string, year: number];

/**
 * What is compared after each write: the province, the district and the commune that the writes below
 * touch, so every level of the chain a write forgets, on every year it reaches. The series start in 2018:
 * no record or tree change below reaches an earlier year. The province is read without its missing list
 * and its breakdowns by field and kind, which cost as much again to compute from the records at each of
 * twenty steps; the whole dashboards below are compared at the end of the sequence.
 */
const STEP_VIEWS: View[] = [
  [PROVINCE_NUMBERS, '06', 2021],
  [DASHBOARD, '066', 2024],
  [DASHBOARD, '02152', 2019],
];

/** The whole dashboards of the province on both sides of the 2020 merger, the district and the commune. */
const WHOLE_VIEWS: View[] = [
  [DASHBOARD, '06', 2019],
  [DASHBOARD, '06', 2021],
  [DASHBOARD, '066', 2024],
  [DASHBOARD, '02152', 2019],
];

async function readViews(db: Database, views: View[]) {
  const answers = [];
  for (const [operation, unit, year] of views) answers.push(await query(db, operation, { unit, year }));
  return answers;
}

/**
 * The demo with one model in ten (and their evaluations and awards); its tree, plans, surveys and new-rural
 * statuses whole. The comparisons below compute every number of their views again at each step: on the
 * whole demo that took 50 s a provider, most of the suite's longest file.
 */
async function thinModels(db: Database) {
  for (const table of ['Evaluation', 'Award']) await db.$executeRawUnsafe(`DELETE FROM "${table}" WHERE "modelId" % 10 <> 0`);
  await db.$executeRawUnsafe('DELETE FROM "Model" WHERE "id" % 10 <> 0');
}

/**
 * The comparisons, for one provider: a file per provider (tests/database/tallies.*.test.ts), so that the two
 * sequences, the suite's longest, run beside each other rather than one after the other.
 */
export function describeKeptTallies(provider: Provider) {
  describe(`kept tallies on ${provider}`, () => {
    let database: TestDatabase;
    let db: Database;
    const dashboards = (views = STEP_VIEWS) => readViews(db, views);
    const keptCount = () => db.unitTally.count();

    /** The rows kept of the units of Ngân Sơn, a district none of the writes below touches. */
    const untouched = async () => {
      const tree = await createFacts(db).tree();
      return db.unitTally.count({ where: { unitId: { in: [...tree.below(tree.byCode('062')!.id)] } } });
    };

    /** A write through the API, records or tree alike, forgets only the rows of the chains it reaches. */
    async function write(source: string, variables?: Record<string, unknown>) {
      const [before, elsewhere] = [await keptCount(), await untouched()];
      await query(db, source, variables);
      const after = await keptCount();
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThan(before);
      expect(elsewhere).toBeGreaterThan(0);
      expect(await untouched()).toBe(elsewhere);
    }

    /** Reads through the rows kept since the last write, then from nothing: both must agree. */
    async function expectKeptToMatchComputed(step: string, views = STEP_VIEWS) {
      const kept = await dashboards(views);
      await db.unitTally.deleteMany();
      expect(await keptCount()).toBe(0);
      const computed = await dashboards(views);
      expect(kept, step).toEqual(computed);
    }

    beforeAll(async () => {
      database = await demoCopy(provider);
      db = createDatabase(database.url);
      await thinModels(db);
      expect(await db.model.count()).toBeGreaterThan(1_000);
      await dashboards(WHOLE_VIEWS);
    }, 300_000);

    afterAll(async () => {
      await db.$disconnect();
      await database.drop();
    });

    it('keeps rows from the first read, and reads them rather than the records the second time', async () => {
      expect(await keptCount()).toBeGreaterThan(0);
      const before = await keptCount();
      const statements = (await statementsSent(db, dashboards)).map((sql) => sql.replace(/`/g, '"'));
      // A row computed again is stored again (INSERT … ON CONFLICT DO NOTHING, which leaves the count as
      // it was): the second read stores none, and reads the kept rows.
      expect(statements.filter((sql) => sql.includes('INSERT INTO "UnitTally"'))).toEqual([]);
      expect(statements.some((sql) => sql.includes('FROM "UnitTally"'))).toBe(true);
      // The numbers, breakdowns and series come from the kept rows alone: no record is read for them (a
      // missing list reads the records of the units it names).
      const records = ['Model', 'Evaluation', 'Plan', 'SatisfactionSurvey', 'NewRuralStatus'].map((table) => `"${table}"`);
      const numbers = (await statementsSent(db, () => query(db, PROVINCE_NUMBERS, { unit: '06', year: 2021 }))).map((sql) => sql.replace(/`/g, '"'));
      expect(numbers.some((sql) => sql.includes('"UnitTally"'))).toBe(true);
      expect(numbers.filter((sql) => records.some((table) => sql.includes(table)))).toEqual([]);
      expect(await keptCount()).toBe(before);
    });

    it('matches the numbers computed from the records after every kind of write', { timeout: 600_000 }, async () => {
      const field = await db.field.findFirstOrThrow({ where: { firstYear: { lte: 2018 } }, orderBy: { sortOrder: 'asc' } });
      await write(`mutation { recordPlan(input: { unit: "02152", year: 2019 }) { year } }`);
      await expectKeptToMatchComputed('a plan');

      await write(`mutation($input: ModelInput!) { registerModel(input: $input) { registrationKey } }`, {
        input: {
          registrationKey: 'TALLY-1',
          kind: 'MODEL',
          holder: 'COLLECTIVE',
          title: 'Mô hình kiểm tra số đếm',
          unit: '02152',
          field: field.code,
          startYear: 2018,
        },
      });
      await expectKeptToMatchComputed('an open-ended model');

      await write(`mutation { recordEvaluation(input: { model: "TALLY-1", year: 2019, rating: EFFECTIVE, recommendedForReplication: true }) { year } }`);
      await expectKeptToMatchComputed('an evaluation');

      await write(`mutation { endModel(registrationKey: "TALLY-1", endYear: 2020) { endYear } }`);
      await expectKeptToMatchComputed('a model ended');

      // Moved to a commune of another district: the rows of both chains change.
      const elsewhere = await db.unit.findFirstOrThrow({
        where: { kind: 'COMMUNE', validFrom: null, validTo: { gte: new Date('2024-12-31') }, parentLinks: { none: { parent: { code: '066' } } } },
        orderBy: { code: 'asc' },
      });
      await write(`mutation($input: ModelInput!) { updateModel(registrationKey: "TALLY-1", input: $input) { registrationKey } }`, {
        input: {
          registrationKey: 'TALLY-1',
          kind: 'MODEL',
          holder: 'COLLECTIVE',
          title: 'Mô hình kiểm tra số đếm',
          unit: elsewhere.code,
          field: field.code,
          startYear: 2018,
          endYear: 2020,
        },
      });
      await expectKeptToMatchComputed('a model moved to another district');

      await write(`mutation { recordSatisfactionSurvey(input: { unit: "02152", year: 2021, respondents: 400, satisfied: 10 }) { year } }`);
      await expectKeptToMatchComputed('a satisfaction survey');

      await write(`mutation { recordNewRuralStatus(input: { unit: "02152", year: 2019, criteriaMet: 19, recognisedOn: "2019-06-01" }) { year } }`);
      await expectKeptToMatchComputed('a new-rural recognition');

      // An import forgets the chains of the units whose records it wrote, as the API's writes do.
      const before = await keptCount();
      const plans = new TextEncoder().encode('Mã đơn vị,Năm,Số kế hoạch,Ngày ban hành\r\n02152,2019,99/KH-UBND,2019-03-01\r\n02152,2022,7/KH-UBND,\r\n');
      expect(await importSpreadsheet(db, plans, { kind: 'PLANS', actor: 'kiểm tra', tree: createFacts(db).tree })).toMatchObject({
        written: true,
        problems: [],
      });
      expect(await keptCount()).toBeGreaterThan(0);
      expect(await keptCount()).toBeLessThan(before);
      await expectKeptToMatchComputed('an import of plans');

      const district = await db.unit.findUniqueOrThrow({ where: { code: '065' } });
      await write(`mutation { moveUnit(code: "02152", parent: "${district.code}", from: "2021-01-01") { code } }`);
      await expectKeptToMatchComputed('a commune moved to another district');
      await write(`mutation { moveUnit(code: "02152", parent: "066", from: "2021-01-01") { code } }`);
      await expectKeptToMatchComputed('the commune moved back from the same day');

      // New communes of the district, one merged into 02152 and one split between it and a neighbour.
      const through2024 = { validFrom: null, validTo: { gte: new Date('2024-12-31') } };
      const neighbour = await db.unit.findFirstOrThrow({
        where: { kind: 'COMMUNE', code: { not: '02152' }, ...through2024, parentLinks: { some: { parent: { code: '066' }, ...through2024 } } },
        orderBy: { code: 'asc' },
      });
      for (const code of ['TALLY-N1', 'TALLY-N2']) {
        await write(
          `mutation { createUnit(input: { code: "${code}", name: "Xã ${code}", kind: COMMUNE, level: COMMUNE, validFrom: "2022-01-01", parent: "066" }) { code } }`,
        );
        await expectKeptToMatchComputed(`a commune created (${code})`);
        await query(db, `mutation($input: ModelInput!) { registerModel(input: $input) { registrationKey } }`, {
          input: {
            registrationKey: `${code}-M`,
            kind: 'MODEL',
            holder: 'COLLECTIVE',
            title: 'Mô hình của xã mới',
            unit: code,
            field: field.code,
            startYear: 2022,
          },
        });
        await query(db, `mutation { recordEvaluation(input: { model: "${code}-M", year: 2024, rating: OUTSTANDING }) { year } }`);
        await dashboards();
      }
      await write(`mutation { mergeUnits(input: { from: ["TALLY-N1"], into: "02152", effective: "2023-01-01" }) { code } }`);
      await expectKeptToMatchComputed('a commune merged into another');
      await write(`mutation { splitUnit(input: { unit: "TALLY-N2", into: ["02152", "${neighbour.code}"], effective: "2024-01-01" }) { code } }`);
      await expectKeptToMatchComputed('a commune split between two');

      const units = new TextEncoder().encode(
        'Mã đơn vị,Mã thống kê,Tên đơn vị,Loại đơn vị,Cấp,Từ ngày,Đến ngày,Mã đơn vị cấp trên,Ghi chú\r\nTALLY-N3,TALLY-N3,Xã Nhập Mới,Xã,Cấp xã,2023-01-01,,066,\r\n',
      );
      const [keptBefore, untouchedBefore] = [await keptCount(), await untouched()];
      expect(await importSpreadsheet(db, units, { kind: 'UNITS', actor: 'kiểm tra', tree: createFacts(db).tree })).toMatchObject({
        written: true,
        problems: [],
      });
      expect(await keptCount()).toBeLessThan(keptBefore);
      expect(await untouched()).toBe(untouchedBefore);
      await expectKeptToMatchComputed('an import of units');

      // An indicator saved forgets its own rows only.
      const indicator = await db.indicator.findFirstOrThrow({ where: { code: 'COMMUNE_NTM_EFFECTIVE' }, include: { targets: true } });
      const others = () => db.unitTally.count({ where: { indicatorId: { not: indicator.id } } });
      const definition = JSON.parse(indicator.definition);
      const save = (changes: { definition?: string; targets?: { value: number; firstYear: number; lastYear: number; source: string | null }[] }) =>
        query(db, `mutation($input: IndicatorInput!) { saveIndicator(input: $input) { code } }`, {
          input: {
            ...Object.fromEntries(
              ['code', 'nameVi', 'nameEn', 'numeratorVi', 'numeratorEn', 'denominatorVi', 'denominatorEn', 'sortOrder'].map((key) => [
                key,
                (indicator as Record<string, unknown>)[key],
              ]),
            ),
            definition: indicator.definition,
            targets: indicator.targets.map(({ value, firstYear, lastYear, source }) => ({ value, firstYear, lastYear, source })),
            ...changes,
          },
        });
      // A target, a name or an order counts nothing: every row stays.
      const keptBeforeTarget = await keptCount();
      await save({
        targets: indicator.targets.map(({ value, firstYear, lastYear, source }) => ({ value: Math.min(1, value + 0.05), firstYear, lastYear, source })),
      });
      expect(await keptCount()).toBe(keptBeforeTarget);
      await expectKeptToMatchComputed('an indicator’s target changed');
      const [kept, othersKept] = [await keptCount(), await others()];
      await save({ definition: JSON.stringify({ ...definition, models: { ...definition.models, ratings: ['OUTSTANDING'] } }) });
      expect(await keptCount()).toBeLessThan(kept);
      expect(await others()).toBe(othersKept);
      await expectKeptToMatchComputed('an indicator’s definition changed');
      await expectKeptToMatchComputed('the whole dashboards after every write', WHOLE_VIEWS);
    });

    it('computes ahead the rows a dashboard reads, so that its first read stores none', async () => {
      await db.unitTally.deleteMany();
      expect(await keepDashboardTallies(db, '06', 2019)).toBe(true);
      const kept = await keptCount();
      expect(kept).toBeGreaterThan(0);
      await query(db, dashboardQuery, { unit: '06', year: 2019 });
      expect(await keptCount()).toBe(kept);
      expect(await keepDashboardTallies(db, 'NO-SUCH-UNIT', 2019)).toBe(false);
    });

    /** The numbers of every indicator for the district in 2024, on a request's facts. */
    async function districtNumbers(facts: Facts) {
      const district = (await facts.tree()).byCode('066')!;
      const indicators = await db.indicator.findMany({ orderBy: { code: 'asc' } });
      return Promise.all(
        indicators.map(async (indicator) => {
          const { numerator, denominator } = await coverageNumbers(facts, { id: indicator.id, parsed: definitionOf(indicator) }, district.id, 2024);
          return { numerator, denominator };
        }),
      );
    }

    it('keeps the rows a write that overtook the reader did not reach, and answers from what the reader counted', async () => {
      await db.unitTally.deleteMany();
      const reader = createFacts(db);
      // The reader takes its data version first, as every request does; a write lands before it counts.
      await reader.version();
      await query(db, `mutation { recordPlan(input: { unit: "02152", year: 2024 }) { year } }`);
      const numbers = await districtNumbers(reader);
      // The write reached the commune and every unit ever above it: their rows may count facts from before it.
      const chain = await db.unit.findMany({ where: { code: { in: ['02152', '066', '06'] } }, select: { id: true } });
      const chainRows = () => db.unitTally.count({ where: { unitId: { in: chain.map((unit) => unit.id) } } });
      expect(await chainRows()).toBe(0);
      const kept = await keptCount();
      expect(kept).toBeGreaterThan(0);
      // Its answer is right (it counted what it read, after the write), and the next request keeps the chain's rows.
      expect(numbers).toEqual(await districtNumbers(createFacts(db)));
      expect(await chainRows()).toBeGreaterThan(0);
      expect(await keptCount()).toBeGreaterThan(kept);
    });

    it('keeps none of the rows a tree change reached that a reader computed on the tree before it', async () => {
      // The district's numbers before the move, from the records alone.
      await db.unitTally.deleteMany();
      const beforeMove = await districtNumbers(createFacts(db));
      await db.unitTally.deleteMany();
      const reader = createFacts(db);
      await reader.version();
      await reader.tree();
      const commune = await db.unit.findUniqueOrThrow({ where: { code: '02152' } });
      await query(db, `mutation { moveUnit(code: "02152", parent: "065", from: "2024-01-01") { code } }`);
      const numbers = await districtNumbers(reader);
      const chain = await db.unit.findMany({ where: { code: { in: ['02152', '066', '065', '06'] } }, select: { id: true } });
      expect(chain).toHaveLength(4);
      expect(await db.unitTally.count({ where: { unitId: { in: chain.map((unit) => unit.id) } } })).toBe(0);
      expect(await keptCount()).toBeGreaterThan(0);
      // What it answered is the tree as it read it: the district before the move, which the move changed.
      expect(numbers).toEqual(beforeMove);
      expect(await districtNumbers(createFacts(db))).not.toEqual(beforeMove);
      await query(db, `mutation { renameUnit(code: "02152", name: ${JSON.stringify(`${commune.name} A`)}) { code } }`);
      await expectKeptToMatchComputed('after a move and a rename');
    });

    it('reads a missing list again when a write deletes the rows after its coverage was read', async () => {
      await db.unitTally.deleteMany();
      const facts = createFacts(db);
      const tree = await facts.tree();
      const district = tree.byCode('066')!;
      const commune = tree.byCode('02152')!;
      const indicators = await db.indicator.findMany({ orderBy: { code: 'asc' } });
      const coverages = await Promise.all(
        indicators.map((indicator) => coverageNumbers(facts, { id: indicator.id, parsed: definitionOf(indicator) }, district.id, 2019)),
      );
      // A write that changes no number of 2019 but deletes every row of the commune's chain, on every day.
      await query(db, `mutation { recordSatisfactionSurvey(input: { unit: "02152", year: 2023, respondents: 300, satisfied: 200 }) { year } }`);
      const lists = await Promise.all(coverages.map((coverage) => coverage.missingRows(10_000)));
      const plain = (rows: MissingRow[]) => rows.map(({ unitId, missing }) => ({ unitId, missing }));
      // What a request that came after the write lists, from records alone.
      const afresh = createFacts(db);
      const expected = await Promise.all(
        indicators.map(async (indicator) =>
          plain(
            await (await coverageNumbers(afresh, { id: indicator.id, parsed: definitionOf(indicator) }, district.id, 2019, { kind: 'COMMUNE' })).missingRows(
              10_000,
            ),
          ),
        ),
      );
      expect(lists.flat().some((row) => row.unitId === commune.id)).toBe(true);
      expect(lists.map((rows) => plain(rows.filter((row) => tree.unit(row.unitId).kind === 'COMMUNE')))).toEqual(expected);
    });

    it('reads the missing lists of named subtrees asked at once in one statement, each as it reads alone', async () => {
      const indicators = await db.indicator.findMany({ orderBy: { code: 'asc' } });
      /** Every indicator's coverage of the province (read by code), the district itself and each of its children (named). */
      const coverages = async (facts: Facts) => {
        const tree = await facts.tree();
        const [province, district] = [tree.byCode('06')!, tree.byCode('066')!];
        const day = referenceDay(2019, district);
        const asked = indicators.flatMap((indicator) => {
          const parsed = { id: indicator.id, parsed: definitionOf(indicator) };
          return [
            coverageNumbers(facts, parsed, province.id, 2019),
            coverageNumbers(facts, parsed, district.id, 2019, { selfOnly: true }),
            ...tree.children(district.id, day).map((child) => coverageNumbers(facts, parsed, child.id, 2019, { dayOf: district.id })),
          ];
        });
        return Promise.all(asked);
      };
      const need = 5;
      const alone = [];
      for (const coverage of await coverages(createFacts(db))) alone.push(await coverage.missingRows(need));
      const asked = await coverages(createFacts(db));
      expect(asked.length).toBeGreaterThan(100);
      let together: MissingRow[][] = [];
      const statements = await statementsSent(db, async () => {
        together = await Promise.all(asked.map((coverage) => coverage.missingRows(need)));
      });
      // The province's lists are read by code, one statement each; all the named subtrees' in one.
      expect(statements.filter((sql) => sql.includes('ORDER BY "code", "unitId" LIMIT'))).toHaveLength(indicators.length);
      expect(statements.filter((sql) => sql.includes('ROW_NUMBER()'))).toHaveLength(1);
      expect(together).toEqual(alone);
      expect(together.filter((rows) => rows.length > 0).length).toBeGreaterThan(asked.length / 4);
    });

    it('stores no rows of the definition a saveIndicator replaced between a coverage read and its missing list', async () => {
      const indicator = await db.indicator.findFirstOrThrow({ where: { code: 'MODELS_REVIEWED' }, include: { targets: true } });
      const reader = createFacts(db);
      const province = (await reader.tree()).byCode('06')!;
      const coverage = await coverageNumbers(reader, { id: indicator.id, parsed: definitionOf(indicator) }, province.id, 2019);
      const { id, targets, ...fields } = indicator;
      await query(db, `mutation($input: IndicatorInput!) { saveIndicator(input: $input) { code } }`, {
        input: {
          ...fields,
          definition: JSON.stringify({ ...JSON.parse(indicator.definition), condition: { ratings: ['OUTSTANDING'] } }),
          targets: targets.map(({ value, firstYear, lastYear, source }) => ({ value, firstYear, lastYear, source })),
        },
      });
      // The save deleted the rows the request read its coverage from: its missing list finds them absent.
      await coverage.missingRows(10_000);
      await expectKeptToMatchComputed('a definition saved between a coverage read and its missing list');
      // The numbers of the definition the request parsed are not the records' any more.
      const saved = await coverageNumbers(
        createFacts(db),
        { id, parsed: definitionOf(await db.indicator.findUniqueOrThrow({ where: { id } })) },
        province.id,
        2019,
      );
      expect([saved.numerator, saved.denominator]).not.toEqual([coverage.numerator, coverage.denominator]);
    });

    // The writes above are compared on the thinned demo; the whole one's numbers, kept and computed, here.
    it('matches them on the whole demo data too', async () => {
      const whole = await demoCopy(provider);
      const wholeDb = createDatabase(whole.url);
      try {
        const computed = await readViews(wholeDb, WHOLE_VIEWS);
        const kept = await wholeDb.unitTally.count();
        expect(kept).toBeGreaterThan(0);
        expect(await readViews(wholeDb, WHOLE_VIEWS)).toEqual(computed);
        expect(await wholeDb.unitTally.count()).toBe(kept);
      } finally {
        await wholeDb.$disconnect();
        await whole.drop();
      }
    });

    it("forgets an indicator's rows a few at a time, every one of them and no other indicator's", async () => {
      await dashboards();
      const counts = async () => new Map((await db.unitTally.groupBy({ by: ['indicatorId'], _count: true })).map((group) => [group.indicatorId, group._count]));
      const before = await counts();
      const [indicatorId, rows] = [...before].sort((a, b) => b[1] - a[1])[0]!;
      const slices = (await db.unitTally.groupBy({ by: ['fieldId', 'day'], where: { indicatorId } })).length;
      // Seven rows a statement: the demo's slices are smaller than a statement deletes at national scale.
      const statements = await statementsSent(db, () =>
        db.$transaction(async (tx) => forgetAllTallies(tx, (await raiseDataVersion(tx)).version, indicatorId, 7)),
      );
      expect(statements.filter((sql) => sql.includes('DELETE FROM "UnitTally"')).length).toBeGreaterThanOrEqual(Math.ceil(rows / 7));
      expect(slices).toBeLessThan(rows / 7);
      const after = await counts();
      expect(after.get(indicatorId)).toBeUndefined();
      expect(new Map([...after].filter(([id]) => id !== indicatorId))).toEqual(new Map([...before].filter(([id]) => id !== indicatorId)));
      await expectKeptToMatchComputed("an indicator's rows forgotten a few at a time");
    });
  });
}
