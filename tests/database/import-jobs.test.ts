// Imports left running (startImport, src/import/jobs.ts): the request answers at once; the job's user follows
// it and finds its summary later, and nobody else sees it, not even an administrator; its answers are never
// served from the response cache (a dry run raises no data version, so a cached "RUNNING" would stay); a
// user cannot pile up imports; a job whose server stopped is said to be interrupted.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCsv, seedBenchUnits } from '../../bench/import.ts';
import type { Role } from '../../src/access/roles.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { importJob, MAX_RUNNING_PER_USER } from '../../src/import/jobs.ts';
import { CSRF_HEADER } from '../../src/server/yoga.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { post } from '../support/graphql.ts';
import { signedInAs, testServer } from '../support/viewers.ts';

const UNITS = 200;
const YEARS = 100;
/** 20,000 satisfaction results: a file the import thread takes. */
const bytes = new TextEncoder().encode(benchCsv(UNITS, YEARS));

const JOB = 'id status stage done total fileName dryRun finishedAt summary { written created problems { row } } error { code }';

interface Job {
  id: string;
  status: string;
  stage: string | null;
  done: number;
  total: number;
  fileName: string;
  dryRun: boolean;
  finishedAt: string | null;
  summary: { written: boolean; created: number; problems: { row: number }[] } | null;
  error: { code: string } | null;
}

