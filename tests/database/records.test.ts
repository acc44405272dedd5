// The year's records a coverage rests on (Coverage.records, src/analytics/tallies/compute.ts), against the
// records themselves counted with Prisma on the demo: a year with none is not reported, not a 0 %. The
// demo's Bắc Kạn (06) holds every record of the years before the 2025 reform. The kept tallies' sequence
// (tests/support/kept-tallies.ts) holds the kept records to those computed afresh, through every write.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/client.ts';
import type { Prisma } from '../../src/generated/sqlite/client.ts';
import { providers } from '../support/databases.ts';
import { openDemoDatabase, query } from '../support/graphql.ts';

const COMMUNE_LEVEL = ['COMMUNE', 'WARD', 'TOWNSHIP'] as const;
const EFFECTIVE = ['EFFECTIVE', 'OUTSTANDING'] as const;

/** Models active in the year. */
const active = (year: number): Prisma.ModelWhereInput => ({ startYear: { lte: year }, OR: [{ endYear: null }, { endYear: { gte: year } }] });

/** Each demo indicator's records in a year, as its definition (src/indicators/catalogue.ts) says them. */
function recordsByDefinition(db: Database, year: number): Record<string, Promise<number>> {
  const evaluations = (model: Prisma.ModelWhereInput, rating?: Prisma.EvaluationWhereInput) =>
    db.evaluation.count({ where: { year, ...rating, model: { ...active(year), ...model } } });
  return {
    PLAN_COVERAGE: db.plan.count({ where: { year, unit: { kind: { in: ['DISTRICT', ...COMMUNE_LEVEL, 'AGENCY', 'PARTY_ORGANISATION'] } } } }),
    // No rating asked: the models themselves.
    COMMUNE_ALL_FIELDS: db.model.count({ where: { ...active(year), unit: { kind: { in: [...COMMUNE_LEVEL] } } } }),
    // A rating asked: the evaluations of the models of the field, whatever their rating.
    COMMUNE_NTM_EFFECTIVE: evaluations({ field: { code: 'NONG_THON_MOI' }, unit: { kind: 'COMMUNE' } }),
    AGENCY_EFFECTIVE: evaluations({ unit: { kind: 'AGENCY' } }),
    MODELS_REVIEWED: evaluations({}),
    MODELS_REPLICATED: evaluations({}, { rating: { in: [...EFFECTIVE] } }),
    SATISFACTION: db.satisfactionSurvey.count({ where: { year } }),
    NTM_RECOGNISED: db.newRuralStatus.count({ where: { year, unit: { kind: 'COMMUNE' } } }),
  };
}

describe.each(providers)('the records a coverage rests on, on %s', (provider) => {
  let db: Database;
  beforeAll(() => {
    db = openDemoDatabase(provider);
  });
  afterAll(() => db.$disconnect());

  const recordsOf = async (unit: string, year: number) =>
    Object.fromEntries(
      (
        (await query(db, `{ dashboard(unit: "${unit}", year: ${year}) { coverages { indicator { code } records } } }`))!.dashboard.coverages as {
          indicator: { code: string };
          records: number;
        }[]
      ).map((coverage) => [coverage.indicator.code, coverage.records]),
    );

  it('are the year’s records the definition counts, in the province; the breakdown’s add up to it', async () => {
    const counted = async (year: number) =>
      Object.fromEntries(await Promise.all(Object.entries(recordsByDefinition(db, year)).map(async ([code, count]) => [code, await count])));
    // Before the 2020 mergers a record's owner is the unit that answers for it, and its kind the one counted.
    for (const year of [2018, 2019]) expect(await recordsOf('06', year), String(year)).toEqual(await counted(year));
    // After them, a township that became a commune answers as one: the indicators of every unit still match.
    const { MODELS_REVIEWED, MODELS_REPLICATED, SATISFACTION } = await counted(2024);
    expect(await recordsOf('06', 2024)).toMatchObject({ MODELS_REVIEWED, MODELS_REPLICATED, SATISFACTION });
    const { coverage } = (await query(
      db,
      '{ coverage(indicator: "MODELS_REVIEWED", unit: "06", period: { year: 2019 }) { records breakdown(by: CHILD_UNITS) { records } } }',
    ))!;
    expect(coverage.records).toBeGreaterThan(0);
    expect((coverage.breakdown as { records: number }[]).reduce((sum, group) => sum + group.records, 0)).toBe(coverage.records);
  });

  it('are none in a year whose records are not entered, where the models registered still count', async () => {
    const records = await recordsOf('06', 2025);
    expect(await db.evaluation.count({ where: { year: 2025 } })).toBe(0);
    expect(records).toMatchObject({ MODELS_REVIEWED: 0, COMMUNE_NTM_EFFECTIVE: 0, AGENCY_EFFECTIVE: 0 });
    expect(records.COMMUNE_ALL_FIELDS).toBeGreaterThan(0);
  });
});
