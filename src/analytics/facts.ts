// Per-request access to the facts indicators are computed from. Each source is batched with dataloader:
// every coverage, breakdown and series asked in the same tick shares one SQL statement per source and
// root, whatever the number of units, groups or years. The root is the unit a coverage was asked for: its
// facts are those of the units accountable within it, not the whole country's.
import DataLoader from 'dataloader';
import type { Database } from '../db/client.ts';
import { modelFacts, type ModelFact } from './sql/model-facts.ts';
import { newRuralRecognitions } from './sql/new-rural-recognitions.ts';
import { unitsWithPlan } from './sql/plans.ts';
import { surveySums } from './sql/survey-sums.ts';
import { UnitTree } from './unit-tree.ts';

/** Answers once per request, on first use. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** A loader of rows by year: keys asked together are fetched by one call for all their years. */
function byYear<Params, Row extends { year: number }>(fetch: (params: Params, years: number[]) => Promise<Row[]>) {
  return new DataLoader<{ params: Params; year: number }, Row[], string>(
    async (keys) => {
      const groups = new Map<string, { params: Params; years: Set<number> }>();
      for (const key of keys) {
        const id = JSON.stringify(key.params);
        const group = groups.get(id) ?? { params: key.params, years: new Set<number>() };
        group.years.add(key.year);
        groups.set(id, group);
      }
      const rowsByGroup = new Map<string, Row[]>();
      await Promise.all(
        [...groups].map(async ([id, group]) => rowsByGroup.set(id, await fetch(group.params, [...group.years].sort()))),
      );
      return keys.map((key) => rowsByGroup.get(JSON.stringify(key.params))!.filter((row) => row.year === key.year));
    },
    { cacheKeyFn: (key) => JSON.stringify(key) },
  );
}

export function createFacts(db: Database) {
  const tree = once(() => UnitTree.load(db));
  /** The units whose records may count under the root at some time: a superset for every day of a year. */
  const ownersWithin = async (root: number) => [...(await tree()).accountableWithin(root)];
  const models = byYear<number, ModelFact>(async (root, years) => modelFacts(db, years, await ownersWithin(root)));
  const plans = byYear<number, { ownerId: number; year: number }>(async (root, years) => unitsWithPlan(db, years, await ownersWithin(root)));
  const surveys = byYear<number, { ownerId: number; year: number; respondents: number; satisfied: number }>(async (root, years) =>
    surveySums(db, years, await ownersWithin(root)),
  );
  return {
    tree,
    fields: once(() => db.field.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] })),
    indicators: once(() =>
      db.indicator.findMany({ include: { targets: { orderBy: { firstYear: 'asc' } } }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] }),
    ),
    recognitions: once(() => newRuralRecognitions(db)),
    models: (year: number, root: number) => models.load({ params: root, year }),
    plans: (year: number, root: number) => plans.load({ params: root, year }),
    surveys: (year: number, root: number) => surveys.load({ params: root, year }),
  };
}

export type Facts = ReturnType<typeof createFacts>;
