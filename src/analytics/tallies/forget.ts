// Forgetting kept tallies: a write deletes, in its own transaction, the rows it could change, and notes
// what it deleted for the readers it overtakes (./store.ts).
import { Prisma } from '../../generated/sqlite/client.ts';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { UnitTree } from '../../units/unit-tree.ts';
import { inTurns } from '../../turns.ts';
import { FORGETTING_WINDOW, INSERT_CHUNK } from './store.ts';

/** Units whose rows one statement deletes. */
const FORGET_CHUNK = 250;
/** Rows of a slice one statement deletes: about 20-35 ms of SQLite's time at national scale. */
const FORGET_ROWS = 3_000;

/** Notes what a write deleted, under the version it raised the counter to; drops notes out of the window now and then. */
async function noteForgetting(tx: Prisma.TransactionClient, version: number, deleted: { unitId?: number; indicatorId?: number }[]) {
  await tx.tallyForgetting.createMany({ data: deleted.map((note) => ({ version, ...note })) });
  if (version % 1_000 === 0) await tx.tallyForgetting.deleteMany({ where: { version: { lte: version - FORGETTING_WINDOW } } });
}

/**
 * Deletes, in the writing transaction, the rows a write naming these units (their records, or their place
 * in the tree) could change: theirs and those of every unit they ever counted for, on every day; every row
 * when the tree does not know one of them. After `raiseDataVersion`, which orders it against readers
 * storing rows; `version` is the one it raised to.
 */
export async function forgetTallies(tx: Prisma.TransactionClient, version: number, tree: UnitTree, ownerIds: number[]) {
  const units = tree.answeringFor(ownerIds);
  if (!units) return forgetAllTallies(tx, version);
  // A few hundred units' rows a statement, the event loop turning between two: an import that reaches
  // thousands of communes deletes hundreds of thousands of rows.
  for await (const slice of inTurns(units, FORGET_CHUNK)) await tx.unitTally.deleteMany({ where: { unitId: { in: slice } } });
  for await (const slice of inTurns(units, INSERT_CHUNK))
    await noteForgetting(
      tx,
      version,
      slice.map((unitId) => ({ unitId })),
    );
}

/**
 * Deletes an indicator's rows, after a change to it; or every row, when the writer cannot tell which rows
 * a write reaches (its tree is no longer the database's). As `forgetTallies`.
 */
export async function forgetAllTallies(tx: Prisma.TransactionClient, version: number, indicatorId?: number, rowsAStatement = FORGET_ROWS) {
  const slices = await tx.$queryRaw<{ indicatorId: number; fieldId: number; day: number }[]>`
    SELECT DISTINCT "indicatorId", "fieldId", "day" FROM "UnitTally" ${indicatorId === undefined ? Prisma.empty : Prisma.sql`WHERE "indicatorId" = ${indicatorId}`}`;
  // A slice (an indicator, field and day) a few thousand units at a time, the event loop turning between
  // two statements: a national slice holds 11,000-60,000 rows, and on SQLite 10,000 rows took one statement
  // 30-65 ms of the request thread (/health p99 238-295 ms during a saveIndicator that deleted a slice a
  // statement). The units deleted are the slice's first by its key, so each statement reads no more than it deletes.
  for (const slice of slices) {
    const inSlice = Prisma.sql`"indicatorId" = ${slice.indicatorId} AND "fieldId" = ${slice.fieldId} AND "day" = ${slice.day}`;
    for (;;) {
      await nextTurn();
      const deleted = await tx.$executeRaw`
        DELETE FROM "UnitTally" WHERE ${inSlice}
          AND "unitId" IN (SELECT "unitId" FROM "UnitTally" WHERE ${inSlice} ORDER BY "unitId" LIMIT ${rowsAStatement})`;
      if (deleted < rowsAStatement) break;
    }
  }
  await noteForgetting(tx, version, [indicatorId === undefined ? {} : { indicatorId }]);
}
