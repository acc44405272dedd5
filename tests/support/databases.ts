// Test databases on both providers. The suite always runs on SQLite AND PostgreSQL: a PostgreSQL that
// cannot be reached fails the run rather than skipping half of it.
import { randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import type { Provider } from '../../src/db/datamodel.ts';
import { applyMigrations } from '../../src/db/migrations.ts';

/** The server the suite creates its PostgreSQL databases on (trust auth on the machines of this project). */
export const postgresServerUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

async function onServer(sql: string) {
  const client = new pg.Client({ connectionString: postgresServerUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A new, migrated, empty database. */
export async function freshDatabase(provider: Provider): Promise<TestDatabase> {
  const database = await emptyDatabase(provider);
  await applyMigrations(database.url);
  return database;
}

/** A new database without even its tables: a SQLite file not yet created, a PostgreSQL database just created. */
export async function emptyDatabase(provider: Provider): Promise<TestDatabase> {
  const name = `dvk_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let database: TestDatabase;
  if (provider === 'sqlite') {
    const file = join(tmpdir(), `${name}.sqlite`);
    // WAL mode leaves its log and index beside the file.
    database = { provider, url: `file:${file}`, drop: async () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(file + suffix, { force: true })) };
  } else {
    await onServer(`CREATE DATABASE ${name}`);
    const url = new URL(postgresServerUrl);
    url.pathname = `/${name}`;
    database = { provider, url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  return database;
}

export const providers: Provider[] = ['sqlite', 'postgresql'];
