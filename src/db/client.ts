// One Prisma client per process, over the driver adapter the DATABASE_URL calls for. Both generated
// clients come from the same datamodel; the code is typed against the SQLite one, whose API is the common
// subset (PostgreSQL only adds options such as `mode: 'insensitive'`, which the code does not use).
import { PrismaClient as PostgresClient } from '../generated/postgresql/client.ts';
import { setTimeout as sleep } from 'node:timers/promises';
import { Prisma, PrismaClient as SqliteClient } from '../generated/sqlite/client.ts';
import { adapterFactory } from './adapter.ts';
import { providerOf, type Provider } from './datamodel.ts';

/** The client type the code uses. Query events are on so that tests and benchmarks can count statements. */
export type Database = SqliteClient<'query'>;

const providers = new WeakMap<Database, Provider>();
const urls = new WeakMap<Database, string>();

/**
 * On SQLite, how long a statement waits for another connection's write lock (`busyMs`), and how long a
 * transaction's statement does (`writerBusyMs`): SQLite waits by sleeping the thread that sent the
 * statement, so on the request thread a transaction waits a few milliseconds at a time, and between two
 * tries the event loop turns (see `withWriterConnection`). The analytics thread may sleep.
 */
export function createDatabase(databaseUrl: string, { busyMs, writerBusyMs = WRITER_BUSY_MS }: { busyMs?: number; writerBusyMs?: number } = {}): Database {
  const provider = providerOf(databaseUrl);
  const open = (busy?: number) => {
    const options = { adapter: adapterFactory(databaseUrl, busy), log: [{ emit: 'event' as const, level: 'query' as const }] };
    return provider === 'sqlite' ? new SqliteClient(options) : (new PostgresClient(options) as unknown as Database);
  };
  const db = open(busyMs);
  const writer = provider === 'sqlite' ? open(writerBusyMs) : undefined;
  if (writer) withWriterConnection(db, writer);
  keepQueryListeners(db, writer);
  providers.set(db, provider);
  urls.set(db, databaseUrl);
  return db;
}

/**
 * On SQLite, transactions run on a connection of their own. A better-sqlite3 connection has one
 * transaction at a time, and every statement sent on it while one is open is inside it: a request read
 * during another's transaction would see its uncommitted rows (half an import, or a write about to roll
 * back). On a second connection, in WAL mode, a reader sees the last committed state and never waits.
 * Transactions are interactive (a callback): a batch of statements is built on the client that sends it.
 */
function withWriterConnection(db: Database, writer: Database) {
  const { $disconnect } = db;
  Object.assign(db, {
    $transaction: async (work: unknown, options?: unknown) => {
      if (typeof work !== 'function')
        throw new Error('db.$transaction: pass a callback; statements built on the reader connection would not run in the transaction');
      // Locked out by another connection (the analytics thread storing rows, another process): the
      // transaction rolled back; it is tried again after a pause in which the event loop turns.
      const started = performance.now();
      for (;;) {
        try {
          return await writer.$transaction(work as Parameters<Database['$transaction']>[0] & ((tx: never) => Promise<unknown>), options as never);
        } catch (error) {
          if (!lockedOut(error) || performance.now() - started >= LOCK_WAIT_MS) throw error;
          await sleep(5 + Math.random() * 20);
        }
      }
    },
    $disconnect: () => Promise.all([$disconnect.call(db), writer.$disconnect()]).then(() => undefined),
  });
}

/** How long a transaction's statement on the request thread waits for the write lock before it is tried again. */
const WRITER_BUSY_MS = 20;
/** How long a transaction is tried again for, as better-sqlite3's own default busy timeout. */
const LOCK_WAIT_MS = 5_000;

/** SQLite's "database is locked", as the driver adapter reports it. */
export function lockedOut(error: unknown): boolean {
  if (!(error instanceof Prisma.PrismaClientKnownRequestError)) return false;
  const cause = (error.meta?.driverAdapterError as { cause?: { kind?: string } } | undefined)?.cause;
  return error.code === 'P1008' || cause?.kind === 'SocketTimeout';
}

type QueryListener = (event: Prisma.QueryEvent) => void;
const listeners = new WeakMap<Database, QueryListener[]>();

/**
 * Keeps the client's query listeners, to which the analytics thread reports its own statements too, and
 * listens on the writer's connection as well: a listener hears every statement sent for the client.
 */
function keepQueryListeners(db: Database, writer: Database | undefined) {
  const { $on } = db;
  listeners.set(db, []);
  Object.assign(db, {
    $on: (event: 'query', listener: QueryListener) => {
      listeners.get(db)!.push(listener);
      $on.call(db, event, listener);
      writer?.$on(event, listener);
    },
  });
}

/** The listeners of the client's query events (src/analytics/thread.ts). */
export function queryListeners(db: Database): QueryListener[] {
  return listeners.get(db) ?? [];
}

/** The provider behind a client, for the rare statement the two databases write differently. */
export function providerOfDatabase(db: Database): Provider {
  return providers.get(db) ?? 'sqlite';
}

/** The URL a client was opened on: a worker thread opens its own connection to it (src/analytics/thread.ts). */
export function urlOfDatabase(db: Database): string | undefined {
  return urls.get(db);
}
