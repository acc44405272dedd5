// Kept tallies (UnitTally): an indicator's numerator and denominator for a unit on a day, the unit's own
// and its whole subtree's, stored so that a dashboard reads a few rows instead of every record.
//
// A row is computed on the first read that needs it and deleted by every write that could change it, in
// the write's own transaction (`forgetTallies` from the audit trail and imports for writes to records;
// `forgetAllTallies` for a tree change or an indicator). What is present is therefore current;
// nothing is rebuilt in batch, and nothing goes stale. Each write also notes what it deleted
// (TallyForgetting), so that a reader that a write overtook stores every row that write did not reach.
//
// The rows of one subtree hold together: when a unit's row is present, so are the rows of every unit below
// it that has units below it, and of every other unit below it whose numbers are not all zero (the zero
// leaves, such as an organisation under an indicator about communes, are left out). A write deletes the
// rows of its unit and of every unit above it, so the rule holds after it, and the next read recomputes
// only that chain: the rows of its siblings are still there to be added up.
import DataLoader from 'dataloader';
import { providerOfDatabase, type Database } from '../db/client.ts';
import { Prisma } from '../generated/sqlite/client.ts';
import { definitionOf, type Definition } from '../indicators/definition.ts';
import { selfTallies } from './coverage.ts';
import { createFacts, type Facts } from './facts.ts';
import { idIn } from './sql/fragments.ts';
import type { TreeUnit, UnitTree } from './unit-tree.ts';

export interface KeptTally {
  unitId: number;
  selfNumerator: number;
  selfDenominator: number;
  numerator: number;
  denominator: number;
}

export interface TallyKey {
  indicator: { id: number; parsed: Definition };
  /** The field the coverage is restricted to; 0 for every field. */
  fieldId: number;
  unitId: number;
  day: Date;
  year: number;
}

/** The day as stored: YYYYMMDD. */
export function dayNumber(day: Date): number {
  return day.getUTCFullYear() * 10_000 + (day.getUTCMonth() + 1) * 100 + day.getUTCDate();
}

/** Keys that share an indicator, field and day: one subtree walk and one roll-up serve them all. */
interface Slice {
  key: Omit<TallyKey, 'unitId'>;
  /** The units whose rows were asked. */
  asked: Set<number>;
  /** Rows known, present or computed, by unit. */
  rows: Map<number, KeptTally>;
  /** Units to compute, top-down. */
  computing: TreeUnit[];
}

/** As `readRows` rebuilds it from a stored row. */
const sliceId = (key: Omit<TallyKey, 'unitId'>) => `${key.indicator.id}/${key.fieldId}/${dayNumber(key.day)}`;

const loaders = new WeakMap<Facts, DataLoader<TallyKey, KeptTally, string>>();

/**
 * The kept tally for a key, on the request's facts. The keys asked in one tick are read in one statement,
 * and the missing ones computed together, level by level down the tree, then stored. A request answers
 * from the rows it read or computed, stored or not: they count the facts it read.
 */
export function keptTally(facts: Facts, key: TallyKey): Promise<KeptTally> {
  let loader = loaders.get(facts);
  if (!loader) loaders.set(facts, (loader = tallyLoader(facts)));
  return loader.load(key);
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
        const rows = ours.length ? await computeKeys(facts, ours, startVersion) : [];
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
    { cacheKeyFn: (key) => `${sliceId(key)}/${key.unitId}` },
  );
}

/**
 * The rows of the keys: read, or computed level by level down the tree and stored. Answers them in the
 * keys' order.
 */
