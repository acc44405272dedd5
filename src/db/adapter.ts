// Driver adapters: Prisma 7 talks to the database through these, with no Rust engine to download.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { projectPath, providerOf } from './datamodel.ts';

/** Resolves a `file:` URL relative to the project root, so the server finds its database from any directory. */
export function sqliteFilePath(databaseUrl: string): string {
  const file = databaseUrl.slice('file:'.length);
  return isAbsolute(file) ? file : projectPath(file.replace(/^\.\//, ''));
}

/** Copies a SQLite file no connection writes to, with its write-ahead log: the last commits may still be there. */
export function copySqliteFile(from: string, to: string): void {
  for (const suffix of ['', '-wal']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

/** Deletes a SQLite file with the write-ahead log and its index that WAL mode leaves beside it. */
export function removeSqliteFile(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) rmSync(file + suffix, { force: true });
}

/**
 * The SQLite that better-sqlite3 bundles binds up to 32,766 parameters per statement, but its Prisma
 * adapter does not say so and Prisma then assumes SQLite's old limit of 999: a relation loaded for a few
 * hundred units at once fails with P2029. The adapter is told the real limit.
 */
class BetterSqlite3Adapter extends PrismaBetterSqlite3 {
  override async connect() {
    const adapter = await super.connect();
    // Write-ahead logging: a reader's connection reads the last committed state while a writer's
    // transaction runs on another (src/db/client.ts), and readers never wait for it. The mode is the file's,
    // kept once set.
    await adapter.executeScript('PRAGMA journal_mode = WAL');
    return Object.assign(adapter, { getConnectionInfo: () => ({ maxBindValues: 32_766, supportsRelationJoins: false }) });
  }
}

/** `busyMs`: how long a SQLite statement waits for another connection's write lock before failing. */
export function adapterFactory(databaseUrl: string, busyMs = 5_000): PrismaBetterSqlite3 | PrismaPg {
  if (providerOf(databaseUrl) === 'sqlite') {
    const file = sqliteFilePath(databaseUrl);
    mkdirSync(dirname(file), { recursive: true });
    return new BetterSqlite3Adapter({ url: file, timeout: busyMs });
  }
  return new PrismaPg({ connectionString: databaseUrl });
}
