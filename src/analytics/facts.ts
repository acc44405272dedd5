// Per-request access to the facts indicators are computed from. Each source is batched with dataloader:
// every coverage, breakdown and series asked in the same tick shares one SQL statement per source and
// set of owners, whatever the number of units, groups or years. The owners are the units whose records a
// computation needs (those accountable within the unit asked, or for the tallies being computed), not the
// whole country's. The unit tree is read once per server and kept until a write changes it.
import DataLoader from 'dataloader';
import { providerOfDatabase, type Database } from '../db/client.ts';
import { dataVersions, type DataVersions } from '../db/data-version.ts';
import { MAX_NAMED_OWNERS } from './sql/fragments.ts';
import { modelFacts, type ModelFact } from './sql/model-facts.ts';
import { newRuralRecognitions } from './sql/new-rural-recognitions.ts';
import { unitsWithPlan } from './sql/plans.ts';
import { surveySums } from './sql/survey-sums.ts';
import { UnitTree } from './unit-tree.ts';

/** The units whose records a computation reads; `key` names the set for the loaders' caches. */
export interface Owners {
  key: string;
  ids: number[];
}

/**
 * A set too long to name in SQL is read whole (sql/fragments.ts), so every such set is one: the slices of a
 * whole country's first read, each with its day's owners, then share one read of each year's facts.
 */
function named(owners: Owners): { key: string; ids: number[] | undefined } {
  return owners.ids.length > MAX_NAMED_OWNERS ? { key: 'every owner', ids: undefined } : owners;
}

/** The tree, once read; while it is being read, the promise of it. */
const trees = new WeakMap<Database, UnitTree | Promise<UnitTree>>();

/** The server's copy of the tree, read again when the tree version has moved. */
async function treeAt(db: Database, version: number): Promise<UnitTree> {
  const kept = await trees.get(db);
  if (kept?.version === version) return kept;
  const loading = UnitTree.load(db, providerOfDatabase(db)).then((tree) => {
    Object.assign(tree, { version });
    if (trees.get(db) === loading) trees.set(db, tree);
    return tree;
  });
  trees.set(db, loading);
  return loading;
}

/** The version of the tree this server holds for the client, if it holds one read to the end. */
export function heldTreeVersion(db: Database): number | undefined {
  const kept = trees.get(db);
  return kept instanceof UnitTree ? kept.version : undefined;
}

/** Answers once per request, on first use. */
function once<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

/** A loader of rows by year: keys asked together are fetched by one call for all their years. */
function byYear<Params extends { key: string }, Row extends { year: number }>(fetch: (params: Params, years: number[]) => Promise<Row[]>) {
  return new DataLoader<{ params: Params; year: number }, Row[], string>(
    async (keys) => {
      const groups = new Map<string, { params: Params; years: Set<number> }>();
      for (const key of keys) {
        const id = key.params.key;
        const group = groups.get(id) ?? { params: key.params, years: new Set<number>() };
        group.years.add(key.year);
        groups.set(id, group);
      }
      const rowsByGroup = new Map<string, Map<number, Row[]>>();
      await Promise.all(
        [...groups].map(async ([id, group]) => {
          const byYear = new Map([...group.years].map((year) => [year, [] as Row[]]));
          for (const row of await fetch(group.params, [...group.years].sort())) byYear.get(row.year)?.push(row);
          rowsByGroup.set(id, byYear);
        }),
      );
      return keys.map((key) => rowsByGroup.get(key.params.key)!.get(key.year)!);
    },
    { cacheKeyFn: (key) => `${key.params.key}@${key.year}` },
  );
}

/** `read`: the request's read of the data versions, shared with the response cache (src/server/requests.ts). */
export function createFacts(db: Database, read: () => Promise<DataVersions> = () => dataVersions(db)) {
  const versions = once(read);
  const tree = once(async () => treeAt(db, (await versions()).treeVersion));
  // Rows of owners outside the set come back when the set is too long to name (sql/fragments.ts); the roll-up ignores them.
  type Named = ReturnType<typeof named>;
  const models = byYear<Named, ModelFact>((owners, years) => modelFacts(db, years, owners.ids));
  const plans = byYear<Named, { ownerId: number; year: number }>((owners, years) => unitsWithPlan(db, years, owners.ids));
  const surveys = byYear<Named, { ownerId: number; year: number; respondents: number; satisfied: number }>((owners, years) => surveySums(db, years, owners.ids));
  return {
    db,
    /** The data version when the request first asked: kept tallies computed since are stored only if it still holds. */
    version: async () => (await versions()).version,
    tree,
    fields: once(() => db.field.findMany({ orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] })),
    // After the version, as every fact: rows computed on a definition a later save replaced are then left out (tallies/store.ts).
    indicators: once(async () => {
      await versions();
      return db.indicator.findMany({ include: { targets: { orderBy: { firstYear: 'asc' } } }, orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }] });
    }),
    recognitions: once(() => newRuralRecognitions(db)),
    models: (year: number, owners: Owners) => models.load({ params: named(owners), year }),
    plans: (year: number, owners: Owners) => plans.load({ params: named(owners), year }),
    surveys: (year: number, owners: Owners) => surveys.load({ params: named(owners), year }),
  };
}

export type Facts = ReturnType<typeof createFacts>;
