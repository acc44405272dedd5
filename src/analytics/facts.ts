// Per-request access to the facts indicators are computed from. Each source is batched with dataloader:
// every coverage, breakdown and series asked in the same tick shares one SQL statement per source and
// set of owners, whatever the number of units, groups or years. The owners are the units whose records a
// computation needs (those accountable within the unit asked, or for the tallies being computed), not the
// whole country's. The unit tree is read once per server and kept until a write changes it.
import DataLoader from 'dataloader';
import { providerOfDatabase, type Database } from '../db/client.ts';
import { dataVersions, type DataVersions } from '../db/data-version.ts';
import { MAX_NAMED_OWNERS } from './sql/fragments.ts';
import { modelFacts } from './sql/model-facts.ts';
import { newRuralRecognitions } from './sql/new-rural-recognitions.ts';
import { unitsWithRecord } from './sql/yearly-records.ts';
import { surveySums } from './sql/survey-sums.ts';
import { UnitTree } from '../units/unit-tree.ts';
import { Turns } from '../turns.ts';

/**
 * The units whose records a computation reads (every unit when `ids` is not given); `key` names the set for
 * the loaders' caches (by default, its ids).
 */
export interface Owners {
  key?: string;
  ids?: number[];
}

/**
 * Owners whose facts are looked up one by one at most: for more, one read of every owner's is cheaper (at
 * national scale, the 12,000 communes of an indicator's slice took SQLite minutes to look up, year by
 * year, where one pass over all models takes seconds). Below SQLite's bound (MAX_NAMED_OWNERS).
 */
const OWNERS_LOOKED_UP = Math.min(2_000, MAX_NAMED_OWNERS);
const EVERY_OWNER = { key: 'every owner', ids: undefined };

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
function byYear<Params extends { key: string }, Row extends { year: number }>(turns: Turns, fetch: (params: Params, years: number[]) => Promise<Row[]>) {
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
    { cacheKeyFn: (key) => `${key.params.key}@${key.year}`, batchScheduleFn: turns.batchSchedule },
  );
}

/** What a source reads: the owners named, or every owner's records (`ids` undefined). */
type Read = { key: string; ids: number[] | undefined };

/**
 * A source's rows of a year for the owners: looked up for a few; for more, every owner's, which the
 * callers count as they count any record (for the unit accountable for it on the day) and leave out the
 * units they do not compute. Every set too large to look up then shares one read: the slices of a whole
 * country's first read, and the chains of units a large import forgot.
 */
function owned<Row>(loader: DataLoader<{ params: Read; year: number }, Row[], string>, looksUp: (owners: number) => boolean) {
  return (year: number, { key, ids }: Owners): Promise<Row[]> =>
    loader.load({ params: ids && looksUp(ids.length) ? { key: key ?? ids.join(','), ids } : EVERY_OWNER, year });
}

/**
 * Every owner's rows of the sources, by source and year, as read at a data version: the tasks and
 * requests that read at that version share them. A whole country's first read is computed in many tasks
 * of the analytics thread (a task per batch of the overview's fields), each with facts of its own, and
 * each read a country's models again: 13 reads, 11 s of statements, in one first overview. Kept for the last version
 * read only; the version is read before the rows, so the rows are never older than the version they
 * are kept under.
 */
const everyOwnersRows = new WeakMap<Database, { version: number; rows: Map<string, Promise<unknown[]>> }>();

/** Every owner's rows of the source in the years, from those kept at the version or read (the years not kept, in one call). */
async function everyOwners<Row extends { year: number }>(
  db: Database,
  version: number,
  source: string,
  years: number[],
  fetch: (years: number[]) => Promise<Row[]>,
): Promise<Row[]> {
  let kept = everyOwnersRows.get(db);
  if (kept?.version !== version) {
    if (kept && kept.version > version) return fetch(years);
    kept = { version, rows: new Map() };
    everyOwnersRows.set(db, kept);
  }
  const rows = kept.rows;
  const missing = years.filter((year) => !rows.has(`${source}@${year}`));
  if (missing.length) {
    const reading = fetch(missing);
    // A failed read is not kept.
    reading.catch(() => {
      for (const year of missing) rows.delete(`${source}@${year}`);
    });
    for (const year of missing)
      rows.set(
        `${source}@${year}`,
        reading.then((read) => read.filter((row) => row.year === year)),
      );
  }
  return (await Promise.all(years.map((year) => rows.get(`${source}@${year}`) as Promise<Row[]>))).flat();
}

/**
 * `read`: the request's read of the data versions, shared with the response cache (src/server/requests.ts).
 * `ownersLookedUp`: tests lower it to hold the two ways of reading facts to the same rows.
 */
export function createFacts(db: Database, read: () => Promise<DataVersions> = () => dataVersions(db), { ownersLookedUp = OWNERS_LOOKED_UP } = {}) {
  const versions = once(read);
  const tree = once(async () => treeAt(db, (await versions()).treeVersion));
  const turns = new Turns();
  const looksUp = (owners: number) => owners <= ownersLookedUp;
  // The version every owner's rows are kept under: read afresh, since the thread's facts know no version.
  const current = once(async () => (await dataVersions(db)).version);
  /** A source's loader: the owners' rows looked up, or every owner's, shared at the version. */
  const source = <Row extends { year: number }>(name: string, fetch: (years: number[], owners?: number[]) => Promise<Row[]>) =>
    owned(
      byYear(turns, async (owners: Read, years) => (owners.ids ? fetch(years, owners.ids) : everyOwners(db, await current(), name, years, fetch))),
      looksUp,
    );
  const models = source('models', (years, owners) => modelFacts(db, years, owners));
  const plans = source('plans', (years, owners) => unitsWithRecord(db, 'Plan', years, owners));
  const ruralStatuses = source('rural statuses', (years, owners) => unitsWithRecord(db, 'NewRuralStatus', years, owners));
  const surveys = source('surveys', (years, owners) => surveySums(db, years, owners));
  return {
    db,
    /** The request's work on the request thread, which its fields and loaders do in turns (src/turns.ts). */
    turns,
    /** Whether the facts of so many owners are looked up by owner (else every owner's are read). */
    looksUp,
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
    /** The year's active models (one `ModelFacts`, ./sql/model-facts.ts). */
    models: async (year: number, owners: Owners) => (await models(year, owners))[0]!,
    plans,
    surveys,
    /** The units with a new-rural status of the year: the year's records of NEW_RURAL_RECOGNISED. */
    ruralStatuses,
  };
}

export type Facts = ReturnType<typeof createFacts>;
