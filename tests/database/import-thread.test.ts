// Imports run on the import thread (src/import/index.ts), on a connection of its own: the request thread
// goes on answering meanwhile. What that must not cost: readers see the records before the import, then
// after it, never half; the thread's progress reaches the caller; and a mutation sent while the import
// writes is not refused for the lock the import holds, but lands after it, in the audit chain's order. An
// export of as many records takes turns with the rest of the server.
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchCsv, seedBenchUnits } from '../../bench/import.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { importSpreadsheet, importThreadFigures, type ImportStage } from '../../src/import/index.ts';
import { writesAfter } from '../../src/entry/write.ts';
import { exportCsv } from '../../src/import/template.ts';
import { freshDatabase, providers, type TestDatabase } from '../support/databases.ts';
import { post } from '../support/graphql.ts';
import { signedInAs } from '../support/viewers.ts';

const UNITS = 200;
const YEARS = 100;
const bytes = new TextEncoder().encode(benchCsv(UNITS, YEARS));

describe.each(providers)('the import thread on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await freshDatabase(provider);
    db = createDatabase(database.url);
    await seedBenchUnits(db, UNITS);
  }, 120_000);

  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  it('reads, checks and writes there; readers see none of the rows until all of them, and the progress reaches the caller', async () => {
    const { tasks, failed } = importThreadFigures;
    const stages = new Set<ImportStage>();
    let settled = false;
    const imported = importSpreadsheet(db, bytes, { kind: 'SATISFACTION_SURVEYS', actor: 'nhập liệu', onProgress: (stage) => stages.add(stage) }).finally(
      () => (settled = true),
    );
    const seen: number[] = [];
    while (!settled) {
      seen.push(await db.satisfactionSurvey.count());
      await sleep(5);
    }
    expect(await imported).toMatchObject({ written: true, created: UNITS * YEARS, problems: [] });
    expect(importThreadFigures.tasks).toBe(tasks + 1);
    expect(importThreadFigures.failed).toBe(failed);
    expect([...stages]).toEqual(['reading', 'checking', 'writing', 'done']);
    // The request thread read while the thread wrote: each read saw the state before the import, or, once
    // it had committed and before its answer crossed back, after it.
    expect(seen.filter((count) => count === 0).length).toBeGreaterThan(1);
    expect(seen.filter((count) => count !== 0 && count !== UNITS * YEARS)).toEqual([]);
    expect(await db.satisfactionSurvey.count()).toBe(UNITS * YEARS);
  }, 120_000);

  it('a mutation sent while the import writes waits for it and is written after it', async () => {
    await db.satisfactionSurvey.deleteMany();
    const administrator = await signedInAs(db, 'test.admin');
    let writing!: () => void;
    const writingStarted = new Promise<void>((resolve) => (writing = resolve));
    const imported = importSpreadsheet(db, bytes, {
      kind: 'SATISFACTION_SURVEYS',
      actor: 'nhập liệu lần hai',
      onProgress: (stage) => stage === 'writing' && writing(),
    });
    await writingStarted;
    const { body } = await post(
      db,
      'mutation { recordPlan(input: { unit: "B0", year: 2024, documentNumber: "12-KH/HU" }) { documentNumber } }',
      {},
      administrator,
    );
    expect(body).toEqual({ data: { recordPlan: { documentNumber: '12-KH/HU' } } });
    expect(await imported).toMatchObject({ written: true, created: UNITS * YEARS });
    const last = await db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } });
    expect(last).toMatchObject({ entity: 'Plan', entityKey: 'B0/2024', source: 'MUTATION' });
    expect(await db.auditEntry.count({ where: { actor: 'nhập liệu lần hai', id: { lt: last.id } } })).toBe(UNITS * YEARS);
  }, 120_000);

  it('holds this process’s writes back until a write on another thread has ended, however long it takes', async () => {
    // An import that writes for longer than a transaction waits for a lock (5 s) is what this guards.
    const administrator = await signedInAs(db, 'test.admin');
    let end!: () => void;
    writesAfter(db, new Promise<void>((resolve) => (end = resolve)));
    let answered = false;
    const sent = post(
      db,
      'mutation { recordPlan(input: { unit: "B1", year: 2024, documentNumber: "7-KH/HU" }) { documentNumber } }',
      {},
      administrator,
    ).finally(() => (answered = true));
    await sleep(300);
    expect(answered).toBe(false);
    expect(await db.plan.count({ where: { unit: { code: 'B1' } } })).toBe(0);
    end();
    expect((await sent).body).toEqual({ data: { recordPlan: { documentNumber: '7-KH/HU' } } });
    expect(await db.plan.findFirst({ where: { unit: { code: 'B1' } }, select: { documentNumber: true } })).toEqual({ documentNumber: '7-KH/HU' });
  });

  it('an export of its 20,000 records reads them a page at a time: each once, in order, the event loop turning between pages', async () => {
    let ticks = 0;
    const ticker = setInterval(() => ticks++, 1);
    const exported = await exportCsv(db, 'SATISFACTION_SURVEYS').finally(() => clearInterval(ticker));
    const keys = exported
      .split('\r\n')
      .slice(1, -1)
      .map((line) => line.split(',').slice(0, 2).join('/'));
    const stored = await db.satisfactionSurvey.findMany({
      select: { unit: { select: { code: true } }, year: true },
      orderBy: [{ unitId: 'asc' }, { year: 'asc' }],
    });
    expect(keys).toEqual(stored.map((survey) => `${survey.unit.code}/${survey.year}`));
    expect(keys.length).toBe(UNITS * YEARS);
    // Ten pages: a timer ran between them (read at once, the export held the thread to its end).
    expect(ticks).toBeGreaterThan(3);
  });
});