async function computeKeys(facts: Facts, keys: TallyKey[], startVersion: number): Promise<KeptTally[]> {
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
    if (depth === 0) empty = await slicesWithoutRows(db, [...slices.values()].filter((slice) => level.get(sliceId(slice.key))!.some((unitId) => !slice.rows.has(unitId))));
    const next = new Map<string, number[]>();
    for (const [id, units] of level) {
      const slice = slices.get(id)!;
      const absent = [...new Set(units)].filter((unitId) => !slice.rows.has(unitId));
      for (const unitId of absent) slice.computing.push(tree.unit(unitId));
      next.set(id, absent.flatMap((unitId) => tree.children(unitId, slice.key.day).map((child) => child.id)));
    }
    level = next;
  }
  const answers = new Map<Slice, Map<number, KeptTally>>();
  // One slice at a time, let go once its rows are stored: a whole country's first read computes
  // millions. The rows are stored together, in transactions of up to STORE_BATCH rows.
  let pending: Stored[] = [];
  let stored = 0;
  const flush = async () => {
    if (pending.length) stored += await store(db, tree, pending, startVersion);
    pending = [];
  };
  for (const [id, slice] of slices) {
    if (slice.computing.length) {
      for (const row of await computeRows(facts, tree, slice)) {
        if (row.numerator || row.denominator || slice.asked.has(row.unitId) || tree.children(row.unitId, slice.key.day).length > 0) pending.push({ key: slice.key, row });
      }
      if (pending.length >= STORE_BATCH) await flush();
    }
    answers.set(slice, new Map([...slice.asked].map((unitId) => [unitId, slice.rows.get(unitId)!])));
    slices.delete(id);
    slice.rows.clear();
  }
  await flush();
  // PostgreSQL plans by statistics that autovacuum renews only later: after a bulk load it would read a
  // whole day's slice for a few units' rows (the docs advise ANALYZE after one).
  if (stored >= STORE_BATCH && providerOfDatabase(db) === 'postgresql') await db.$executeRaw`ANALYZE "UnitTally"`;
  return keys.map((key, index) => answers.get(keySlices[index]!)!.get(key.unitId)!);
}

/** The rows of the units a slice computes, from their own facts and the rows of their children. */
async function computeRows(facts: Facts, tree: UnitTree, slice: Slice): Promise<KeptTally[]> {
  const { key } = slice;
  const own = await selfTallies(facts, key.indicator.parsed, key.year, key.day, key.fieldId || undefined, slice.computing);
  const rows: KeptTally[] = [];
  // Bottom-up: a unit's children were found after it, so they are added up before it.
  for (const unit of [...slice.computing].reverse()) {
    const self = own.get(unit.id) ?? { numerator: 0, denominator: 0 };
    const row: KeptTally = { unitId: unit.id, selfNumerator: self.numerator, selfDenominator: self.denominator, ...self };
    for (const child of tree.children(unit.id, key.day)) {
      const below = slice.rows.get(child.id)!;
      row.numerator += below.numerator;
      row.denominator += below.denominator;
    }
    slice.rows.set(unit.id, row);
    rows.push(row);
  }
  return rows;
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
const READ_CHUNK = 20_000;

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
    return Array.from({ length: Math.ceil(ids.length / READ_CHUNK) }, (_, index) => ({ ...group, ids: ids.slice(index * READ_CHUNK, (index + 1) * READ_CHUNK) }));
  });
  for (let batch: typeof parts = []; parts.length || batch.length; ) {
    const next = parts[0];
    if (next && batch.reduce((sum, part) => sum + part.ids.length, 0) + next.ids.length <= READ_CHUNK) {
      batch.push(parts.shift()!);
      continue;
    }
    const rows = await db.unitTally.findMany({
      where: { OR: batch.map(({ fieldId, day, indicatorIds, ids }) => ({ fieldId, day, indicatorId: { in: [...indicatorIds] }, unitId: { in: ids } })) },
      select: { indicatorId: true, fieldId: true, day: true, unitId: true, selfNumerator: true, selfDenominator: true, numerator: true, denominator: true },
    });
    for (const { indicatorId, fieldId, day, ...row } of rows) slices.get(`${indicatorId}/${fieldId}/${day}`)?.rows.set(row.unitId, row);
    batch = [];
  }
}

/** Rows per INSERT: nine parameters each, under SQLite's 32,766. */
const INSERT_CHUNK = 3_000;
/** Rows per storing transaction. */
const STORE_BATCH = 100_000;

interface Stored {
  key: Slice['key'];
  row: KeptTally;
}

/**
 * Stores computed rows, but those that a write after `startVersion` deleted (their facts may be older than
 * that write), and answers how many. On PostgreSQL the counter's row is read with a shared lock (FOR
 * SHARE), which a write's raise of the counter needs alone: every write up to the version read has then
 * committed its note of what it deleted, a write starting now waits for these rows to land (and then
 * deletes the ones it concerns), and readers storing rows do not wait for each other. On SQLite the
 * transaction holds the write lock from its start.
 */