describe.each(providers)('imports left running on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;
  let yoga: ReturnType<typeof testServer>;
  let owner: string;

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    await seedBenchUnits(db, UNITS);
    // The response cache on, as in production: a job's answers must not come from it.
    yoga = testServer(db, { responseCache: { ttl: 60_000 } });
    owner = await signedInAs(db, 'nguoi.nhap', 'ADMIN');
  }, 120_000);

  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  const start = async (as: string, dryRun: boolean) => {
    const body = new FormData();
    const query = `mutation($file: File!, $dryRun: Boolean) { startImport(file: $file, kind: SATISFACTION_SURVEYS, dryRun: $dryRun) { ${JOB} } }`;
    body.set('operations', JSON.stringify({ query, variables: { file: null, dryRun } }));
    body.set('map', JSON.stringify({ 0: ['variables.file'] }));
    body.set('0', new File([Buffer.from(bytes)], 'khao-sat.csv', { type: 'text/csv' }));
    const response = await yoga.fetch('http://localhost/graphql', { method: 'POST', body, headers: { authorization: as, [CSRF_HEADER]: '1' } });
    return (await response.json()) as { data?: { startImport: Job }; errors?: { extensions?: { code?: string } }[] };
  };
  const read = async (as: string, id: string) => {
    const response = await yoga.fetch('http://localhost/graphql', {
      method: 'POST',
      body: JSON.stringify({ query: `query($id: ID!) { importJob(id: $id) { ${JOB} } }`, variables: { id } }),
      headers: { authorization: as, 'content-type': 'application/json' },
    });
    return ((await response.json()) as { data: { importJob: Job | null } }).data.importJob;
  };
  /** Asks for the job until it ends (within a minute), keeping every answer. */
  const follow = async (id: string) => {
    const answers: Job[] = [];
    for (const until = Date.now() + 60_000; Date.now() < until; await sleep(50)) {
      const job = (await read(owner, id))!;
      answers.push(job);
      if (job.status !== 'RUNNING') return answers;
    }
    throw new Error(`job ${id} still ${answers.at(-1)?.status} after a minute: ${answers.length} answers, the last ${JSON.stringify(answers.at(-1))}`);
  };

  it('answers at once, shows how far it is, and keeps the summary for its user only', async () => {
    const started = await start(owner, false);
    const job = started.data!.startImport;
    expect(job).toMatchObject({ status: 'RUNNING', fileName: 'khao-sat.csv', dryRun: false, summary: null });
    expect(await db.satisfactionSurvey.count()).toBe(0);
    // Dry runs up to the user's limit; one more is refused.
    const dryRuns: Job[] = [];
    while (dryRuns.length < MAX_RUNNING_PER_USER - 1) dryRuns.push((await start(owner, true)).data!.startImport);
    const beyond = await start(owner, true);
    expect(beyond.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');

    // Someone else, even a whole-country administrator, neither reads it nor finds it in a list.
    const other = await signedInAs(db, 'quan.tri.khac', 'ADMIN');
    expect(await read(other, job.id)).toBeNull();
    expect((await post(db, '{ importJobs { id } }', {}, other)).body).toEqual({ data: { importJobs: [] } });

    const answers = await follow(job.id);
    const ended = answers.at(-1)!;
    expect(ended).toMatchObject({ status: 'DONE', summary: { written: true, created: UNITS * YEARS, problems: [] }, error: null });
    expect(ended.finishedAt).not.toBeNull();
    // How far it was moved between answers (on the thread, reading, checking then writing).
    const progress = answers.filter((answer) => answer.status === 'RUNNING').map((answer) => `${answer.stage}:${answer.done}/${answer.total}`);
    expect(new Set(progress).size).toBeGreaterThan(1);
    expect(await db.satisfactionSurvey.count()).toBe(UNITS * YEARS);

    // The dry runs end too, though they raise no data version: their answers were not cached while running.
    for (const dryRun of dryRuns) expect((await follow(dryRun.id)).at(-1)).toMatchObject({ status: 'DONE', summary: { written: false } });
    // Kept: the user finds them all later, newest first, the stored summary with them.
    const listed = await post(db, `{ importJobs { ${JOB} } }`, {}, owner);
    const jobs = (listed.body as { data: { importJobs: Job[] } }).data.importJobs;
    expect(jobs.map((listedJob) => listedJob.id)).toEqual([...dryRuns.map((dryRun) => dryRun.id).reverse(), job.id]);
    expect(jobs.at(-1)).toEqual(ended);
    expect(await db.importJob.count({ where: { status: 'DONE' } })).toBe(MAX_RUNNING_PER_USER);
  }, 180_000);

  it('says a job whose server stopped was interrupted', async () => {
    const user = await db.user.findUniqueOrThrow({ where: { username: 'nguoi.nhap' } });
    const row = {
      userId: user.id,
      kind: 'PLANS',
      fileName: 'ke-hoach.csv',
      fileBytes: 10,
      dryRun: false,
      status: 'RUNNING' as const,
    };
    await db.importJob.create({ data: { ...row, id: 'long-gone', seenAt: new Date(Date.now() - 120_000) } });
    await db.importJob.create({ data: { ...row, id: 'just-seen', seenAt: new Date() } });
    expect((await importJob(db, user.id, 'long-gone'))?.status).toBe('INTERRUPTED');
    // Neither runs in this process. SQLite is served by one process: a job of another was cut off with it.
    // On PostgreSQL another server that wrote how far it is a moment ago is still running it.
    expect((await importJob(db, user.id, 'just-seen'))?.status).toBe(provider === 'sqlite' ? 'INTERRUPTED' : 'RUNNING');
  });
});

describe('who may start an import', () => {
  it('a viewer may not; a commune officer may not import the unit tree', async () => {
    const database = await freshDatabase('sqlite');
    const db = createDatabase(database.url);
    try {
      await seedBenchUnits(db, 1);
      const as = async (username: string, role: Role, unit: string | null, kind: string) => {
        const body = new FormData();
        body.set(
          'operations',
          JSON.stringify({ query: `mutation($file: File!) { startImport(file: $file, kind: ${kind}) { id } }`, variables: { file: null } }),
        );
        body.set('map', JSON.stringify({ 0: ['variables.file'] }));
        body.set('0', new File(['x'], 'x.csv', { type: 'text/csv' }));
        const headers = { authorization: await signedInAs(db, username, role, unit), [CSRF_HEADER]: '1' };
        const response = await testServer(db).fetch('http://localhost/graphql', { method: 'POST', body, headers });
        return ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]?.extensions?.code;
      };
      expect(await as('nguoi.xem', 'VIEWER', null, 'PLANS')).toBe('FORBIDDEN');
      expect(await as('can.bo.xa', 'COMMUNE_OFFICER', 'B0', 'UNITS')).toBe('FORBIDDEN');
      expect(await db.importJob.count()).toBe(0);
    } finally {
      await db.$disconnect();
      await database.drop();
    }
  });
});
