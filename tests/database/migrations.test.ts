// Migrations through the WebAssembly schema engine, on both providers.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createDatabase } from '../../src/db/client.ts';
import { projectPath } from '../../src/db/datamodel.ts';
import { applyMigrations, migrationList, pendingMigrationScript } from '../../src/db/migrations.ts';
import { freshDatabase, postgresServerUrl, providers } from '../support/databases.ts';

describe.each(providers)('migrations on %s', (provider) => {
  it('apply once, record themselves where `prisma migrate deploy` looks, and then apply nothing', async () => {
    const database = await freshDatabase(provider); // applies every migration
    const db = createDatabase(database.url);
    try {
      const names = migrationList(provider).migrationDirectories.map((directory) => directory.path);
      // Every migration directory of the provider, in order: what `prisma migrate deploy` would apply.
      const directories = readdirSync(projectPath(`prisma/migrations/${provider}`), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name);
      expect(names).toEqual(directories.sort());
      expect(names.length).toBeGreaterThan(1);
      const recorded = await db.$queryRawUnsafe<{ migration_name: string }[]>(
        'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY migration_name',
      );
      expect(recorded.map((row) => row.migration_name)).toEqual(names);
      expect(await applyMigrations(database.url)).toEqual([]);
      expect(await db.unit.count()).toBe(0);
    } finally {
      await db.$disconnect();
      await database.drop();
    }
  });

  it('apply nothing to a database that records every migration, and try again one whose record is missing', async () => {
    const database = await freshDatabase(provider);
    const db = createDatabase(database.url);
    try {
      expect(await applyMigrations(database.url)).toEqual([]);
      // The newest migration unrecorded: the engine applies it again, and its tables are already there.
      const [newest] = migrationList(provider)
        .migrationDirectories.map((directory) => directory.path)
        .reverse();
      await db.$executeRawUnsafe(`DELETE FROM _prisma_migrations WHERE migration_name = '${newest}'`);
      await expect(applyMigrations(database.url)).rejects.toThrow();
    } finally {
      await db.$disconnect();
      await database.drop();
    }
  });

  it('cover the whole datamodel: no change in prisma/schema.prisma is waiting for a migration', async () => {
    const database = await freshDatabase(provider);
    try {
      const script = await pendingMigrationScript(database.url);
      expect(script.trim() === '' || script.includes('This is an empty migration.')).toBe(true);
    } finally {
      await database.drop();
    }
  });
});

describe('migrating a PostgreSQL database that does not exist', () => {
  it('is refused by the command line and by the server with what to do, exit code 1 and no stack', () => {
    const url = new URL(postgresServerUrl);
    url.pathname = '/dvk_never_created';
    for (const file of ['scripts/db-migrate.ts', 'src/main.ts']) {
      const run = spawnSync(process.execPath, ['--import', 'tsx', file], {
        encoding: 'utf8',
        env: { ...process.env, DATABASE_URL: url.toString(), PORT: '0' },
        timeout: 60_000,
      });
      const said = run.stdout + run.stderr;
      expect(run.status, said).toBe(1);
      expect(said).toContain('The database could not be migrated: Database `dvk_never_created` does not exist');
      expect(said).toMatch(/^(db:migrate:|\[dvk\]) The database/m);
      expect(said).toContain('createdb "dvk_never_created"');
      expect(said).not.toMatch(/^\s+at /m);
    }
  });
});
