// Writing millions of rows. Prisma's createMany passes every row object through its query compiler and
// would take most of an hour here; measured on these machines, the fastest paths are, on SQLite, one
// prepared INSERT run row by row inside a transaction on a plain better-sqlite3 connection (3.7 times the
// rows per second of multi-row INSERTs through Prisma's $executeRawUnsafe), and on PostgreSQL one INSERT
// per chunk that unnests a bound array per column, through Prisma (twice the rows per second of
// multi-row VALUES, whose thousands of parameters Prisma maps one by one).
//
// The generator assigns the ids, so rows that point at each other need no round trip. PostgreSQL's id
// sequences then lag behind them: resetIdSequences moves them on, or the app's next insert would collide.
import BetterSqlite3 from 'better-sqlite3';
import { setImmediate } from 'node:timers/promises';
import { sqliteFilePath } from '../../db/adapter.ts';
import type { Database } from '../../db/client.ts';
import { providerOf } from '../../db/datamodel.ts';

/**
 * The columns written per table, with their PostgreSQL types for the arrays the statements bind (SQLite
 * needs none). They follow prisma/schema.prisma; a column missing here stays at its default.
 */
export const TABLES = {
  Unit: {
    id: 'int',
    code: 'text',
    officialCode: 'text',
    name: 'text',
    searchName: 'text',
    kind: '"UnitKind"',
    level: '"UnitLevel"',
    validFrom: 'timestamp(3)',
    validTo: 'timestamp(3)',
    note: 'text',
  },
  UnitParent: { id: 'int', unitId: 'int', parentId: 'int', validFrom: 'timestamp(3)', validTo: 'timestamp(3)' },
  UnitLineage: {
    id: 'int',
    predecessorId: 'int',
    successorId: 'int',
    effectiveDate: 'timestamp(3)',
    kind: '"LineageKind"',
    resolution: 'text',
    sourceUrl: 'text',
  },
  Field: { id: 'int', code: 'text', nameVi: 'text', nameEn: 'text', firstYear: 'int', lastYear: 'int', sortOrder: 'int' },
  Model: {
    id: 'int',
    registrationKey: 'text',
    kind: '"ModelKind"',
    holder: '"HolderKind"',
    title: 'text',
    unitId: 'int',
    fieldId: 'int',
    startYear: 'int',
    endYear: 'int',
    origin: '"RecordOrigin"',
  },
  Evaluation: { id: 'int', modelId: 'int', year: 'int', rating: '"EvaluationRating"', recommendedForReplication: 'boolean', evaluatorUnitId: 'int' },
  Award: {
    id: 'int',
    modelId: 'int',
    year: 'int',
    level: '"AwardLevel"',
    title: 'text',
    decisionNumber: 'text',
    decisionDate: 'timestamp(3)',
    grantorUnitId: 'int',
  },
  Plan: { id: 'int', unitId: 'int', year: 'int', documentNumber: 'text', issuedOn: 'timestamp(3)' },
  SatisfactionSurvey: { id: 'int', unitId: 'int', year: 'int', respondents: 'int', satisfied: 'int' },
  NewRuralStatus: { id: 'int', unitId: 'int', year: 'int', criteriaMet: 'int', recognisedOn: 'timestamp(3)' },
} as const;

export type Table = keyof typeof TABLES;

export type Cell = string | number | boolean | Date | null;

export type Row<T extends Table> = { [Column in keyof (typeof TABLES)[T]]: Cell };

/** Rows per transaction (SQLite) or statement (PostgreSQL): larger chunks measured no faster. */
const ROWS_PER_WRITE = 10_000;

/** A writer as other writers see it: one whose rows must be in the database before theirs. */
export interface Flushable {
  readonly table: Table;
  /** Rows given to the writer so far, and rows in the database. */
  readonly added: number;
  readonly written: number;
  settle(): Promise<void>;
}

/**
 * Buffers one table's rows and writes them a chunk at a time, handing out the table's ids in order. A
 * chunk is written while the generator goes on (one chunk in flight per table): on PostgreSQL the server
 * inserts while this process computes the next rows.
 */
export class TableWriter<T extends Table> implements Flushable {
  private pending: Row<T>[] = [];
  private writing: Promise<void> = Promise.resolve();
  private lastId = 0;
  added = 0;
  written = 0;

