// What the benchmarks share: a signed-in administrator, databases to run on, timing with median and p95,
// and the floor: the same SQL statements an operation sent, replayed straight through the driver.
import { randomBytes } from 'node:crypto';
import Sqlite from 'better-sqlite3';
import pg from 'pg';
import { createUser } from '../src/access/accounts.ts';
import { keysFrom, signSession, type Keys } from '../src/access/tokens.ts';
import { createDatabase, type Database } from '../src/db/client.ts';
import { applyMigrations } from '../src/db/migrations.ts';
import { isEmpty, seedDemo } from '../src/demo/seed.ts';

export const postgresServer = process.env.BENCH_POSTGRES_SERVER ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export async function ensurePostgresDatabase(name: string): Promise<string> {
  const client = new pg.Client({ connectionString: postgresServer });
  await client.connect();
  const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  const url = new URL(postgresServer);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The signing key of this run; a server started in another process gets it as AUTH_SECRET. */
export const benchSecret = randomBytes(48).toString('base64url');
export const benchKeys: Keys = keysFrom(benchSecret);

/** The database at `url`, migrated, and filled with the province demo data if it is empty. */
export async function demoDatabase(url: string): Promise<Database> {
  await applyMigrations(url);
  const db = createDatabase(url);
  if (await isEmpty(db)) await seedDemo(db);
  return db;
}

/** A whole-country administrator's session: the dashboard as a ministry reads it. */
export async function adminAuthorization(db: Database): Promise<string> {
  const admin =
    (await db.user.findUnique({ where: { username: 'bench.admin' } })) ??
    (await createUser(db, { username: 'bench.admin', displayName: 'Benchmark', role: 'ADMIN' }));
  return `Bearer ${(await signSession(benchKeys, admin.id)).token}`;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export interface Timing {
  median: number;
  p95: number;
}

/** Runs `work` `warmUp` times, then `runs` times, and answers the median and p95 in milliseconds. */
export async function time(work: () => Promise<unknown>, runs: number, warmUp = 3): Promise<Timing> {
  for (let i = 0; i < warmUp; i++) await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: quantile(times, 0.5), p95: quantile(times, 0.95) };
}

export const ms = (value: number) => `${value.toFixed(value < 10 ? 2 : 1).padStart(8)} ms`;

/** The SQL statements the client sends while `work` runs, with their parameters. */
export async function statementsOf(db: Database, work: () => Promise<unknown>): Promise<{ sql: string; params: unknown[] }[]> {
  const sent: { sql: string; params: unknown[] }[] = [];
  let recording = true;
  // Prisma cannot remove an event listener, so this one stops recording once the work is done.
  db.$on('query', (event) => {
    if (recording) sent.push({ sql: event.query, params: JSON.parse(event.params) as unknown[] });
  });
  try {
    await work();
  } finally {
    recording = false;
  }
  return sent;
}

/**
 * The floor: the same statements through the driver itself (better-sqlite3, pg), one after the other as
 * the slowest path of the operation would. Parameters are replayed as Prisma logged them.
 */
export async function driverReplay(
  url: string,
): Promise<{ run: (statements: { sql: string; params: unknown[] }[]) => Promise<void>; close: () => Promise<void> }> {
  if (url.startsWith('file:')) {
    const sqlite = new Sqlite(url.slice('file:'.length), { readonly: true });
    return {
      run: async (statements) => {
        for (const { sql, params } of statements) {
          // Prisma's log writes booleans as such; SQLite stores them as 0 and 1.
          const bound = params.map((param) => (typeof param === 'boolean' ? Number(param) : param)) as never[];
          const statement = sqlite.prepare(sql);
          if (statement.reader) statement.all(...bound);
          else statement.run(...bound);
        }
      },
      close: async () => void sqlite.close(),
    };
  }
  const pool = new pg.Pool({ connectionString: url, max: 4 });
  return {
    run: async (statements) => {
      for (const { sql, params } of statements) await pool.query(sql, params as never[]);
    },
    close: () => pool.end(),
  };
}
