// Test databases on both providers. The suite always runs on SQLite AND PostgreSQL: a PostgreSQL that
// cannot be reached fails the run rather than skipping half of it.
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
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
export async function emptyDatabase(provider: Provider, template?: string): Promise<TestDatabase> {
  const name = `dvk_test_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let database: TestDatabase;
  if (provider === 'sqlite') {
    const file = join(tmpdir(), `${name}.sqlite`);
    if (template) copyWithLog(fileOf(template), file);
    // WAL mode leaves its log and index beside the file.
    database = { provider, url: `file:${file}`, drop: async () => ['', '-wal', '-shm'].forEach((suffix) => rmSync(file + suffix, { force: true })) };
  } else {
    await onServer(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${new URL(template).pathname.slice(1)}` : ''}`);
    const url = new URL(postgresServerUrl);
    url.pathname = `/${name}`;
    database = { provider, url: url.toString(), drop: () => onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
  }
  return database;
}

const fileOf = (url: string) => url.slice('file:'.length);

/** A SQLite file no connection writes to, with its write-ahead log if one is left beside it. */
function copyWithLog(from: string, to: string) {
  for (const suffix of ['', '-wal']) if (existsSync(from + suffix)) copyFileSync(from + suffix, to + suffix);
}

/**
 * The global setup's demo database as it was once seeded, before any test read or wrote it: a copy nobody
 * connects to, from which a test that writes gets its own in a second (seeding one takes 16 s).
 */
export async function demoTemplate(demo: TestDatabase): Promise<string> {
  if (demo.provider === 'sqlite') {
    const template = `${fileOf(demo.url).replace(/\.sqlite$/, '')}-template.sqlite`;
    copyWithLog(fileOf(demo.url), template);
    return `file:${template}`;
  }
  const template = new URL(demo.url);
  template.pathname = `${template.pathname}_template`;
  // A template must have no session: the seed's closed connections may take a moment to leave the server.
  for (let attempt = 1; ; attempt++) {
    try {
      await onServer(`CREATE DATABASE ${template.pathname.slice(1)} TEMPLATE ${new URL(demo.url).pathname.slice(1)}`);
      return template.toString();
    } catch (error) {
      if (attempt === 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

export async function dropDemoTemplate(template: string): Promise<void> {
  if (template.startsWith('file:')) ['', '-wal'].forEach((suffix) => rmSync(fileOf(template) + suffix, { force: true }));
  else await onServer(`DROP DATABASE IF EXISTS ${new URL(template).pathname.slice(1)} WITH (FORCE)`);
}

/** A database of the test's own holding the demo data, copied from the global setup's template. */
export function demoCopy(provider: Provider): Promise<TestDatabase> {
  return emptyDatabase(provider, inject('demoTemplates')[provider]);
}

export const providers: Provider[] = ['sqlite', 'postgresql'];
