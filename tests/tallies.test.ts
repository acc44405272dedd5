// The kept tallies (src/analytics/tallies.ts) against the same numbers computed from the records alone:
// after every kind of write the API makes, the dashboards read through the kept rows must equal the
// dashboards computed with no row kept at all. On the demo data, in a database of this file's own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphql } from 'graphql';
import { forgetAllTallies } from '../src/analytics/tallies.ts';
import { createDatabase, type Database } from '../src/db/client.ts';
import { seedDemo } from '../src/demo/seed.ts';
import { schema } from '../src/schema/index.ts';
import { freshDatabase, providers, type TestDatabase } from './support/databases.ts';
import { query } from './support/graphql.ts';
import { contextAs } from './support/viewers.ts';

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
    await forgetAllTallies(db);
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

    const district = await db.unit.findFirstOrThrow({ where: { kind: 'DISTRICT', validFrom: null, validTo: { gte: new Date('2024-12-31') }, code: { not: '066' } }, orderBy: { code: 'asc' } });
    await write(`mutation { moveUnit(code: "02152", parent: "${district.code}", from: "2021-01-01") { code } }`, {}, 'all');
    await expectKeptToMatchComputed('a commune moved to another district');
  });

  it('does not keep rows computed from facts that a write overtook', async () => {
    await forgetAllTallies(db);
    const reader = contextAs(db);
    // The reader takes its data version first, as every request does; a write lands before it counts.
    await reader.facts.version();
    await query(db, `mutation { recordPlan(input: { unit: "02152", year: 2024 }) { year } }`);
    const answer = await graphql({ schema, source: DASHBOARD, variableValues: { unit: '066', year: 2024 }, contextValue: reader });
    expect(answer.errors).toBeUndefined();
    expect(await keptCount()).toBe(0);
    // Its answer is still right (it counted what it read), and the next request keeps its rows.
    expect(answer.data).toEqual(await query(db, DASHBOARD, { unit: '066', year: 2024 }));
    expect(await keptCount()).toBeGreaterThan(0);
  });
});
