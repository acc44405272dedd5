// Driver adapters: Prisma 7 talks to the database through these, with no Rust engine to download.
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute } from 'node:path';
import { projectPath, providerOf } from './datamodel.ts';

/** Resolves a `file:` URL relative to the project root, so the server finds its database from any directory. */
export function sqliteFilePath(databaseUrl: string): string {
  const file = databaseUrl.slice('file:'.length);
  return isAbsolute(file) ? file : projectPath(file.replace(/^\.\//, ''));
}

export function adapterFactory(databaseUrl: string): PrismaBetterSqlite3 | PrismaPg {
  if (providerOf(databaseUrl) === 'sqlite') {
    const file = sqliteFilePath(databaseUrl);
    mkdirSync(dirname(file), { recursive: true });
    return new PrismaBetterSqlite3({ url: file });
  }
  return new PrismaPg({ connectionString: databaseUrl });
}