async function store(db: Database, tree: UnitTree, rows: Stored[], startVersion: number): Promise<number> {
  const postgres = providerOfDatabase(db) === 'postgresql';
  return db.$transaction(
    async (tx) => {
      // SQLite: the write lock first (a write that changes nothing), waiting for another process's write.
      // A read first would pin a snapshot that a later write of theirs makes impossible to write from.
      if (!postgres) await tx.$executeRaw`UPDATE "DataVersion" SET "version" = "version" WHERE "id" = 1`;
      // SKIP LOCKED: with a write in progress, its note is not readable yet, and the rows are not stored (the
      // next read computes them). Not waiting for it keeps readers from queueing behind a long write (an
      // import), and a queue of readers from holding every pooled connection.
      const [current] = await tx.$queryRaw<{ version: number }[]>`SELECT "version" FROM "DataVersion" WHERE "id" = 1 ${postgres ? Prisma.sql`FOR SHARE SKIP LOCKED` : Prisma.empty}`;
      if (!current) return 0;
      const reached = current.version === startVersion ? () => false : await reachedSince(tx, startVersion, current.version);
      const kept = rows.filter((stored) => !reached(stored));
      for (let start = 0; start < kept.length; start += INSERT_CHUNK) {
        const values = kept.slice(start, start + INSERT_CHUNK).map(({ key, row }) => {
          const code = tree.unit(row.unitId).code;
          return Prisma.sql`(${key.indicator.id}, ${key.fieldId}, ${row.unitId}, ${dayNumber(key.day)}, ${code}, ${row.selfNumerator}, ${row.selfDenominator}, ${row.numerator}, ${row.denominator})`;
        });
        await tx.$executeRaw`
          INSERT INTO "UnitTally" ("indicatorId", "fieldId", "unitId", "day", "code", "selfNumerator", "selfDenominator", "numerator", "denominator")
          VALUES ${Prisma.join(values)} ON CONFLICT DO NOTHING`;
      }
      return kept.length;
    },
    // A batch of a whole country's first read takes a while to write.
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

/** Versions whose notes are kept: a reader overtaken by more writes than this stores nothing. */
const FORGETTING_WINDOW = 10_000;

/**
 * Which rows the writes after `startVersion` (up to `currentVersion`) deleted. A write that deleted a
 * unit's rows deleted those of every unit above it too, so the rows left hold together.
 */
async function reachedSince(tx: Prisma.TransactionClient, startVersion: number, currentVersion: number): Promise<(stored: Stored) => boolean> {
  if (currentVersion - startVersion >= FORGETTING_WINDOW) return () => true;
  const notes = await tx.tallyForgetting.findMany({ where: { version: { gt: startVersion } }, select: { unitId: true, indicatorId: true } });
  if (notes.some((note) => note.unitId === null && note.indicatorId === null)) return () => true;
  const units = new Set(notes.map((note) => note.unitId));
  const indicators = new Set(notes.map((note) => note.indicatorId));
  return ({ key, row }) => units.has(row.unitId) || indicators.has(key.indicator.id);
}

/** Notes what a write deleted, under the version it raised the counter to; drops notes out of the window now and then. */
async function noteForgetting(tx: Prisma.TransactionClient, version: number, deleted: { unitId?: number; indicatorId?: number }[]) {
  await tx.tallyForgetting.createMany({ data: deleted.map((note) => ({ version, ...note })) });
  if (version % 1_000 === 0) await tx.tallyForgetting.deleteMany({ where: { version: { lte: version - FORGETTING_WINDOW } } });
}

/**
 * Deletes, in the writing transaction, the rows a write to records of these units could change: theirs
 * and those of every unit their records ever counted for, on every day; every row when the tree does not
 * know one of them. After `raiseDataVersion`, which orders it against readers storing rows; `version` is
 * the one it raised to.
 */
export async function forgetTallies(tx: Prisma.TransactionClient, version: number, tree: UnitTree, ownerIds: number[]) {
  const units = tree.answeringFor(ownerIds);
  if (!units) return forgetAllTallies(tx, version);
  for (let start = 0; start < units.length; start += INSERT_CHUNK) {
    await tx.unitTally.deleteMany({ where: { unitId: { in: units.slice(start, start + INSERT_CHUNK) } } });
  }
  await noteForgetting(tx, version, units.map((unitId) => ({ unitId })));
}

/**
 * Deletes every row, or an indicator's: after a change to the unit tree (an import of units too), which
 * moves what counts where, or to an indicator. As `forgetTallies`.
 */
export async function forgetAllTallies(tx: Prisma.TransactionClient, version: number, indicatorId?: number) {
  await tx.unitTally.deleteMany({ where: indicatorId === undefined ? {} : { indicatorId } });
  await noteForgetting(tx, version, [indicatorId === undefined ? {} : { indicatorId }]);
}

/** A unit whose own numbers fall short, and by how much (units: 1; models: how many). */
export interface MissingRow {
  unitId: number;
  missing: number;
}

/** Attempts at reading a missing list before it is left to the records: each follows a write. */
const MISSING_ATTEMPTS = 3;

/**
 * The units below the key's unit (or the unit itself) whose own numbers fall short on the day, by code,
 * until they miss `need` in all. The coverage read its row first, but a write may have deleted the rows
 * since: they are computed again, on facts read after that write, and the list read again. Undefined when
 * writes kept overtaking it, or when one changed the indicator's definition: the request then lists from
 * the records, by the definition its numbers counted.
 */
export async function missingRows(facts: Facts, key: TallyKey & { selfOnly: boolean }, need: number): Promise<MissingRow[] | undefined> {
  for (let attempt = 0; attempt < MISSING_ATTEMPTS; attempt++) {
    const rows = await readMissingRows(facts.db, await facts.tree(), key, need);
    if (rows) return rows;
    const later = createFacts(facts.db);
    if (!(await definesAsParsed(later, key.indicator))) return undefined;
    await keptTally(later, key);
  }
  return undefined;
}

/**
 * Whether the indicator's definition, on the facts, is still the one the request parsed. The definition is
 * a fact like the records, but the request parsed it before the facts were read: rows computed on later
 * facts by an older definition would be stored as current, since `store` only leaves out the rows that
 * writes after the facts' version deleted. Read after that version, a save landing later is one of those.
 * Rows are not kept by revision of the definition instead: a save deletes all of its indicator's, so
 * once every row counts by the definition of its facts' version, the rows present are the current
 * definition's, and no read has two to choose from.
 */
async function definesAsParsed(facts: Facts, indicator: TallyKey['indicator']): Promise<boolean> {
  await facts.version();
  const stored = await facts.db.indicator.findUnique({ where: { id: indicator.id }, select: { code: true, definition: true } });
  return stored !== null && JSON.stringify(definitionOf(stored)) === JSON.stringify(indicator.parsed);
}

/**
 * Reads a missing list from the rows, or undefined when the key's own row is absent: then so may be the
 * rows below it. Each statement looks for that row too, so that what it reads is one state of the table.
 */
async function readMissingRows(db: Database, tree: UnitTree, key: TallyKey & { selfOnly: boolean }, need: number): Promise<MissingRow[] | undefined> {
  const within = key.selfOnly ? [key.unitId] : tree.subtree(key.unitId, key.day).map((unit) => unit.id);
  // A subtree is named in the statement; a larger one (a country) is read by code and filtered here.
  const inside = within.length <= READ_CHUNK ? undefined : new Set(within);
  const slice = Prisma.sql`"indicatorId" = ${key.indicator.id} AND "fieldId" = ${key.fieldId} AND "day" = ${dayNumber(key.day)}`;
  // A named subtree is looked up by key and sorted (an expression, so that SQLite does not walk the code
  // index through every other province's rows instead); a whole country is read in code order.
  const order = inside ? Prisma.sql`"code"` : Prisma.sql`"code" || ''`;
  const found: MissingRow[] = [];
  let missing = 0;
  // Models are missing by the unit, so the rows a page needs are not known ahead: batches grow.
  for (let skip = 0, batch = Math.max(need, 100); missing < need; skip += batch, batch *= 4) {
    const rows = await db.$queryRaw<{ unitId: number; selfNumerator: number; selfDenominator: number; code: string }[]>`
      SELECT "unitId", "selfNumerator", "selfDenominator", "code" FROM (
        SELECT "unitId", "selfNumerator", "selfDenominator", "code" FROM "UnitTally"
        WHERE ${slice} AND "selfNumerator" < "selfDenominator" ${inside ? Prisma.empty : Prisma.sql`AND ${idIn(providerOfDatabase(db), Prisma.sql`"unitId"`, within)}`}
        ORDER BY ${order}, "unitId" LIMIT ${batch} OFFSET ${skip}
      ) AS page
      UNION ALL SELECT -1, 0, 0, '' WHERE NOT EXISTS (SELECT 1 FROM "UnitTally" WHERE ${slice} AND "unitId" = ${key.unitId})
      ORDER BY "code", "unitId"`;
    if (rows[0]?.unitId === -1) return undefined;
    for (const row of rows) {
      if (inside && !inside.has(row.unitId)) continue;
      found.push({ unitId: row.unitId, missing: row.selfDenominator - row.selfNumerator });
      missing += row.selfDenominator - row.selfNumerator;
    }
    if (rows.length < batch) break;
  }
  return found;
}
