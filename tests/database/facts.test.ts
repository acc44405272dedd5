// The two ways the facts of a set of owners are read (src/analytics/facts.ts): looked up by owner, or, for
// a set too large for that (a whole country's slice, the chains of a large import), picked by owner from
// one read of every owner's facts. On the demo data every set is small enough to be looked up, so the
// second way is forced here; it must answer the same rows, for every source, year and set.
import { afterAll, describe, expect, it } from 'vitest';
import { createFacts, type Owners } from '../../src/analytics/facts.ts';
import { referenceDay } from '../../src/units/tree.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { providers } from '../support/databases.ts';

const YEARS = [2016, 2019, 2020, 2024];

/** Rows in one order, whatever order a read gave them in. */
const sorted = <Row>(rows: Row[]) => rows.map((row) => JSON.stringify(row)).sort();

describe.each(providers)('facts of many owners on %s', (provider) => {
  const db = openDemoDatabase(provider);
  afterAll(() => db.$disconnect());

  it('picks from one read of every owner the rows a lookup by owner answers', async () => {
    const lookedUp = createFacts(db);
    const picked = createFacts(db, undefined, { ownersLookedUp: 0 });
    const tree = await lookedUp.tree();
    const province = tree.byCode('06')!;
    const district = tree.byCode('066')!;
    for (const year of YEARS) {
      // A province's owners, a district's, and one commune's, on the year's day: the sets slices name.
      const sets: Owners[] = [province, district, tree.subtree(district.id, referenceDay(year, district)).find((unit) => unit.kind === 'COMMUNE')!].map(
        (unit) => {
          const ids = [
            ...tree.accountableTo(
              tree.subtree(unit.id, referenceDay(year, unit)).map((member) => member.id),
              referenceDay(year, unit),
            ),
          ].sort((a, b) => a - b);
          return { key: `own:${ids.join(',')}`, ids };
        },
      );
      for (const owners of sets) {
        const models = await lookedUp.models(year, owners);
        expect(models.length, `models of ${owners.ids.length} owners in ${year}`).toBeGreaterThan(0);
        expect(sorted(await picked.models(year, owners))).toEqual(sorted(models));
        expect(sorted(await picked.plans(year, owners))).toEqual(sorted(await lookedUp.plans(year, owners)));
        expect(sorted(await picked.surveys(year, owners))).toEqual(sorted(await lookedUp.surveys(year, owners)));
      }
    }
  });

  it('counts each model once a year, whether its years are read one by one or together', async () => {
    const owners = (() => {
      const ids = [...Array(400).keys()].map((index) => index + 1);
      return { key: `own:${ids.join(',')}`, ids };
    })();
    // One facts asks every year in one tick (one read of the years together); the other, a year at a time.
    const together = createFacts(db);
    const oneByOne = createFacts(db);
    const all = await Promise.all(YEARS.map((year) => together.models(year, owners)));
    for (const [index, year] of YEARS.entries()) expect(sorted(all[index]!)).toEqual(sorted(await oneByOne.models(year, owners)));
    // And the counts are the records': the models active in 2019, counted without the facts.
    const active = await db.model.count({
      where: { unitId: { in: owners.ids }, startYear: { lte: 2019 }, OR: [{ endYear: null }, { endYear: { gte: 2019 } }] },
    });
    expect(all[YEARS.indexOf(2019)]!.reduce((sum, fact) => sum + fact.models, 0)).toBe(active);
    expect(active).toBeGreaterThan(0);
  });
});
