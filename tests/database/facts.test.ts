// The two ways the facts of a set of owners are read (src/analytics/facts.ts): looked up by owner, or, for
// a set too large for that (a whole country's slice, the chains of a large import), every owner's facts,
// of which the callers count the set's. On the demo data every set is small enough to be looked up, so the
// second way is forced here; the set's rows in it must be the lookup's, for every source, year and set.
import { afterAll, describe, expect, it } from 'vitest';
import { createFacts } from '../../src/analytics/facts.ts';
import type { ModelFacts } from '../../src/analytics/sql/model-facts.ts';
import { TRAITS } from '../../src/indicators/model-predicates.ts';
import { referenceDay } from '../../src/units/tree.ts';
import { openDemoDatabase } from '../support/graphql.ts';
import { providers } from '../support/databases.ts';

const YEARS = [2016, 2019, 2020, 2024];

/** Rows in one order, whatever order a read gave them in. */
const sorted = <Row>(rows: Row[]) => rows.map((row) => JSON.stringify(row)).sort();

/** The models of the owners (all when not given), each as its owner, field and traits, in one order. */
const entries = (models: ModelFacts, owners?: Set<number>) =>
  Array.from({ length: models.length }, (_, index) => index)
    .filter((index) => !owners || owners.has(models.owners[index]!))
    .map((index) => `${models.owners[index]}/${models.fieldIds[Math.floor(models.combos[index]! / TRAITS)]}/${models.combos[index]! % TRAITS}`)
    .sort();

describe.each(providers)('facts of many owners on %s', (provider) => {
  const db = openDemoDatabase(provider);
  afterAll(() => db.$disconnect());

  it('answers in one read of every owner the rows a lookup by owner answers', async () => {
    const lookedUp = createFacts(db);
    const every = createFacts(db, undefined, { ownersLookedUp: 0 });
    const tree = await lookedUp.tree();
    const province = tree.byCode('06')!;
    const district = tree.byCode('066')!;
    for (const year of YEARS) {
      // A province's owners, a district's, and one commune's, on the year's day: the sets slices name.
      const sets: { ids: number[] }[] = [
        province,
        district,
        tree.subtree(district.id, referenceDay(year, district)).find((unit) => unit.kind === 'COMMUNE')!,
      ].map((unit) => {
        const ids = [
          ...tree.accountableTo(
            tree.subtree(unit.id, referenceDay(year, unit)).map((member) => member.id),
            referenceDay(year, unit),
          ),
        ].sort((a, b) => a - b);
        return { ids };
      });
      for (const owners of sets) {
        const theirs = new Set(owners.ids);
        const models = await lookedUp.models(year, owners);
        expect(models.length, `models of ${owners.ids.length} owners in ${year}`).toBeGreaterThan(0);
        expect(entries(models)).toEqual(entries(models, theirs));
        expect(entries(await every.models(year, owners), theirs)).toEqual(entries(models));
        const own = <Row extends { ownerId: number }>(rows: Row[]) => sorted(rows.filter((row) => theirs.has(row.ownerId)));
        expect(own(await every.plans(year, owners))).toEqual(sorted(await lookedUp.plans(year, owners)));
        expect(own(await every.surveys(year, owners))).toEqual(sorted(await lookedUp.surveys(year, owners)));
      }
      // Every owner's: a commune's set is a small part of them.
      expect((await every.models(year, sets[2]!)).length).toBeGreaterThan((await lookedUp.models(year, sets[2]!)).length);
    }
  });

  it('counts each model once a year, whether its years are read one by one or together', async () => {
    const owners = { ids: [...Array(400).keys()].map((index) => index + 1) };
    // One facts asks every year in one tick (one read of the years together); the other, a year at a time.
    const together = createFacts(db);
    const oneByOne = createFacts(db);
    const all = await Promise.all(YEARS.map((year) => together.models(year, owners)));
    for (const [index, year] of YEARS.entries()) expect(entries(all[index]!)).toEqual(entries(await oneByOne.models(year, owners)));
    // And the counts are the records': the models active in 2019, counted without the facts.
    const active = await db.model.count({
      where: { unitId: { in: owners.ids }, startYear: { lte: 2019 }, OR: [{ endYear: null }, { endYear: { gte: 2019 } }] },
    });
    expect(all[YEARS.indexOf(2019)]!.length).toBe(active);
    expect(active).toBeGreaterThan(0);
  });
});
