// The kept tallies (src/analytics/tallies.ts) against the same numbers computed from the records alone:
// after every kind of write the API makes, the dashboards read through the kept rows must equal the
// dashboards computed with no row kept at all. On the demo data, in a database of this file's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageNumbers } from '../src/analytics/coverage.ts';
import { createFacts, type Facts } from '../src/analytics/facts.ts';
import type { MissingRow } from '../src/analytics/tallies.ts';
import { createDatabase, type Database } from '../src/db/client.ts';
import { importSpreadsheet } from '../src/import/index.ts';
import { keepDashboardTallies } from '../src/analytics/warm.ts';
import { dashboardQuery } from '../src/server/yoga.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { definitionOf } from '../src/indicators/definition.ts';
import { freshDatabase, providers, type TestDatabase } from './support/databases.ts';
import { query } from './support/graphql.ts';

const DASHBOARD = `query($unit: String!, $year: Int!) {
  dashboard(unit: $unit, year: $year) {
    coverages {
      indicator { code }
      numerator denominator
      missing(first: 30) { totalCount edges { node { unit { code } model { registrationKey } } } }
      children: breakdown(by: CHILD_UNITS) { group { label { vi } } numerator denominator missing(first: 3) { edges { node { unit { code } } } } }
      fields: breakdown(by: FIELD) { numerator denominator }
      kinds: breakdown(by: UNIT_KIND) { numerator denominator }
      series(from: 2016, to: 2024) { year numerator denominator }
    }
  }
}`;

/** The province, a district, and a commune that the writes below touch. */
const VIEWS: [string, number][] = [
  ['06', 2019],
  ['06', 2021],
  ['066', 2024],
  ['02152', 2019],
];

describe.each(providers)('kept tallies on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  const dashboards = async () => {
    const answers = [];
    for (const [unit, year] of VIEWS) answers.push(await query(db, DASHBOARD, { unit, year }));
    return answers;
  };
  const keptCount = () => db.unitTally.count();

  /** A write through the API: a record's forgets only the rows of its chain, a tree change every row. */
  async function write(source: string, variables?: Record<string, unknown>, forgets: 'chain' | 'all' = 'chain') {
    const before = await keptCount();
    await query(db, source, variables);
    const after = await keptCount();
    if (forgets === 'all') {
      expect(after).toBe(0);
    } else {
      expect(after).toBeGreaterThan(0);
      expect(after).toBeLessThan(before);
    }
  }

  /** Reads through the rows kept since the last write, then from nothing: both must agree. */
  async function expectKeptToMatchComputed(step: string) {
    const kept = await dashboards();
    await db.unitTally.deleteMany();
    expect(await keptCount()).toBe(0);
    const computed = await dashboards();
    expect(kept, step).toEqual(computed);
  }

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    await seedDemo(db);
    await dashboards();
  }, 300_000);

  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('keeps rows from the first read, and reads them rather than the records the second time', async () => {
    expect(await keptCount()).toBeGreaterThan(0);
    const before = await keptCount();
    await dashboards();
    expect(await keptCount()).toBe(before);
  });

  it('matches the numbers computed from the records after every kind of write', { timeout: 600_000 }, async () => {
    const field = await db.field.findFirstOrThrow({ where: { firstYear: { lte: 2018 } }, orderBy: { sortOrder: 'asc' } });
    await write(`mutation { recordPlan(input: { unit: "02152", year: 2019 }) { year } }`);
    await expectKeptToMatchComputed('a plan');

    await write(`mutation($input: ModelInput!) { registerModel(input: $input) { registrationKey } }`, {
      input: { registrationKey: 'TALLY-1', kind: 'MODEL', holder: 'COLLECTIVE', title: 'Mô hình kiểm tra số đếm', unit: '02152', field: field.code, startYear: 2018 },
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
      input: { registrationKey: 'TALLY-1', kind: 'MODEL', holder: 'COLLECTIVE', title: 'Mô hình kiểm tra số đếm', unit: elsewhere.code, field: field.code, startYear: 2018, endYear: 2020 },
    });
    await expectKeptToMatchComputed('a model moved to another district');

    await write(`mutation { recordSatisfactionSurvey(input: { unit: "02152", year: 2021, respondents: 400, satisfied: 10 }) { year } }`);
    await expectKeptToMatchComputed('a satisfaction survey');

    await write(`mutation { recordNewRuralStatus(input: { unit: "02152", year: 2019, criteriaMet: 19, recognisedOn: "2019-06-01" }) { year } }`);
    await expectKeptToMatchComputed('a new-rural recognition');

    // An import forgets the chains of the units whose records it wrote, as the API's writes do.
    const before = await keptCount();
    const plans = new TextEncoder().encode('Mã đơn vị,Năm,Số kế hoạch,Ngày ban hành\r\n02152,2019,99/KH-UBND,2019-03-01\r\n02152,2022,7/KH-UBND,\r\n');
    expect(await importSpreadsheet(db, plans, { kind: 'PLANS', actor: 'kiểm tra', tree: createFacts(db).tree })).toMatchObject({ written: true, problems: [] });
    expect(await keptCount()).toBeGreaterThan(0);
    expect(await keptCount()).toBeLessThan(before);
    await expectKeptToMatchComputed('an import of plans');

    const district = await db.unit.findFirstOrThrow({ where: { kind: 'DISTRICT', validFrom: null, validTo: { gte: new Date('2024-12-31') }, code: { not: '066' } }, orderBy: { code: 'asc' } });
    await write(`mutation { moveUnit(code: "02152", parent: "${district.code}", from: "2021-01-01") { code } }`, {}, 'all');
    await expectKeptToMatchComputed('a commune moved to another district');
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

  it('keeps nothing that a reader computed while the tree changed', async () => {
    await db.unitTally.deleteMany();
    const reader = createFacts(db);
    await reader.version();
    const commune = await db.unit.findUniqueOrThrow({ where: { code: '02152' } });
    await query(db, `mutation { renameUnit(code: "02152", name: ${JSON.stringify(commune.name + ' A')}) { code } }`);
    const numbers = await districtNumbers(reader);
    expect(await keptCount()).toBe(0);
    expect(numbers).toEqual(await districtNumbers(createFacts(db)));
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
      indicators.map(async (indicator) => plain(await (await coverageNumbers(afresh, { id: indicator.id, parsed: definitionOf(indicator) }, district.id, 2019, { kind: 'COMMUNE' })).missingRows(10_000))),
    );
    expect(lists.flat().some((row) => row.unitId === commune.id)).toBe(true);
    expect(lists.map((rows) => plain(rows.filter((row) => tree.unit(row.unitId).kind === 'COMMUNE')))).toEqual(expected);
  });
});
