// The request thread stays free (issue 14): kept tallies are computed on the analytics thread
// (src/analytics/thread.ts), on a connection of its own, and give the rows the request thread would; a
// request whose tree a tree change overtook counts on its own tree; and a reader on SQLite never sees a
// transaction that has not committed (src/db/client.ts: transactions on a connection of their own).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { coverageNumbers } from '../../src/analytics/coverage.ts';
import { createFacts } from '../../src/analytics/facts.ts';
import { computeKeys } from '../../src/analytics/tallies/read.ts';
import { pack, storeElsewhere, storingFigures } from '../../src/analytics/tallies/store.ts';
import { threadFigures } from '../../src/analytics/thread.ts';
import { createDatabase, type Database } from '../../src/db/client.ts';
import { dataVersions, raiseDataVersion } from '../../src/db/data-version.ts';
import { definitionOf } from '../../src/indicators/definition.ts';
import { referenceDay } from '../../src/units/tree.ts';
import { demoCopy, providers, type TestDatabase } from '../support/databases.ts';
import { query } from '../support/graphql.ts';

describe.each(providers)('the analytics thread on %s', (provider) => {
  let database: TestDatabase;
  let db: Database;

  beforeAll(async () => {
    database = await demoCopy(provider);
    db = createDatabase(database.url);
  }, 300_000);

  afterAll(async () => {
    await db.$disconnect();
    await database.drop();
  });

  /** Every indicator's coverage of the province in 2021, on fresh facts. */
  async function provinceNumbers() {
    const facts = createFacts(db);
    const tree = await facts.tree();
    const province = tree.byCode('06')!;
    const indicators = (await facts.indicators()).map((row) => ({ id: row.id, parsed: definitionOf(row) }));
    const numbers = await Promise.all(indicators.map((indicator) => coverageNumbers(facts, indicator, province.id, 2021)));
    return { facts, tree, province, indicators, numbers: numbers.map(({ numerator, denominator }) => ({ numerator, denominator })) };
  }

  it('computes kept tallies there, and they are the rows the request thread computes', async () => {
    await db.unitTally.deleteMany();
    const { tasks, failed } = threadFigures;
    const { facts, tree, province, indicators, numbers } = await provinceNumbers();
    expect(threadFigures.tasks).toBeGreaterThan(tasks);
    expect(threadFigures.failed).toBe(failed);
    const stored = await db.unitTally.findMany({ orderBy: [{ indicatorId: 'asc' }, { fieldId: 'asc' }, { day: 'asc' }, { unitId: 'asc' }] });
    expect(stored.length).toBeGreaterThan(tree.subtree(province.id, referenceDay(2021, province)).length);

    // The same keys computed here, on this thread, from nothing.
    await db.unitTally.deleteMany();
    const day = referenceDay(2021, province);
    const keys = indicators.map((indicator) => ({ indicator, fieldId: 0, unitId: province.id, day, year: 2021 }));
    const here = await computeKeys(facts, keys, await facts.version());
    expect(here.map(({ numerator, denominator }) => ({ numerator, denominator }))).toEqual(numbers);
    expect(await db.unitTally.findMany({ orderBy: [{ indicatorId: 'asc' }, { fieldId: 'asc' }, { day: 'asc' }, { unitId: 'asc' }] })).toEqual(stored);
  });

  it('stores a batch on the storing thread: its rows, but those of a unit a write reached since, and its statements reach the client', async () => {
    await provinceNumbers();
    const rows = await db.unitTally.findMany({ orderBy: [{ indicatorId: 'asc' }, { fieldId: 'asc' }, { day: 'asc' }, { unitId: 'asc' }] });
    const tree = await createFacts(db).tree();
    const { version } = await dataVersions(db);
    await db.unitTally.deleteMany();
    // A write after the rows' version deleted one unit's rows (../../src/analytics/tallies/forget.ts).
    const reached = rows[0]!.unitId;
    await db.$transaction(async (tx) => {
      const raised = await raiseDataVersion(tx);
      await tx.tallyForgetting.create({ data: { version: raised.version, unitId: reached } });
    });
    const statements: string[] = [];
    db.$on('query', (event) => statements.push(event.query));
    const { tasks, failed } = storingFigures;
    const stored = rows.map(({ indicatorId, fieldId, day, code, ...row }) => ({
      key: {
        indicator: { id: indicatorId, parsed: { measure: 'SATISFIED_RESPONDENTS' as const } },
        fieldId,
        day: new Date(Date.UTC(Math.floor(day / 10_000), (Math.floor(day / 100) % 100) - 1, day % 100)),
        year: Math.floor(day / 10_000),
      },
      row,
    }));
    expect(await storeElsewhere(db, pack(tree, stored), version, 0)).toBe(rows.filter((row) => row.unitId !== reached).length);
    expect(storingFigures.tasks).toBe(tasks + 1);
    expect(storingFigures.failed).toBe(failed);
    expect(await db.unitTally.findMany({ orderBy: [{ indicatorId: 'asc' }, { fieldId: 'asc' }, { day: 'asc' }, { unitId: 'asc' }] })).toEqual(
      rows.filter((row) => row.unitId !== reached),
    );
    expect(statements.some((statement) => statement.includes('INSERT INTO "UnitTally"'))).toBe(true);
  });

  it('counts a coverage restricted to a kind of unit there, as the kept rows give it', async () => {
    const { tasks } = threadFigures;
    const source = `{ dashboard(unit: "06", year: 2021) { coverages { numerator denominator kinds: breakdown(by: UNIT_KIND) { numerator denominator } } } }`;
    const { dashboard } = (await query(db, source)) as {
      dashboard: { coverages: { numerator: number; denominator: number; kinds: { numerator: number; denominator: number }[] }[] };
    };
    expect(threadFigures.tasks).toBeGreaterThan(tasks);
    // The kinds of units add up to the whole.
    for (const coverage of dashboard.coverages) {
      expect(coverage.kinds.reduce((sum, kind) => sum + kind.denominator, 0)).toBe(coverage.denominator);
      expect(coverage.kinds.reduce((sum, kind) => sum + kind.numerator, 0)).toBe(coverage.numerator);
    }
  });

  it('leaves a request that a tree change overtook to count on its own tree', async () => {
    await db.unitTally.deleteMany();
    const before = (await provinceNumbers()).numbers;
    await db.unitTally.deleteMany();
    const reader = createFacts(db);
    await reader.tree();
    await query(
      db,
      `mutation { createUnit(input: { code: "02999", name: "Xã Thử Nghiệm", kind: COMMUNE, level: COMMUNE, parent: "066", validFrom: "2020-01-01" }) { code } }`,
    );
    // A request after the change has the thread read the new tree; its rows are then let go.
    const after = (await provinceNumbers()).numbers;
    expect(after).not.toEqual(before);
    await db.unitTally.deleteMany();
    const { overtaken } = threadFigures;
    const province = (await reader.tree()).byCode('06')!;
    const indicators = (await reader.indicators()).map((row) => ({ id: row.id, parsed: definitionOf(row) }));
    const numbers = await Promise.all(indicators.map((indicator) => coverageNumbers(reader, indicator, province.id, 2021)));
    expect(threadFigures.overtaken).toBeGreaterThan(overtaken);
    expect(numbers.map(({ numerator, denominator }) => ({ numerator, denominator }))).toEqual(before);
    expect((await provinceNumbers()).numbers).toEqual(after);
  });

  it('computes on the tree of the request when the thread holds it, even after a tree change', async () => {
    await db.unitTally.deleteMany();
    const earlier = createFacts(db);
    const { indicators: asked } = await provinceNumbers();
    const before = await Promise.all(asked.map(async (indicator) => coverageNumbers(earlier, indicator, (await earlier.tree()).byCode('06')!.id, 2022)));
    await db.unitTally.deleteMany();
    // A request that read the tree the thread holds; the tree changes before it counts.
    const reader = createFacts(db);
    await reader.tree();
    await query(
      db,
      `mutation { createUnit(input: { code: "02998", name: "Xã Thử Nghiệm Hai", kind: COMMUNE, level: COMMUNE, parent: "066", validFrom: "2020-01-01" }) { code } }`,
    );
    const { overtaken, tasks } = threadFigures;
    const province = (await reader.tree()).byCode('06')!;
    const indicators = (await reader.indicators()).map((row) => ({ id: row.id, parsed: definitionOf(row) }));
    const numbers = await Promise.all(indicators.map((indicator) => coverageNumbers(reader, indicator, province.id, 2022)));
    expect(threadFigures.tasks).toBeGreaterThan(tasks);
    expect(threadFigures.overtaken).toBe(overtaken);
    expect(numbers.map(({ numerator, denominator }) => ({ numerator, denominator }))).toEqual(
      before.map(({ numerator, denominator }) => ({ numerator, denominator })),
    );
  });

  it('lets a reader see the last committed state while a transaction is open, and nothing of one rolled back', async () => {
    const before = await dataVersions(db);
    let during: unknown;
    await expect(
      db.$transaction(async (tx) => {
        await raiseDataVersion(tx);
        expect((await dataVersions(tx)).version).toBe(before.version + 1);
        during = await dataVersions(db);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(during).toEqual(before);
    expect(await dataVersions(db)).toEqual(before);
  });

  // PostgreSQL is the path to several servers; on SQLite one process writes at a time anyway.
  if (provider === 'postgresql')
    it('lets several servers compute a slice once: one computes and stores, the others wait and read its rows', async () => {
      await db.unitTally.deleteMany();
      const servers = [createDatabase(database.url), createDatabase(database.url), createDatabase(database.url)];
      const inserts = servers.map(() => 0);
      servers.forEach((server, index) => {
        server.$on('query', (event) => {
          if (event.query.includes('INSERT INTO "UnitTally"')) inserts[index]!++;
        });
      });
      try {
        const answers = await Promise.all(
          servers.map(async (server) => {
            const facts = createFacts(server);
            const tree = await facts.tree();
            const province = tree.byCode('06')!;
            const day = referenceDay(2021, province);
            const indicators = (await facts.indicators()).map((row) => ({ id: row.id, parsed: definitionOf(row) }));
            return computeKeys(
              facts,
              indicators.map((indicator) => ({ indicator, fieldId: 0, unitId: province.id, day, year: 2021 })),
              await facts.version(),
            );
          }),
        );
        expect(answers[1]).toEqual(answers[0]);
        expect(answers[2]).toEqual(answers[0]);
        expect(inserts.filter((count) => count > 0)).toHaveLength(1);
      } finally {
        await Promise.all(servers.map((server) => server.$disconnect()));
      }
    });

  // SQLite only: PostgreSQL's readers do not take the write lock to store (store.ts: FOR SHARE SKIP LOCKED).
  if (provider === 'sqlite')
    it('answers while another connection holds the write lock past the busy timeout, and stores nothing', { timeout: 60_000 }, async () => {
      await db.unitTally.deleteMany();
      const expected = (await provinceNumbers()).numbers;
      await db.unitTally.deleteMany();
      // Another process's long write (an import): the write lock, held until released.
      const other = createDatabase(database.url);
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked!: () => void;
      const lockTaken = new Promise<void>((resolve) => (locked = resolve));
      const holding = other.$transaction(
        async (tx) => {
          await tx.$executeRaw`UPDATE "DataVersion" SET "version" = "version" WHERE "id" = 1`;
          locked();
          await released;
        },
        { timeout: 60_000 },
      );
      try {
        await lockTaken;
        expect((await provinceNumbers()).numbers).toEqual(expected);
        expect(await db.unitTally.count()).toBe(0);
      } finally {
        release();
        await holding;
        await other.$disconnect();
      }
    });
});
