// Backups and restores of a database (npm run backup / restore; docs/deployment.md). Both are taken while
// the server runs and writes, and both are the database as of one moment, every committed write before it
// and none half-written:
// - SQLite: better-sqlite3's online backup API (sqlite3_backup_*), all pages in one step, so that the copy
//   reads one snapshot of the write-ahead log; copied in steps, a write from another connection (the
//   server's) between two steps would start the copy over, and under steady writes it might never end;
// - PostgreSQL: pg_dump in its custom format (one transaction's snapshot), restored with pg_restore into a
//   new, empty database.
// A backup is written beside its name and renamed when whole and checked, so a failed one never leaves a
// file that looks like a backup.
import Sqlite from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { constants, copyFileSync, existsSync, renameSync, rmSync, statSync } from 'node:fs';
import pg from 'pg';
import { ConfigError } from '../config.ts';
import { sqliteFilePath } from './adapter.ts';
import { providerOf } from './datamodel.ts';

/** Prisma's record of the migrations applied, which every database of this project has. */
const MIGRATIONS_TABLE = '_prisma_migrations';

/** What a backup or restore did, for its command's output. */
export interface BackupSummary {
  file: string;
  bytes: number;
  /** The migrations the database had applied: a restored one is upgraded by `npm run db:migrate`. */
  migrations: number;
}

export async function backUp(databaseUrl: string, file: string): Promise<BackupSummary> {
  if (existsSync(file)) throw new ConfigError(`${file} exists already: give the backup a new name (a backup never overwrites a file).`);
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  try {
    if (providerOf(databaseUrl) === 'sqlite') await backUpSqlite(sqliteFilePath(databaseUrl), partial);
    else runPostgresTool('pg_dump', ['--format=custom', `--file=${partial}`], databaseUrl);
    const migrations = await checkedBackup(databaseUrl, partial);
    renameSync(partial, file);
    return { file, bytes: statSync(file).size, migrations };
  } finally {
    rmSync(partial, { force: true });
  }
}

/** The most pages better-sqlite3 copies in one step. */
const ALL_PAGES = 0x7fffffff;

async function backUpSqlite(source: string, target: string) {
  if (!existsSync(source)) throw new ConfigError(`No SQLite database at ${source}: check DATABASE_URL.`);
  const db = new Sqlite(source, { readonly: true, fileMustExist: true });
  try {
    // The first step copies nothing; the callback's answer is the pages of each next step: all of them.
    await db.backup(target, { progress: () => ALL_PAGES });
  } finally {
    db.close();
  }
}

/** A SQLite backup must pass SQLite's own check; a dump is read back by pg_restore. Answers the migrations held. */
async function checkedBackup(databaseUrl: string, file: string): Promise<number> {
  if (providerOf(databaseUrl) === 'postgresql') {
    const listing = runPostgresTool('pg_restore', ['--list', file]);
    if (!listing.includes(`TABLE DATA public ${MIGRATIONS_TABLE}`))
      throw new ConfigError(`${file} holds no ${MIGRATIONS_TABLE} table: it is not a dump of this project's database.`);
    return countOnPostgres(databaseUrl);
  }
  return checkedSqliteFile(file);
}

/** Opens a SQLite file read-only: its integrity, and its migrations' count. */
function checkedSqliteFile(file: string): number {
  let db: Sqlite.Database;
  try {
    db = new Sqlite(file, { readonly: true, fileMustExist: true });
  } catch {
    throw new ConfigError(`${file} is not a SQLite database.`);
  }
  try {
    const problems = (() => {
      try {
        return db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
      } catch {
        return [{ integrity_check: 'not a database' }];
      }
    })();
    if (problems.length !== 1 || problems[0]!.integrity_check !== 'ok') {
      throw new ConfigError(
        `${file} fails SQLite's integrity check: ${problems
          .map((problem) => problem.integrity_check)
          .slice(0, 5)
          .join('; ')}`,
      );
    }
    const table = db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name = ?`).get(MIGRATIONS_TABLE);
    if (!table) throw new ConfigError(`${file} holds no ${MIGRATIONS_TABLE} table: it is not a backup of this project's database.`);
    return (db.prepare(`SELECT count(*) AS n FROM ${MIGRATIONS_TABLE} WHERE finished_at IS NOT NULL`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

/**
 * Restores a backup into DATABASE_URL, which must not hold a database yet: a new SQLite file, or a new,
 * empty PostgreSQL database (createdb). The server, started on it, applies any migration newer than the backup.
 */
export async function restore(file: string, databaseUrl: string): Promise<BackupSummary> {
  if (!existsSync(file)) throw new ConfigError(`No backup at ${file}.`);
  if (providerOf(databaseUrl) === 'sqlite') {
    const target = sqliteFilePath(databaseUrl);
    const migrations = checkedSqliteFile(file);
    if (existsSync(target))
      throw new ConfigError(`${target} exists: stop the server and move it aside (with its -wal and -shm files) before restoring over it.`);
    // The target's write-ahead files, if any were left, belong to another database: applied to this one, they would corrupt it.
    for (const suffix of ['-wal', '-shm']) rmSync(target + suffix, { force: true });
    copyFileSync(file, target, constants.COPYFILE_EXCL);
    return { file: target, bytes: statSync(target).size, migrations };
  }
  if ((await countOnPostgres(databaseUrl, 'tables')) > 0) {
    throw new ConfigError('The database of DATABASE_URL has tables already: restore into a new, empty database (createdb), then point the server at it.');
  }
  runPostgresTool('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', file], databaseUrl);
  return { file, bytes: statSync(file).size, migrations: await countOnPostgres(databaseUrl) };
}

/** The migrations applied, or the tables of the public schema. */
async function countOnPostgres(databaseUrl: string, what: 'migrations' | 'tables' = 'migrations'): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const sql =
      what === 'tables'
        ? `SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'`
        : `SELECT count(*)::int AS n FROM "${MIGRATIONS_TABLE}" WHERE finished_at IS NOT NULL`;
    return (await client.query<{ n: number }>(sql)).rows[0]!.n;
  } finally {
    await client.end();
  }
}

/**
 * Runs pg_dump or pg_restore, on DATABASE_URL when given. Its password goes in PGPASSWORD, never on the
 * command line, which every user of the machine can read in the process list.
 */
function runPostgresTool(tool: 'pg_dump' | 'pg_restore', args: string[], databaseUrl?: string): string {
  const env = { ...process.env };
  if (databaseUrl) {
    const url = new URL(databaseUrl);
    if (url.password) env.PGPASSWORD = decodeURIComponent(url.password);
    url.password = '';
    args = [...args, `--dbname=${url.toString()}`];
  }
  const run = spawnSync(tool, args, { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (run.error)
    throw new ConfigError(`${tool} could not be run (${run.error.message}): install PostgreSQL's client tools, of the server's major version or newer.`);
  if (run.status !== 0) throw new ConfigError(`${tool} failed: ${run.stderr.trim()}`);
  return run.stdout;
}
