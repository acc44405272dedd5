// Reading kept tallies: the rows a request asks, read in one statement, and those missing computed
// together, level by level down the tree, then stored; one computation for requests that ask at once.
import DataLoader from 'dataloader';
import { providerOfDatabase, type Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import type { Facts } from '../facts.ts';
import type { TreeUnit, UnitTree } from '../../units/unit-tree.ts';
import { onAnalyticsThread } from '../thread.ts';
import { computeRows } from './compute.ts';
import { dayNumber, type KeptTally, type Slice, type TallyKey } from './rows.ts';
import { pack, STORE_BATCH, storeElsewhere, type Stored } from './store.ts';
import { getOrMake } from '../../lib/maps.ts';

/** As `readRows` rebuilds it from a stored row. */
const sliceId = (key: Omit<TallyKey, 'unitId'>) => `${key.indicator.id}/${key.fieldId}/${dayNumber(key.day)}`;

const loaders = new WeakMap<Facts, DataLoader<TallyKey, KeptTally, string>>();

/**
 * The kept tally for a key, on the request's facts. The keys asked in one tick are read in one statement,
 * and the missing ones computed together, level by level down the tree, then stored. A request answers
 * from the rows it read or computed, stored or not: they count the facts it read.
 */
export function keptTally(facts: Facts, key: TallyKey): Promise<KeptTally> {
  return getOrMake(loaders, facts, () => tallyLoader(facts)).load(key);
}

/**
 * The rows this server is computing, by data version, slice and unit: requests that ask for the same row
 * at once (after a write, every reader of the dashboard) wait for one computation instead of each doing it.
 */
const inFlight = new Map<string, Promise<KeptTally>>();

function tallyLoader(facts: Facts) {
  return new DataLoader<TallyKey, KeptTally, string>(
    async (keys) => {
      // Read before any fact: rows are stored only if no write came since (see `store`).
      const startVersion = await facts.version();
      const flightId = (key: TallyKey) => `${startVersion}/${sliceId(key)}/${key.unitId}`;
      const theirs = new Map(keys.filter((key) => inFlight.has(flightId(key))).map((key) => [key, inFlight.get(flightId(key))!]));
      const ours = keys.filter((key) => !theirs.has(key));
      const settlers = new Map<string, { settle: (row: KeptTally) => void; fail: (error: unknown) => void }>();
      for (const key of ours) {
        const flight = new Promise<KeptTally>((settle, fail) => settlers.set(flightId(key), { settle, fail }));
        flight.catch(() => {}); // its own request reports the failure; waiting ones see it when they await
        inFlight.set(flightId(key), flight);
      }
      const mine = new Map<TallyKey, KeptTally>();
      try {
        // Only what the thread needs crosses to it: the indicator's id and parsed definition.
        const keys = ours.map(({ indicator, fieldId, unitId, day, year }) => ({
          indicator: { id: indicator.id, parsed: indicator.parsed },
          fieldId,
          unitId,
          day,
          year,
        }));
        const task = { kind: 'rows' as const, keys, startVersion, treeVersion: (await facts.tree()).version };
        const rows = ours.length ? await onAnalyticsThread(facts.db, task, () => computeKeys(facts, keys, startVersion)) : [];
        ours.forEach((key, index) => {
          mine.set(key, rows[index]!);
          settlers.get(flightId(key))!.settle(rows[index]!);
        });
      } catch (error) {
        for (const { fail } of settlers.values()) fail(error);
        throw error;
      } finally {
        for (const key of ours) inFlight.delete(flightId(key));
      }
      return Promise.all(keys.map((key) => theirs.get(key) ?? mine.get(key)!));
    },
    { cacheKeyFn: (key) => `${sliceId(key)}/${key.unitId}`, batchScheduleFn: facts.turns.batchSchedule },
  );
}

/**
 * The rows of the keys: read, or computed level by level down the tree and stored. Answers them in the
 * keys' order. Runs on the analytics thread (../thread.ts).
 */
export async function computeKeys(facts: Facts, keys: TallyKey[], startVersion: number): Promise<KeptTally[]> {
  const walked = await walk(facts, keys);
  const computing = [...walked.slices.keys()].filter((id) => walked.slices.get(id)!.computing.length);
  if (!computing.length || providerOfDatabase(facts.db) !== 'postgresql') return finish(facts, walked, startVersion);
  // Several servers on one PostgreSQL compute a slice once: the first takes the slice's lock, the others
  // wait for it, and then walk again, reading the rows it stored instead of computing them.
  return withSliceLocks(facts.db, computing, async () => finish(facts, await walk(facts, keys), startVersion));
}

/**
 * Holds PostgreSQL advisory locks on the slices while `work` runs: transaction-level ones, on a
 * connection of their own, taken in one statement in a fixed order so that two servers never deadlock.
 */
async function withSliceLocks<T>(db: Database, sliceIds: string[], work: () => Promise<T>): Promise<T> {
  // One locking computation at a time in this process: each waiting one would hold a pooled connection
  // in its lock's transaction, and enough of them would leave the holder none to compute with.
  const turn = lockTurns.get(db) ?? Promise.resolve();
  const mine = turn.then(() => lockedWork(db, sliceIds, work));
  lockTurns.set(
    db,
    mine.catch(() => {}),
  );
  return mine;
}

const lockTurns = new WeakMap<Database, Promise<unknown>>();

function lockedWork<T>(db: Database, sliceIds: string[], work: () => Promise<T>): Promise<T> {
  return db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT pg_advisory_xact_lock(${SLICE_LOCKS}, h)::text FROM (SELECT DISTINCT hashtext(id) AS h FROM unnest(${sliceIds}::text[]) AS id ORDER BY h) AS locks`;
      return work();
    },
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

/** The advisory locks' first key: the kept tallies' among the deployment's other uses of them. */
const SLICE_LOCKS = 0x7a11;

interface Walked {
  slices: Map<string, Slice>;
  /** Each key's slice and unit, in the keys' order. */
  keySlices: Slice[];
  unitIds: number[];
}

/** The slices of the keys, with the rows present read and the units without one to compute. */
async function walk(facts: Facts, keys: TallyKey[]): Promise<Walked> {
  const { db } = facts;
  const tree = await facts.tree();
  const slices = new Map<string, Slice>();
  // Each key's slice, named once: a dashboard asks hundreds of keys in about a hundred slices.
  const keySlices = keys.map(({ unitId, ...key }) => {
    const id = sliceId(key);
    const slice = slices.get(id) ?? { key, asked: new Set<number>(), rows: new Map(), computing: [] };
    slice.asked.add(unitId);
    slices.set(id, slice);
    return slice;
  });
  // Walk down from the units asked: a unit without a row is computed, and so are its children without
  // one. Below the first level, slices with no row at all (a first read) are not looked up.
  let level = new Map([...slices].map(([id, slice]) => [id, [...slice.asked]]));
  let empty = new Set<string>();
  for (let depth = 0; [...level.values()].some((units) => units.length); depth++) {
    await readRows(db, slices, new Map([...level].filter(([id]) => !empty.has(id))));
    if (depth === 0)
      empty = await slicesWithoutRows(
        db,
        [...slices.values()].filter((slice) => level.get(sliceId(slice.key))!.some((unitId) => !slice.rows.has(unitId))),
      );
    const next = new Map<string, number[]>();
    for (const [id, units] of level) {
      const slice = slices.get(id)!;
      const absent = [...new Set(units)].filter((unitId) => !slice.rows.has(unitId));
      for (const unitId of absent) slice.computing.push(tree.unit(unitId));
      next.set(
        id,
        absent.flatMap((unitId) =>
          tree
            .children(unitId, slice.key.day)
            .filter((child) => mayCount(tree, slice, child))
            .map((child) => child.id),
        ),
      );
    }
    level = next;
  }
  return { slices, keySlices, unitIds: keys.map((key) => key.unitId) };
}

/**
 * Whether a unit below those computed may count in the slice. An indicator that counts units of some kinds
 * counts nothing of a unit of another kind with no unit below it (an organisation under a commune, for an
 * indicator of communes): its row would be zeros, which are not stored, and the walk leaves it out. At
 * national scale that is 64,000 of 76,000 units in each slice of such an indicator.
 */
function mayCount(tree: UnitTree, { key }: Slice, unit: TreeUnit): boolean {
  const definition = key.indicator.parsed;
  return !('unitKinds' in definition) || definition.unitKinds.includes(unit.kind as never) || tree.children(unit.id, key.day).length > 0;
}

/** Computes and stores the absent rows of the slices walked, and answers the keys' rows in their order. */
async function finish(facts: Facts, { slices, keySlices, unitIds }: Walked, startVersion: number): Promise<KeptTally[]> {
  const { db } = facts;
  const tree = await facts.tree();
  const answers = new Map<Slice, Map<number, KeptTally>>();
  // One slice at a time, let go once its rows are handed to be stored: a whole country's first read
  // computes millions. The rows are stored together, in transactions of up to STORE_BATCH rows, one batch
  // at a time, while the next is computed (./store.ts); the answer waits for the last.
  let pending: Stored[] = [];
  let stored = 0;
  let storing = Promise.resolve();
  const flush = async () => {
    if (!pending.length) return;
    const rows = pack(tree, pending);
    pending = [];
    await storing;
    storing = storeElsewhere(db, rows, startVersion).then((count) => {
      stored += count;
    });
    storing.catch(() => {}); // reported where it is awaited: the next flush, or the end
  };
  // The days of one indicator and field are computed together: their facts are asked in one tick, and one
  // read of each source serves all their years (../facts.ts); the next indicator finds them read.
  const together = new Map<string, Slice[]>();
  for (const slice of slices.values()) {
    const id = `${slice.key.indicator.id}/${slice.key.fieldId}`;
    together.set(id, [...(together.get(id) ?? []), slice]);
  }
  for (const group of together.values()) {
    const computed = await Promise.all(group.map((slice) => (slice.computing.length ? computeRows(facts, tree, slice) : [])));
    group.forEach((slice, index) => {
      for (const row of computed[index]!) if (kept(tree, slice, row)) pending.push({ key: slice.key, row });
      answers.set(slice, new Map([...slice.asked].map((unitId) => [unitId, slice.rows.get(unitId)!])));
      slice.rows.clear();
    });
    if (pending.length >= STORE_BATCH) await flush();
  }
  await flush();
  await storing;
  // PostgreSQL plans by statistics that autovacuum renews only later: after a bulk load it would read a
  // whole day's slice for a few units' rows (the docs advise ANALYZE after one).
  if (stored >= STORE_BATCH && providerOfDatabase(db) === 'postgresql') await db.$executeRaw`ANALYZE "UnitTally"`;
  return keySlices.map((slice, index) => answers.get(slice)!.get(unitIds[index]!)!);
}

/**
 * Whether a computed row is stored. Those asked are, and those of units with units below them: a parent
 * computed again adds them up. A unit with nothing below it is computed again from its own records when
 * its parent is (a few owners' facts, looked up), so its row is stored only for the missing lists, which
 * read the units falling short from the stored rows: at national scale, 814,000 of 2.4 million rows of a
 * first read are such units' complete ones (zeros included), a third of what storing cost.
 */
function kept(tree: UnitTree, slice: Slice, row: KeptTally): boolean {
  return row.selfNumerator < row.selfDenominator || slice.asked.has(row.unitId) || tree.children(row.unitId, slice.key.day).length > 0;
}

/** The slices, of those given, that hold no row at all: one statement of index probes. */
async function slicesWithoutRows(db: Database, slices: Slice[]): Promise<Set<string>> {
  if (!slices.length) return new Set();
  const probes = slices.map(
    ({ key }) =>
      Prisma.sql`SELECT CAST(${sliceId(key)} AS TEXT) AS slice WHERE NOT EXISTS (SELECT 1 FROM "UnitTally" WHERE "indicatorId" = ${key.indicator.id} AND "fieldId" = ${key.fieldId} AND "day" = ${dayNumber(key.day)})`,
  );
  const rows = await db.$queryRaw<{ slice: string }[]>`${Prisma.join(probes, ' UNION ALL ')}`;
  return new Set(rows.map((row) => row.slice));
}

/** Unit ids per statement when reading rows: under SQLite's 32,766 parameters. */
export const READ_CHUNK = 20_000;

/**
 * Reads the rows present for the units of each slice: one statement, unless a whole country is asked. The
 * slices are asked by field and day (their indicators and units together): a condition per slice, eighty
 * for a dashboard's series, made PostgreSQL's planner read the whole table. Rows of a unit another slice
 * of the group asked for are valid rows too.
 */
async function readRows(db: Database, slices: Map<string, Slice>, units: Map<string, number[]>) {
  const groups = new Map<string, { fieldId: number; day: number; indicatorIds: Set<number>; unitIds: Set<number> }>();
  for (const [id, ids] of units) {
    if (!ids.length) continue;
    const { key } = slices.get(id)!;
    const groupId = `${key.fieldId}/${dayNumber(key.day)}`;
    const group = groups.get(groupId) ?? { fieldId: key.fieldId, day: dayNumber(key.day), indicatorIds: new Set(), unitIds: new Set() };
    group.indicatorIds.add(key.indicator.id);
    for (const unitId of ids) group.unitIds.add(unitId);
    groups.set(groupId, group);
  }
  const parts = [...groups.values()].flatMap(({ unitIds, ...group }) => {
    const ids = [...unitIds];
    return Array.from({ length: Math.ceil(ids.length / READ_CHUNK) }, (_, index) => ({
      ...group,
      ids: ids.slice(index * READ_CHUNK, (index + 1) * READ_CHUNK),
    }));
  });
  for (let batch: typeof parts = []; parts.length || batch.length; ) {
    const next = parts[0];
    if (next && batch.reduce((sum, part) => sum + part.ids.length, 0) + next.ids.length <= READ_CHUNK) {
      batch.push(parts.shift()!);
      continue;
    }
    const rows = await db.unitTally.findMany({
      where: { OR: batch.map(({ fieldId, day, indicatorIds, ids }) => ({ fieldId, day, indicatorId: { in: [...indicatorIds] }, unitId: { in: ids } })) },
      select: {
        indicatorId: true,
        fieldId: true,
        day: true,
        unitId: true,
        selfNumerator: true,
        selfDenominator: true,
        selfRecords: true,
        numerator: true,
        denominator: true,
        records: true,
      },
    });
    for (const { indicatorId, fieldId, day, ...row } of rows) slices.get(`${indicatorId}/${fieldId}/${day}`)?.rows.set(row.unitId, row);
    batch = [];
  }
}
