// A breakdown adds up to its parent when a child outlives it (issue 17, item 5). The fixture, a mid-year
// reform: district 201 ends on 30 June 2025; its commune A ends with it and merges into commune B, which
// moves up to the province on 1 July. A's model, effective in 2025, counts for A on 30 June and for B
// (A's successor) from 1 July.
//
//   20 Tỉnh P ─┬─ 201 Huyện D (to 30 Jun 2025) ─┬─ 20101 xã A (to 30 Jun 2025) ── merged into B on 1 Jul 2025
//              │                                └─ 20102 xã B (under D to 30 Jun 2025)
//              └─ 20102 xã B (from 1 Jul 2025)
import { graphql } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContext } from '../../src/context.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { schema } from '../../src/schema/index.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { nationalAdmin, testKeys } from '../support/viewers.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);
const JUNE_30 = day('2025-06-30');
const JULY_1 = day('2025-07-01');

async function buildFixture(db: Database) {
  const unit = (code: string, kind: 'PROVINCE' | 'DISTRICT' | 'COMMUNE', validTo: Date | null = null) =>
    db.unit.create({ data: { code, officialCode: code, name: `${kind} ${code}`, searchName: code, kind, level: kind, validTo } });
  const province = await unit('20', 'PROVINCE');
  const district = await unit('201', 'DISTRICT', JUNE_30);
  const a = await unit('20101', 'COMMUNE', JUNE_30);
  const b = await unit('20102', 'COMMUNE');
  await db.unitParent.createMany({
    data: [
      { unitId: district.id, parentId: province.id, validTo: JUNE_30 },
      { unitId: a.id, parentId: district.id, validTo: JUNE_30 },
      { unitId: b.id, parentId: district.id, validTo: JUNE_30 },
      { unitId: b.id, parentId: province.id, validFrom: JULY_1 },
    ],
  });
  await db.unitLineage.create({ data: { predecessorId: a.id, successorId: b.id, effectiveDate: JULY_1, kind: 'MERGER' } });
  const field = await db.field.create({ data: { code: 'NONG_THON_MOI', nameVi: 'Nông thôn mới', nameEn: 'New rural', sortOrder: 1 } });
  await db.model.create({
    data: {
      registrationKey: 'NTM A',
      kind: 'MODEL',
      holder: 'COLLECTIVE',
      title: 'NTM A',
      unitId: a.id,
      fieldId: field.id,
      startYear: 2024,
      origin: 'ENTERED',
      evaluations: { create: [{ year: 2025, rating: 'EFFECTIVE' }] },
    },
  });
  await db.indicator.create({
    data: {
      code: 'NTM',
      nameVi: 'NTM',
      nameEn: 'NTM',
      numeratorVi: 'xã',
      numeratorEn: 'communes',
      denominatorVi: 'xã',
      denominatorEn: 'communes',
      sortOrder: 1,
      definition: JSON.stringify({
        measure: 'UNITS_WITH_MODELS',
        unitKinds: ['COMMUNE'],
        models: { fields: ['NONG_THON_MOI'], ratings: ['EFFECTIVE', 'OUTSTANDING'] },
      }),
    },
  });
}

describe.each(providers)('a breakdown when a child outlives its parent, on %s', (provider) => {
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

  async function coverage(unit: string, selection: string) {
    const result = await graphql({
      schema,
      source: `query($u: String!) { coverage(indicator: "NTM", unit: $u, period: { year: 2025 }) { ${selection} } }`,
      variableValues: { u: unit },
      contextValue: createContext(db, { viewer: nationalAdmin, keys: testKeys }),
    });
    expect(result.errors, JSON.stringify(result.errors)).toBeUndefined();
    return (result.data as { coverage: any }).coverage;
  }
  const GROUP = 'unit { code } asOf numerator denominator missing(first: 10) { edges { node { unit { code } } } }';

  it('reads every group on the parent’s last day, so that they add up to it: the model counts once', async () => {
    const district = await coverage('201', `asOf numerator denominator breakdown(by: CHILD_UNITS) { ${GROUP} }`);
    // On 30 June: A has its effective model, B none.
    expect(district).toMatchObject({ asOf: '2025-06-30', numerator: 1, denominator: 2 });
    expect(district.breakdown).toEqual([
      { unit: { code: '20101' }, asOf: '2025-06-30', numerator: 1, denominator: 1, missing: { edges: [] } },
      { unit: { code: '20102' }, asOf: '2025-06-30', numerator: 0, denominator: 1, missing: { edges: [{ node: { unit: { code: '20102' } } }] } },
    ]);
  });

  it('still reads a unit asked for itself on its own day: B on 31 December answers for A’s model', async () => {
    expect(await coverage('20102', 'asOf numerator denominator')).toEqual({ asOf: '2025-12-31', numerator: 1, denominator: 1 });
    // The province on 31 December: the district is gone, B is its child, and its group adds up.
    const province = await coverage('20', `numerator denominator breakdown(by: CHILD_UNITS) { unit { code } asOf numerator denominator }`);
    expect(province).toEqual({ numerator: 1, denominator: 1, breakdown: [{ unit: { code: '20102' }, asOf: '2025-12-31', numerator: 1, denominator: 1 }] });
  });
});
