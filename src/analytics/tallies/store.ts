// Storing computed rows, but those a write that overtook their reader deleted: it leaves a note of what it
// deleted (./forget.ts), and the rows it reached may count facts from before it. The analytics thread
// hands its rows to a storing thread of its own, with its own connection, and computes the next rows
// meanwhile: on SQLite a statement holds its thread until done, and storing was a fifth of a whole
// country's first read (7.8 of 36 s of its profile).
import { lockedOut, providerOfDatabase, type Database } from '../../db/client.ts';
import { Prisma } from '../../generated/sqlite/client.ts';
import { onThread, type ThreadKind } from '../../threads.ts';
import type { UnitTree } from '../../units/unit-tree.ts';
import { dayNumber, type KeptTally, type Slice } from './rows.ts';

/** Rows per INSERT of notes: a few parameters each, under SQLite's 32,766. */
export const INSERT_CHUNK = 3_000;
/** Rows per INSERT of kept rows, bound as one parameter per column (or one in all): see `unnested`. */
const STORE_CHUNK = 20_000;

type Columns = readonly (readonly [number, number, number, number, string, number, number, number, number, number, number])[];

/**
 * Rows as PostgreSQL arrays, one per column. Bound a parameter per value, Prisma spent more time building
 * a whole country's 2.4 million rows into statements than the database took to store them.
 */
function unnested(rows: Columns): Prisma.Sql {
  const column = (index: number) => rows.map((row) => row[index]);
  return Prisma.sql`SELECT * FROM unnest(CAST(${column(0)} AS INTEGER[]), CAST(${column(1)} AS INTEGER[]), CAST(${column(2)} AS INTEGER[]),
    CAST(${column(3)} AS INTEGER[]), CAST(${column(4)} AS TEXT[]), CAST(${column(5)} AS INTEGER[]), CAST(${column(6)} AS INTEGER[]),
    CAST(${column(7)} AS INTEGER[]), CAST(${column(8)} AS INTEGER[]), CAST(${column(9)} AS INTEGER[]), CAST(${column(10)} AS INTEGER[]))`;
}

/** Rows as one JSON array on SQLite (`WHERE true`: SQLite's grammar wants it before ON CONFLICT). */
function fromJson(rows: Columns): Prisma.Sql {
  return Prisma.sql`SELECT value->>0, value->>1, value->>2, value->>3, value->>4, value->>5, value->>6, value->>7, value->>8, value->>9, value->>10
    FROM json_each(${JSON.stringify(rows)}) WHERE true`;
}
/** Rows per storing transaction. */
export const STORE_BATCH = 100_000;

export interface Stored {
  key: Slice['key'];
  row: KeptTally;
}

/**
 * Rows as they cross to the storing thread: the numbers of each (indicator, field, unit, day, its own
 * numerator and denominator, its subtree's, its own records and its subtree's) and its unit's code.
 */
export interface Packed {
  numbers: Float64Array;
  codes: string[];
}
const NUMBERS = 10;

/**
 * Packs rows in the order of their units: the index by unit (and the key's unit part) then take them in
 * runs rather than at random places of a million-row index (a country's first read stored in 7.8 s of
 * its profile instead of 11.2).
 */
export function pack(tree: UnitTree, rows: Stored[]): Packed {
  const sorted = [...rows].sort((a, b) => a.row.unitId - b.row.unitId);
  const numbers = new Float64Array(sorted.length * NUMBERS);
  for (const [index, { key, row }] of sorted.entries())
    numbers.set(
      [
        key.indicator.id,
        key.fieldId,
        row.unitId,
        dayNumber(key.day),
        row.selfNumerator,
        row.selfDenominator,
        row.numerator,
        row.denominator,
        row.selfRecords,
        row.records,
      ],
      index * NUMBERS,
    );
  return { numbers, codes: sorted.map(({ row }) => tree.unit(row.unitId).code) };
}

/** What the storing thread has done since the process started. */
export const storingFigures = { started: 0, tasks: 0, failed: 0, running: 0 };

const STORING: ThreadKind = { name: 'storing', entry: new URL('./store-entry.ts', import.meta.url), figures: storingFigures, fromThreads: true };

/**
 * Stores rows (as `store`) on the client's storing thread; here when they are fewer than `threadFrom`
 * (starting the thread, a second or two, costs more than a few thousand rows take) or the client has
 * no such thread.
 */
