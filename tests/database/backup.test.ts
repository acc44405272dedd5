// Backups and restores (issue 15), through the commands an operator runs: `npm run backup` while the
// server writes gives a database that opens, passes its integrity check and holds every committed write,
// whole; `npm run restore` puts a backup into a new database that the server then serves as the original.
import Sqlite from 'better-sqlite3';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { sqliteFilePath } from '../../src/db/adapter.ts';
import { emptyDatabase, freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { post } from '../support/graphql.ts';

const run = promisify(execFile);

/** Runs `npm run <command> -- <file>` on DATABASE_URL, as an operator would; never throws. */
async function npmRun(command: 'backup' | 'restore', file: string, databaseUrl: string) {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', command, '--', file], { env: { ...process.env, DATABASE_URL: databaseUrl } });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { status: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const folder = mkdtempSync(join(tmpdir(), 'dvk-backup-'));
const databases: TestDatabase[] = [];
const clients: Database[] = [];
afterAll(async () => {
  await Promise.all(clients.map((client) => client.$disconnect()));
  await Promise.all(databases.map((database) => database.drop()));
  rmSync(folder, { recursive: true, force: true });
});

async function newDatabase(provider: (typeof providers)[number], migrated: boolean) {
  const database = migrated ? await freshDatabase(provider) : await emptyDatabase(provider);
  databases.push(database);
  return database;
}

function open(url: string): Database {
  const db = createDatabase(url);
  clients.push(db);
  return db;
}

/** Enough pages that the copy takes a while, so that writes go on during it. */
async function pad(db: Database, provider: string) {
  if (provider === 'sqlite') {
    await db.$executeRawUnsafe(
      'CREATE TABLE padding AS WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 40000) SELECT i, randomblob(1000) AS filler FROM n',
    );
  } else {
    await db.$executeRawUnsafe('CREATE TABLE padding AS SELECT i, md5(i::text) || repeat(md5(i::text), 30) AS filler FROM generate_series(1, 40000) AS i');
  }
}

const BATCH = 10;

describe.each(providers)('backups on %s', (provider) => {
  it('taken while the server writes, opens, passes its check and holds every committed write, whole', async () => {
    const source = await newDatabase(provider, true);
    const db = open(source.url);
    await pad(db, provider);

    // The server's writes: batches of users, each in one transaction, until the backup is over.
    let committed = 0;
    let writing = true;
    const writer = (async () => {
      for (let batch = 0; writing; batch++) {
        await db.$transaction(async (tx) => {
          await tx.user.createMany({
            data: Array.from({ length: BATCH }, (_, i) => ({ username: `w${batch}-${i}`, displayName: `Batch ${batch}`, role: 'VIEWER' as const })),
          });
        });
        committed = batch + 1;
        // A statement on SQLite's synchronous driver resumes in the same turn: the loop turns between writes, as a server's does between requests.
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    while (committed < 3) await new Promise((resolve) => setTimeout(resolve, 5));

    const file = join(folder, `during-writes.${provider === 'sqlite' ? 'sqlite' : 'dump'}`);
    const committedBefore = committed;
    const backup = await npmRun('backup', file, source.url);
    const committedAfter = committed;
    writing = false;
    await writer;
    expect(backup.stderr).toBe('');
    expect(backup.status).toBe(0);
    expect(backup.stdout).toContain(`Backed up to ${file}`);
    expect(committedAfter).toBeGreaterThan(committedBefore);
    expect(existsSync(`${file}.partial`)).toBe(false);

    let usernames: string[];
    if (provider === 'sqlite') {
      const copy = new Sqlite(file, { readonly: true });
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      usernames = (copy.prepare(`SELECT username FROM "User"`).all() as { username: string }[]).map((row) => row.username);
      copy.close();
    } else {
      // A dump is checked the only way that counts: restored.
      const target = await newDatabase(provider, false);
      const restored = await npmRun('restore', file, target.url);
      expect(restored.status, restored.stderr).toBe(0);
      usernames = (await open(target.url).user.findMany({ select: { username: true } })).map((user) => user.username);
    }
    const batches = new Map<string, number>();
    for (const username of usernames) batches.set(username.split('-')[0]!, (batches.get(username.split('-')[0]!) ?? 0) + 1);
    // Every write committed before the backup began is in it, none after it ended, and none in part.
    expect(batches.size).toBeGreaterThanOrEqual(committedBefore);
    expect(batches.size).toBeLessThanOrEqual(committedAfter);
    for (const [batch, users] of batches) expect(users, batch).toBe(BATCH);
    for (let batch = 0; batch < batches.size; batch++) expect(batches.has(`w${batch}`)).toBe(true);
  });

  it('restores into a new database that the server serves as it served the original', async () => {
    const demoUrl = inject('demoDatabases')[provider];
    const file = join(folder, `demo.${provider === 'sqlite' ? 'sqlite' : 'dump'}`);
    const backup = await npmRun('backup', file, demoUrl);
    expect(backup.status, backup.stderr).toBe(0);

    const target = await newDatabase(provider, false);
    const restored = await npmRun('restore', file, target.url);
    expect(restored.status, restored.stderr).toBe(0);
    expect(restored.stdout).toMatch(/with \d+ migration\(s\) applied/);

    const dashboard = '{ dashboard(unit: "06", year: 2019) { unit { code name } coverages { indicator { code } numerator denominator status } } }';
    const original = await post(open(demoUrl), dashboard);
    const served = await post(open(target.url), dashboard);
    expect(served.status).toBe(200);
    expect(served.body.errors).toBeUndefined();
    expect(served.body.data.dashboard.coverages.length).toBeGreaterThan(0);
    expect(served.body).toEqual(original.body);
  });

  it('refuses to overwrite a file, to restore over a database, and a file that is no backup', async () => {
    const source = await newDatabase(provider, true);
    const taken = join(folder, `taken-${provider}`);
    writeFileSync(taken, 'an older backup');
    const overwrite = await npmRun('backup', taken, source.url);
    expect(overwrite.status).toBe(1);
    expect(overwrite.stderr).toContain('exists already');

    const file = join(folder, `small.${provider}`);
    expect((await npmRun('backup', file, source.url)).status).toBe(0);
    const over = await npmRun('restore', file, source.url);
    expect(over.status).toBe(1);
    expect(over.stderr).toMatch(provider === 'sqlite' ? /exists: stop the server and move it aside/ : /has tables already/);

    const target = await newDatabase(provider, false);
    const notBackup = await npmRun('restore', taken, target.url);
    expect(notBackup.status).toBe(1);
    expect(notBackup.stderr).toMatch(/^restore: /);
    expect(notBackup.stderr).not.toMatch(/\n\s+at /);
    if (provider === 'sqlite') expect(existsSync(sqliteFilePath(target.url))).toBe(false);
  });
});
