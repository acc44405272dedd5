// Test databases on both providers. The suite always runs on SQLite AND PostgreSQL: a PostgreSQL that
// cannot be reached fails the run rather than skipping half of it.
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import pg from 'pg';
import { inject } from 'vitest';
import { copySqliteFile, removeSqliteFile } from '../../src/db/adapter.ts';
import type { Provider } from '../../src/db/datamodel.ts';
import { applyMigrations } from '../../src/db/migrations.ts';

/** The server the suite creates its PostgreSQL databases on (trust auth on the machines of this project). */
export const postgresServerUrl = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  provider: Provider;
  url: string;
  drop(): Promise<void>;
}

/** Runs one statement on the PostgreSQL server, answering its rows. */
async function onServer<Row extends pg.QueryResultRow = pg.QueryResultRow>(sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: postgresServerUrl });
  await client.connect();
  try {
    return (await client.query<Row>(sql)).rows;
  } finally {
    await client.end();
  }
}

/** The URL of a database of that name on the suite's PostgreSQL server. */
function databaseUrl(name: string): string {
  const url = new URL(postgresServerUrl);
  url.pathname = `/${name}`;
  return url.toString();
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
    if (template) copySqliteFile(fileOf(template), file);
    database = { provider, url: `file:${file}`, drop: async () => removeSqliteFile(file) };
  } else {
    await onServer(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${new URL(template).pathname.slice(1)}` : ''}`);
    database = { provider, url: databaseUrl(name), drop: async () => void (await onServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)) };
  }
  return database;
}

const fileOf = (url: string) => url.slice('file:'.length);

/** The name of the demo template seeded by sources with this digest (see demoTemplate). */
const templateName = (digest: string) => `dvk_demo_${digest}`;

/**
 * The demo database as seeded by the sources whose digest is given, kept between runs as a template nobody
 * connects to: seeding takes half a minute, copying a second. The first run of a checkout seeds it; every
 * later run of the same sources (CI's run on another Node.js, one test file run alone) copies it. Templates
 * of other sources are dropped.
 */
export async function demoTemplate(provider: Provider, digest: string, seed: (url: string) => Promise<void>): Promise<string> {
  return provider === 'sqlite' ? sqliteTemplate(digest, seed) : postgresTemplate(digest, seed);
}

async function sqliteTemplate(digest: string, seed: (url: string) => Promise<void>): Promise<string> {
  const file = join(tmpdir(), `${templateName(digest)}.sqlite`);
  for (const name of readdirSync(tmpdir())) {
    if (/^dvk_demo_\w+\.sqlite(-wal|-shm)?$/.test(name) && !name.startsWith(basename(file))) rmSync(join(tmpdir(), name), { force: true });
  }
  if (!existsSync(file)) {
    const seeded = await freshDatabase('sqlite');
    await seed(seeded.url);
    // The log first: the file itself appearing says the template is whole.
    for (const suffix of ['-wal', '']) if (existsSync(fileOf(seeded.url) + suffix)) renameSync(fileOf(seeded.url) + suffix, file + suffix);
    await seeded.drop();
  }
  return `file:${file}`;
}

async function postgresTemplate(digest: string, seed: (url: string) => Promise<void>): Promise<string> {
  const name = templateName(digest);
  const url = databaseUrl(name);
  const templates = await onServer<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'dvk\\_demo\\_%'`);
  for (const { datname } of templates) if (datname !== name) await onServer(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  if (templates.some(({ datname }) => datname === name)) return url;
  const seeded = await freshDatabase('postgresql');
  await seed(seeded.url);
  const seededName = new URL(seeded.url).pathname.slice(1);
  // A database renamed must have no session: the seed's closed connections may take a moment to leave the server.
  for (let attempt = 1; ; attempt++) {
    try {
      await onServer(`ALTER DATABASE ${seededName} RENAME TO ${name}`);
      return url;
    } catch (error) {
      // Another run seeded the same sources first: theirs is the same demo.
      if (/already exists/.test(String(error))) {
        await seeded.drop();
        return url;
      }
      if (attempt === 20 || !/being accessed by other users/.test(String(error))) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A database of the test's own holding the demo data, copied from the global setup's template. */
export function demoCopy(provider: Provider): Promise<TestDatabase> {
  return emptyDatabase(provider, inject('demoTemplates')[provider]);
}

export const providers: Provider[] = ['sqlite', 'postgresql'];
