// The frame of work off the request thread (src/threads.ts), on a thread of its own that echoes: answers,
// progress, a refusal that keeps its code, an unexpected failure that keeps its stack, and a thread that
// dies: what it was doing fails, and the next task starts it again.
import { GraphQLError } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { onThread, type ThreadKind } from '../../src/threads.ts';
import type { EchoTask } from '../support/echo-thread.ts';
import { freshDatabase, type TestDatabase } from '../support/databases.ts';

const ECHO: ThreadKind = {
  name: 'echo',
  entry: new URL('../support/echo-thread.ts', import.meta.url),
  figures: { started: 0, tasks: 0, failed: 0, running: 0 },
};

describe('a worker thread', () => {
  let database: TestDatabase;
  let db: Database;
  const run = (task: EchoTask, progress?: (step: number) => void) => onThread(db, ECHO, task, progress)!;

  beforeAll(async () => {
    database = await freshDatabase('sqlite');
    db = createDatabase(database.url);
  });

  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('answers, and reports progress before its answer', async () => {
    expect(await run({ say: 'xin chào' })).toBe('xin chào');
    const steps: number[] = [];
    expect(await run({ progress: 3 }, (step) => steps.push(step))).toBe('reported');
    expect(steps).toEqual([1, 2, 3]);
    expect(ECHO.figures).toMatchObject({ started: 1, tasks: 2, failed: 0, running: 0 });
  });

  it('passes on a refusal with its code and message, and an unexpected failure as a plain error with its stack', async () => {
    const refused = await run({ refuse: 'year: 1890 is before the first year' }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(GraphQLError);
    expect(refused).toMatchObject({ message: 'year: 1890 is before the first year', extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } } });
    const failed = await run({ fail: 'disk full' }).catch((error: unknown) => error);
    expect(failed).not.toBeInstanceOf(GraphQLError);
    expect(failed).toMatchObject({ message: 'disk full' });
    expect((failed as Error).stack).toContain('echo-thread.ts');
  });

  it('fails what a dying thread was doing, and starts it again for the next task', async () => {
    const started = ECHO.figures.started;
    await expect(run({ die: true })).rejects.toThrow('the echo thread stopped (exit code 3)');
    expect(await run({ say: 'lại' })).toBe('lại');
    expect(ECHO.figures.started).toBe(started + 1);
    expect(ECHO.figures.running).toBe(0);
  });

  it('is not used on a client not opened by createDatabase: the caller does the work', () => {
    const other = Object.create(db) as Database;
    expect(onThread(other, ECHO, { say: 'ở đây' })).toBeUndefined();
  });
});