export function storeElsewhere(db: Database, rows: Packed, startVersion: number, threadFrom = STORE_BATCH): Promise<number> {
  const onStoringThread = rows.codes.length >= threadFrom ? (onThread(db, STORING, { rows, startVersion }) as Promise<number> | undefined) : undefined;
  return onStoringThread ?? store(db, rows, startVersion);
}

/**
 * Stores rows, but those that a write after `startVersion` deleted (their facts may be older than
 * that write), and answers how many. On PostgreSQL the counter's row is read with a shared lock (FOR
 * SHARE), which a write's raise of the counter needs alone: every write up to the version read has then
 * committed its note of what it deleted, a write starting now waits for these rows to land (and then
 * deletes the ones it concerns), and readers storing rows do not wait for each other. On SQLite the
 * transaction holds the write lock from its start.
 */
export async function store(db: Database, rows: Packed, startVersion: number): Promise<number> {
  const postgres = providerOfDatabase(db) === 'postgresql';
  return storing(db, rows, startVersion, postgres).catch((error: unknown) => {
    // SQLite: another connection kept the write lock past the busy timeout (a long import). As with a
    // write in progress on PostgreSQL, the rows are not stored, and the next read computes them.
    if (!postgres && lockedOut(error)) return 0;
    throw error;
  });
}

function storing(db: Database, { numbers, codes }: Packed, startVersion: number, postgres: boolean): Promise<number> {
  return db.$transaction(
    async (tx) => {
      // SQLite: the write lock first (a write that changes nothing), waiting for another process's write.
      // A read first would pin a snapshot that a later write of theirs makes impossible to write from.
      if (!postgres) await tx.$executeRaw`UPDATE "DataVersion" SET "version" = "version" WHERE "id" = 1`;
      // SKIP LOCKED: with a write in progress, its note is not readable yet, and the rows are not stored (the
      // next read computes them). Not waiting for it keeps readers from queueing behind a long write (an
      // import), and a queue of readers from holding every pooled connection.
      const [current] = await tx.$queryRaw<
        { version: number }[]
      >`SELECT "version" FROM "DataVersion" WHERE "id" = 1 ${postgres ? Prisma.sql`FOR SHARE SKIP LOCKED` : Prisma.empty}`;
      if (!current) return 0;
      const reached = current.version === startVersion ? () => false : await reachedSince(tx, startVersion, current.version);
      const kept: Columns[number][] = [];
      for (let index = 0; index < codes.length; index++) {
        const [indicatorId, fieldId, unitId, day, selfNumerator, selfDenominator, numerator, denominator, selfRecords, records] = numbers.subarray(
          index * NUMBERS,
          (index + 1) * NUMBERS,
        );
        if (!reached(unitId!, indicatorId!))
          kept.push([indicatorId!, fieldId!, unitId!, day!, codes[index]!, selfNumerator!, selfDenominator!, numerator!, denominator!, selfRecords!, records!]);
      }
      for (let start = 0; start < kept.length; start += STORE_CHUNK) {
        const columns = kept.slice(start, start + STORE_CHUNK);
        await tx.$executeRaw`
          INSERT INTO "UnitTally" ("indicatorId", "fieldId", "unitId", "day", "code", "selfNumerator", "selfDenominator", "numerator", "denominator", "selfRecords", "records")
          ${postgres ? unnested(columns) : fromJson(columns)} ON CONFLICT DO NOTHING`;
      }
      return kept.length;
    },
    // A batch of a whole country's first read takes a while to write.
    { timeout: 30 * 60_000, maxWait: 60_000 },
  );
}

/** Versions whose notes are kept: a reader overtaken by more writes than this stores nothing. */
export const FORGETTING_WINDOW = 10_000;

/**
 * Which rows the writes after `startVersion` (up to `currentVersion`) deleted. A write that deleted a
 * unit's rows deleted those of every unit above it too, so the rows left hold together.
 */
async function reachedSince(
  tx: Prisma.TransactionClient,
  startVersion: number,
  currentVersion: number,
): Promise<(unitId: number, indicatorId: number) => boolean> {
  if (currentVersion - startVersion >= FORGETTING_WINDOW) return () => true;
  const notes = await tx.tallyForgetting.findMany({ where: { version: { gt: startVersion } }, select: { unitId: true, indicatorId: true } });
  if (notes.some((note) => note.unitId === null && note.indicatorId === null)) return () => true;
  const units = new Set(notes.map((note) => note.unitId));
  const indicators = new Set(notes.map((note) => note.indicatorId));
  return (unitId, indicatorId) => units.has(unitId) || indicators.has(indicatorId);
}