  constructor(
    readonly table: T,
    private readonly write: (rows: Row<T>[]) => Promise<void>,
    /** The writers of the rows these rows point at: settled first, so that every foreign key holds. */
    private readonly pointsAt: readonly Flushable[],
  ) {}

  nextId(): number {
    return ++this.lastId;
  }

  async add(row: Row<T>): Promise<void> {
    this.pending.push(row);
    this.added += 1;
    if (this.pending.length >= ROWS_PER_WRITE) await this.flush();
  }

  /** Starts writing the rows waiting, once the previous chunk is written. */
  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    for (const writer of this.pointsAt) await writer.settle();
    await this.writing;
    const rows = this.pending;
    this.pending = [];
    this.writing = this.write(rows).then(() => {
      this.written += rows.length;
    });
    // A failure surfaces at the next flush or settle; until then it is not an unhandled rejection.
    this.writing.catch(() => {});
  }

  /** Writes every row waiting and returns once they are in the database. */
  async settle(): Promise<void> {
    await this.flush();
    await this.writing;
  }
}

export interface BulkTarget {
  writer<T extends Table>(table: T, pointsAt?: readonly Flushable[]): TableWriter<T>;
  close(): void;
}

function quoted(columns: string[]): string {
  return columns.map((column) => `"${column}"`).join(', ');
}

function sqliteTarget(databaseUrl: string): BulkTarget {
  const connection = new BetterSqlite3(sqliteFilePath(databaseUrl));
  connection.pragma('foreign_keys = ON');
  return {
    writer<T extends Table>(table: T, pointsAt: readonly Flushable[] = []) {
      const columns = Object.keys(TABLES[table]) as (keyof Row<T>)[];
      const insert = connection.prepare(`INSERT INTO "${table}" (${quoted(columns as string[])}) VALUES (${columns.map(() => '?').join(', ')})`);
      const insertAll = connection.transaction((rows: Row<T>[]) => {
        for (const row of rows) insert.run(columns.map((column) => sqliteValue(row[column])));
      });
      return new TableWriter(
        table,
        async (rows) => {
          insertAll(rows);
          // better-sqlite3 is synchronous: without a turn of the event loop, no timer (the progress bar) would run until the end.
          await setImmediate();
        },
        pointsAt,
      );
    },
    close: () => connection.close(),
  };
}

/** Values as Prisma's SQLite adapter stores them, so that the app reads and compares them alike. */
function sqliteValue(cell: Cell): string | number | null {
  if (cell instanceof Date) return cell.toISOString().replace('Z', '+00:00');
  if (typeof cell === 'boolean') return cell ? 1 : 0;
  return cell;
}

function postgresTarget(db: Database): BulkTarget {
  return {
    writer<T extends Table>(table: T, pointsAt: readonly Flushable[] = []) {
      const columns = Object.entries(TABLES[table]) as [keyof Row<T>, string][];
      const arrays = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
      const sql = `INSERT INTO "${table}" (${quoted(columns.map(([column]) => column as string))}) SELECT * FROM unnest(${arrays})`;
      return new TableWriter(
        table,
        async (rows) => {
          // Dates go as ISO text: the driver would render a Date inside an array in the machine's time zone.
          await db.$executeRawUnsafe(
            sql,
            ...columns.map(([column]) => rows.map((row) => (row[column] instanceof Date ? (row[column] as Date).toISOString() : row[column]))),
          );
        },
        pointsAt,
      );
    },
    close: () => {},
  };
}

/** A target on the database of `databaseUrl`; `db` is the app's client on the same database. */
export function bulkTarget(databaseUrl: string, db: Database): BulkTarget {
  return providerOf(databaseUrl) === 'sqlite' ? sqliteTarget(databaseUrl) : postgresTarget(db);
}

/**
 * After a bulk write on PostgreSQL: moves each table's id sequence past the ids the generator assigned
 * (the serial columns would otherwise hand 1 to the app's next insert; SQLite's AUTOINCREMENT follows the
 * largest id by itself), and gathers the planner's statistics now rather than whenever autovacuum runs.
 */
export async function finishBulkWrite(databaseUrl: string, db: Database, tables: readonly Table[]): Promise<void> {
  if (providerOf(databaseUrl) !== 'postgresql') return;
  for (const table of tables) {
    await db.$queryRawUnsafe(`SELECT setval(pg_get_serial_sequence('"${table}"', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM "${table}"`);
  }
  await db.$executeRawUnsafe(`ANALYZE ${tables.map((table) => `"${table}"`).join(', ')}`);
}
