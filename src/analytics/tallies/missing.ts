// Missing lists from the kept rows: the units whose own numbers fall short, by code, read a page at a
// time, and read again after a write that deleted the rows since the coverage was read.
import DataLoader from 'dataloader';
import { providerOfDatabase, type Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { definitionOf } from '../../indicators/definition.ts';
import { createFacts, type Facts } from '../facts.ts';
import { getOrMake } from '../../lib/maps.ts';
import { integerRows } from '../sql/fragments.ts';
import type { UnitTree } from '../../units/unit-tree.ts';
import { keptTally, READ_CHUNK } from './read.ts';
import { dayNumber, type TallyKey } from './rows.ts';

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
export async function missingRows(facts: Facts, key: MissingKey, need: number): Promise<MissingRow[] | undefined> {
  for (let attempt = 0; attempt < MISSING_ATTEMPTS; attempt++) {
    const rows = await readMissingRows(facts, key, need);
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

type MissingKey = TallyKey & { selfOnly: boolean };

/** A key's missing list as it is read: which rows it takes, and in which order. */
interface Reading {
  key: MissingKey;
  need: number;
  /** Read by code and each row placed by its parents (a whole country, or a subtree too large to name). */
  inside: boolean;
  /** The units named in the statement, unless `inside`. */
  within: number[];
}

function readingOf(tree: UnitTree, key: MissingKey, need: number): Reading {
  // A subtree's units are named in the statement; the country's (a unit without a parent on the day), or
  // another too large to name, is read by code and each row read is placed by its parents. Walked after a tree change
  // or built into a set for each list, the country's 76,000 units held the request thread 80 ms, then 10.
  const root = !key.selfOnly && tree.existsOn(key.unitId, key.day) && tree.ancestors(key.unitId, key.day).length === 0;
  const within = key.selfOnly ? [tree.unit(key.unitId)] : root ? [] : tree.subtree(key.unitId, key.day);
  const inside = root || within.length > READ_CHUNK;
  return { key, need, inside, within: inside ? [] : within.map((unit) => unit.id) };
}

type ShortRow = { unitId: number; selfNumerator: number; selfDenominator: number; code: string };

/** A list's rows as its members miss: each row counts its unit's shortfall. */
const missingOf = (row: ShortRow): MissingRow => ({ unitId: row.unitId, missing: row.selfDenominator - row.selfNumerator });

/** Models are missing by the unit, so the rows a page needs are not known ahead: batches grow. */
const firstBatch = (reading: Reading) => Math.max(reading.need, 100);

/**
 * A list read by code (a whole country, or a subtree too large to name), page by page while its units miss
 * fewer than it needs, each row read placed by its parents. Each page looks for the key's own row too, so
 * that what it reads is one state of the table: a row of unit -1 says it is absent.
 */
async function readByCode(db: Database, tree: UnitTree, reading: Reading): Promise<MissingRow[] | undefined> {
  const { key, need } = reading;
  const slice = Prisma.sql`"indicatorId" = ${key.indicator.id} AND "fieldId" = ${key.fieldId} AND "day" = ${dayNumber(key.day)}`;
  const found: MissingRow[] = [];
  let missing = 0;
  for (let skip = 0, batch = firstBatch(reading); missing < need; skip += batch, batch *= 4) {
    const rows = await db.$queryRaw<ShortRow[]>`
      SELECT "unitId", "selfNumerator", "selfDenominator", "code" FROM (
        SELECT "unitId", "selfNumerator", "selfDenominator", "code" FROM "UnitTally"
        WHERE ${slice} AND "selfNumerator" < "selfDenominator"
        ORDER BY "code", "unitId" LIMIT ${batch} OFFSET ${skip}
      ) AS page
      UNION ALL SELECT -1, 0, 0, '' WHERE NOT EXISTS (SELECT 1 FROM "UnitTally" WHERE ${slice} AND "unitId" = ${key.unitId})
      ORDER BY "code", "unitId"`;
    if (rows[0]?.unitId === -1) return undefined;
    for (const row of rows) {
      if (!tree.isWithin(row.unitId, key.unitId, key.day)) continue;
      found.push(missingOf(row));
      missing += found.at(-1)!.missing;
    }
    if (rows.length < batch) break;
  }
  return found;
}

/** Rows of (list, slice, unit) as a table, for the statement of readNamed. */
function keyedUnits(db: Database, rows: [place: number, key: MissingKey, unitId: number][]): Prisma.Sql {
  return integerRows(
    providerOfDatabase(db),
    ['place', 'indicatorId', 'fieldId', 'day', 'unitId'],
    rows.map(([place, key, unitId]) => [place, key.indicator.id, key.fieldId, dayNumber(key.day), unitId]),
  );
}

type RankedRow = ShortRow & { place: number | bigint; rank: number | bigint };

/**
 * Lists of named subtrees, in one statement: each list's short rows ranked by code, as SQL compares text,
 * and a row of unit -1 for each list whose key's own row is absent. One statement is one state of the table.
 */
async function readNamed(db: Database, readings: Reading[]): Promise<(MissingRow[] | undefined)[]> {
  const members = keyedUnits(
    db,
    readings.flatMap((reading, place) => reading.within.map((unitId) => [place, reading.key, unitId] as [number, MissingKey, number])),
  );
  const owners = keyedUnits(
    db,
    readings.map((reading, place) => [place, reading.key, reading.key.unitId]),
  );
  const same = (table: string) =>
    Prisma.raw(`t."indicatorId" = ${table}."indicatorId" AND t."fieldId" = ${table}."fieldId" AND t."day" = ${table}."day" AND t."unitId" = ${table}."unitId"`);
  const rows = await db.$queryRaw<RankedRow[]>`
    SELECT "place", "rank", "unitId", "selfNumerator", "selfDenominator", "code" FROM (
      SELECT m."place", t."unitId", t."selfNumerator", t."selfDenominator", t."code",
        CAST(ROW_NUMBER() OVER (PARTITION BY m."place" ORDER BY t."code", t."unitId") AS INTEGER) AS "rank"
      FROM ${members} AS m JOIN "UnitTally" t ON ${same('m')}
      WHERE t."selfNumerator" < t."selfDenominator"
    ) AS ranked WHERE "rank" <= ${Math.max(...readings.map(firstBatch))}
    UNION ALL SELECT o."place", 0, -1, 0, 0, '' FROM ${owners} AS o WHERE NOT EXISTS (SELECT 1 FROM "UnitTally" t WHERE ${same('o')})
    ORDER BY "place", "code", "unitId"`;
  // SQLite answers a column it computed as a bigint.
  const lists = readings.map((): MissingRow[] | undefined => []);
  for (const row of rows) {
    const place = Number(row.place);
    if (row.unitId === -1) lists[place] = undefined;
    else if (Number(row.rank) <= firstBatch(readings[place]!)) lists[place]?.push(missingOf(row));
  }
  return lists;
}

/**
 * Missing lists from the rows, each undefined when its key's own row is absent. The lists of named
 * subtrees asked at once (a breakdown's groups, a dashboard's indicators) are read in one statement
 * for up to READ_CHUNK units: a district's children's lists took 282 statements on SQLite and 339 on
 * PostgreSQL, one per group and indicator.
 */
async function readMissingLists(db: Database, tree: UnitTree, asked: readonly { key: MissingKey; need: number }[]) {
  const readings = asked.map(({ key, need }) => readingOf(tree, key, need));
  const lists = new Map<Reading, MissingRow[] | undefined>();
  for (const reading of readings.filter((reading) => reading.inside)) lists.set(reading, await readByCode(db, tree, reading));
  // Named lists in chunks of READ_CHUNK units at most, a statement each.
  const chunks: Reading[][] = [];
  let units = Number.POSITIVE_INFINITY;
  for (const reading of readings.filter((reading) => !reading.inside)) {
    if (units + reading.within.length > READ_CHUNK) {
      chunks.push([]);
      units = 0;
    }
    chunks.at(-1)!.push(reading);
    units += reading.within.length;
  }
  for (const chunk of chunks) for (const [place, list] of (await readNamed(db, chunk)).entries()) lists.set(chunk[place]!, list);
  return readings.map((reading) => lists.get(reading));
}

const loaders = new WeakMap<Facts, DataLoader<{ key: MissingKey; need: number }, MissingRow[] | undefined>>();

/**
 * A missing list from the rows, or undefined when the key's own row is absent: the lists the request asks
 * in one tick are read together. Not cached: a list read again follows a write.
 */
function readMissingRows(facts: Facts, key: MissingKey, need: number): Promise<MissingRow[] | undefined> {
  const loader = getOrMake(
    loaders,
    facts,
    () =>
      new DataLoader<{ key: MissingKey; need: number }, MissingRow[] | undefined>(async (asked) => readMissingLists(facts.db, await facts.tree(), asked), {
        cache: false,
        batchScheduleFn: facts.turns.batchSchedule,
      }),
  );
  return loader.load({ key, need });
}
